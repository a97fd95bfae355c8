import { templateColumns } from '../../src-shared/template.js';
import type { BatchKind } from '../../src-shared/domain/person.js';
import type { CodeTables } from '../../src-shared/rules/code-tables.js';

export interface FieldRow {
  key: string;
  label: string;
  value: string;
  /** The names behind a code cell (政治面貌 01 → 中共党员), when the table knows them. */
  meaning?: string;
}

/**
 * A person's fields in the template's order with the template's headers, and the names behind code
 * cells, so a reviewer reads 中共党员 rather than 01. The photo column is shown as the photo itself.
 */
export function fieldRows(kind: BatchKind, fields: Record<string, string>, tables: CodeTables | undefined): FieldRow[] {
  return templateColumns(kind)
    .filter((c) => c.key !== 'photo')
    .map((c) => {
      const value = fields[c.key] ?? '';
      const table = c.table ? tables?.[c.table] : undefined;
      let meaning: string | undefined;
      if (table && table.valueForm === 'code' && value) {
        const names = value.split(',').map((code) => table.entries.find((e) => e.code === code)?.name ?? '');
        if (names.some(Boolean)) meaning = names.map((n, i) => n || value.split(',')[i]).join('、');
      }
      return { key: c.key, label: c.header, value, ...(meaning ? { meaning } : {}) };
    });
}
