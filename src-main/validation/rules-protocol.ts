import type { BatchKind, PersonFields, RawRow } from '../../src-shared/domain/person.js';
import type { Issue } from '../../src-shared/domain/issue.js';
import type { CodeTables } from '../../src-shared/rules/code-tables.js';

/** Messages between the reading thread and the rules worker (see rules-pipeline.ts). */

export interface RulesInit {
  tables: CodeTables;
  today: string;
  kind: BatchKind;
  date1904: boolean;
  /** Send each person's normalised fields back (the importer needs them; `validate` does not). */
  withFields: boolean;
}

export interface RowIn {
  row: number;
  seq?: string;
  cells: RawRow;
}

export interface RowOut {
  row: number;
  seq?: string;
  idNumber: string;
  name: string;
  issues: Issue[];
  fields?: PersonFields;
}

export type ToWorker = { type: 'batch'; id: number; rows: RowIn[] };
export type FromWorker = { type: 'batch'; id: number; rows: RowOut[] } | { type: 'error'; message: string };
