import type { CellValue } from '../../src-shared/domain/person.js';
import { toIso } from '../../src-shared/rules/dates.js';
import { plainCell } from '../../src-node/table-source.js';

/**
 * exceljs cell values -> the plain CellValue the rules read. exceljs hands over shared strings, rich
 * text, formulas with cached results, hyperlinks, errors and Dates (for cells with a date format,
 * already corrected for the 1904 system); each becomes what the clerk sees in the cell (the
 * unwrapping, and the bound on a cell's length, are src-node/table-source.ts's plainCell).
 */
export function toCellValue(value: unknown): CellValue {
  const v = plainCell(value);
  if (v instanceof Date) {
    // exceljs builds dates at UTC midnight from the serial; the UTC fields are the calendar date.
    return { date: toIso(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate()) };
  }
  return v;
}

/** The text of a cell for header and marker matching. */
export function cellValueText(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'object') return value.date;
  return String(value);
}
