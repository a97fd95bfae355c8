import { buildLookups } from '../../src-shared/rules/code-tables.js';
import { checkPerson, type RuleContext } from '../../src-shared/rules/person.js';
import type { RowIn, RowOut, RulesInit } from './rules-protocol.js';

/** Checks rows with the shared rules; the same code runs in the worker and, as a fallback, inline. */
export function makeBatchChecker(init: RulesInit): (rows: readonly RowIn[]) => RowOut[] {
  const ctx: RuleContext = { lookups: buildLookups(init.tables), today: init.today, kind: init.kind, date1904: init.date1904 };
  return (rows) =>
    rows.map((r) => {
      const { fields, issues } = checkPerson(r.cells, ctx);
      return {
        row: r.row,
        ...(r.seq !== undefined ? { seq: r.seq } : {}),
        idNumber: fields.idNumber,
        name: fields.name,
        issues,
        ...(init.withFields ? { fields } : {}),
      };
    });
}
