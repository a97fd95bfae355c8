import type { CellValue } from '../domain/person.js';
import { compactText } from './text.js';
import { numberText } from './cell.js';

/**
 * Calendar dates as ISO strings (YYYY-MM-DD): no time, no time zone, compare with < and >.
 * Excel hands dates over in many shapes; every shape we read is listed in DOMAIN.md.
 */

export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1]!;
}

export function toIso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function splitIso(iso: string): { y: number; m: number; d: number } {
  return { y: Number(iso.slice(0, 4)), m: Number(iso.slice(5, 7)), d: Number(iso.slice(8, 10)) };
}

/** YYYYMMDD -> ISO, or undefined when it is no real date. */
export function ymdDigitsToIso(digits: string): string | undefined {
  if (!/^\d{8}$/.test(digits)) return undefined;
  const y = Number(digits.slice(0, 4));
  const m = Number(digits.slice(4, 6));
  const d = Number(digits.slice(6, 8));
  return isValidYmd(y, m, d) ? toIso(y, m, d) : undefined;
}

/** Adds whole months; a day that does not exist in the target month becomes its last day. */
export function addMonths(iso: string, months: number): string {
  const { y, m, d } = splitIso(iso);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return toIso(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addYears(iso: string, years: number): string {
  return addMonths(iso, years * 12);
}

export function addDays(iso: string, days: number): string {
  const { y, m, d } = splitIso(iso);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return toIso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole years between a birth date and a day (the age on that day). */
export function ageOn(birthIso: string, dayIso: string): number {
  const age = Number(dayIso.slice(0, 4)) - Number(birthIso.slice(0, 4));
  // "MM-DD" strings compare like the dates they are.
  return dayIso.slice(5) < birthIso.slice(5) ? age - 1 : age;
}

/**
 * An Excel serial day number to a date. The 1900 system counts 1900-01-01 as 1 and keeps Lotus's
 * phantom 1900-02-29 (serial 60); the 1904 system (old Mac workbooks) counts 1904-01-01 as 0.
 */
export function excelSerialToIso(serial: number, date1904 = false): string | undefined {
  if (!Number.isFinite(serial) || serial < (date1904 ? 0 : 1)) return undefined;
  const whole = Math.floor(serial);
  let ms: number;
  if (date1904) ms = Date.UTC(1904, 0, 1) + whole * 86_400_000;
  else if (whole === 60) return undefined; // 1900-02-29 never existed
  else if (whole < 60) ms = Date.UTC(1899, 11, 31) + whole * 86_400_000;
  else ms = Date.UTC(1899, 11, 30) + whole * 86_400_000;
  const t = new Date(ms);
  const y = t.getUTCFullYear();
  if (y > 9999) return undefined;
  return toIso(y, t.getUTCMonth() + 1, t.getUTCDate());
}

/**
 * Serial numbers below this (1927-05-18 in the 1900 system) are not read as dates: no birth or
 * certificate date of a serving officer is that early, and a bare 1991 or 2001 in a date cell is a
 * year the clerk typed, not a day in 1905.
 */
export const MIN_PLAUSIBLE_SERIAL = 10_000;

export type DateParse =
  | { ok: true; iso: string; how: 'iso' | 'reshaped' | 'serial' | 'digits' }
  | { ok: false };

const TEXT_SHAPES: readonly RegExp[] = [
  // 2001-01-22, 2001/1/22, 2001.01.22, 2001_1_22, with an optional time after it
  /^(\d{4})[-/._](\d{1,2})[-/._](\d{1,2})(?:[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/,
  // 2001年1月22日 / 2001年01月22号
  /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/,
];

/**
 * Reads a date cell in any shape a clerk or Excel produces. `how` tells whether the value had to be
 * reshaped, so the caller can report the repair.
 */
export function parseDateCell(value: CellValue, date1904 = false): DateParse {
  if (value === null || typeof value === 'boolean') return { ok: false };
  if (typeof value === 'object') return { ok: true, iso: value.date, how: 'iso' };
  if (typeof value === 'number') {
    const digits = Number.isInteger(value) ? ymdDigitsToIso(numberText(value)) : undefined;
    if (digits) return { ok: true, iso: digits, how: 'digits' };
    const serial = value >= MIN_PLAUSIBLE_SERIAL ? excelSerialToIso(value, date1904) : undefined;
    return serial ? { ok: true, iso: serial, how: 'serial' } : { ok: false };
  }
  const text = compactText(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const { y, m, d } = splitIso(text);
    return isValidYmd(y, m, d) ? { ok: true, iso: text, how: 'iso' } : { ok: false };
  }
  if (/^\d{8}$/.test(text)) {
    const iso = ymdDigitsToIso(text);
    return iso ? { ok: true, iso, how: 'digits' } : { ok: false };
  }
  // A serial number that arrived as text (CSV exports of date cells formatted as General).
  if (/^\d{5}(\.\d+)?$/.test(text) && Number(text) >= MIN_PLAUSIBLE_SERIAL) {
    const iso = excelSerialToIso(Number(text), date1904);
    return iso ? { ok: true, iso, how: 'serial' } : { ok: false };
  }
  for (const shape of TEXT_SHAPES) {
    const m = shape.exec(text);
    if (!m) continue;
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    return isValidYmd(y, mo, d) ? { ok: true, iso: toIso(y, mo, d), how: 'reshaped' } : { ok: false };
  }
  return { ok: false };
}
