import type { CellValue } from '../../src-shared/domain/person.js';
import { toIso } from '../../src-shared/rules/dates.js';

/**
 * exceljs cell values -> the plain CellValue the rules read. exceljs hands over shared strings, rich
 * text, formulas with cached results, hyperlinks, errors and Dates (for cells with a date format,
 * already corrected for the 1904 system); each becomes what the clerk sees in the cell.
 */
export function toCellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    // exceljs builds dates at UTC midnight from the serial; the UTC fields are the calendar date.
    return { date: toIso(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()) };
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      return (v.richText as Array<{ text?: unknown }>).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    }
    if ('formula' in v || 'sharedFormula' in v) return 'result' in v ? toCellValue(v.result) : null;
    if ('error' in v) return String(v.error);
    if ('hyperlink' in v || 'text' in v) return toCellValue(v.text);
  }
  return String(value);
}

/** The text of a cell for header and marker matching. */
export function cellValueText(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'object') return value.date;
  return String(value);
}
