import type { CellValue } from '../domain/person.js';

/**
 * A cell's value as the text the clerk would see, for messages and text fields. Numbers are written
 * without exponent where they are exact; dates Excel stored as dates keep their ISO form.
 */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return numberText(value);
  return value.date;
}

export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

const ONLY_SPACE = /^[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]*$/;

export function isEmptyCell(value: CellValue | undefined): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return ONLY_SPACE.test(value);
  return false;
}
