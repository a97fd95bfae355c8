import type { BatchKind, PersonFields } from '../../src-shared/domain/person.js';
import type { Issue } from '../../src-shared/domain/issue.js';
import type { CodeLookups } from '../../src-shared/rules/code-tables.js';
import { checkPerson } from '../../src-shared/rules/person.js';
import type { TemplateRow } from '../excel/template-rows.js';

export interface CheckedRow {
  row: number;
  seq?: string;
  fields: PersonFields;
  issues: Issue[];
}

export interface RowCheckOptions {
  lookups: CodeLookups;
  today: string;
  kind: BatchKind;
  date1904: boolean;
}

/** Runs the shared person rules over rows as they stream out of the reader. */
export async function* checkRows(rows: AsyncIterable<TemplateRow>, opts: () => RowCheckOptions): AsyncGenerator<CheckedRow> {
  for await (const r of rows) {
    const { fields, issues } = checkPerson(r.cells, opts());
    yield { row: r.row, ...(r.seq !== undefined ? { seq: r.seq } : {}), fields, issues };
  }
}
