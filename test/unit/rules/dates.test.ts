import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  ageOn,
  daysInMonth,
  excelSerialToIso,
  isValidYmd,
  MIN_PLAUSIBLE_SERIAL,
  parseDateCell,
  ymdDigitsToIso,
} from '../../../src-shared/rules/dates.js';

describe('isValidYmd / daysInMonth', () => {
  it('knows leap years (2000 is one, 1900 and 2100 are not)', () => {
    expect(isValidYmd(2000, 2, 29)).toBe(true);
    expect(isValidYmd(2024, 2, 29)).toBe(true);
    expect(isValidYmd(1900, 2, 29)).toBe(false);
    expect(isValidYmd(2100, 2, 29)).toBe(false);
    expect(isValidYmd(2023, 2, 29)).toBe(false);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2023, 4)).toBe(30);
    expect(daysInMonth(2023, 12)).toBe(31);
  });

  it('rejects impossible months and days', () => {
    expect(isValidYmd(2001, 2, 30)).toBe(false);
    expect(isValidYmd(2001, 4, 31)).toBe(false);
    expect(isValidYmd(2001, 13, 1)).toBe(false);
    expect(isValidYmd(2001, 0, 1)).toBe(false);
    expect(isValidYmd(2001, 1, 0)).toBe(false);
    expect(isValidYmd(2001, 1, 1.5)).toBe(false);
  });

  it('ymdDigitsToIso reads YYYYMMDD or gives undefined', () => {
    expect(ymdDigitsToIso('20010122')).toBe('2001-01-22');
    expect(ymdDigitsToIso('20010230')).toBeUndefined();
    expect(ymdDigitsToIso('2001012')).toBeUndefined();
  });
});

describe('parseDateCell: text shapes clerks type', () => {
  it('takes YYYY-MM-DD as it is', () => {
    expect(parseDateCell('2001-01-22')).toEqual({ ok: true, iso: '2001-01-22', how: 'iso' });
  });

  it.each([
    ['2001/1/22'],
    ['2001/01/22'],
    ['2001.01.22'],
    ['2001.1.22'],
    ['2001-1-22'],
    ['2001年1月22日'],
    ['2001年01月22日'],
    ['2001年1月22号'],
    ['2001/1/22 0:00:00'],
    ['２００１－０１－２２'],
  ])('reads %s as 2001-01-22', (text) => {
    const p = parseDateCell(text);
    expect(p).toMatchObject({ ok: true, iso: '2001-01-22' });
  });

  it('marks reshaped text as reshaped so the caller can report the repair', () => {
    expect(parseDateCell('2001/1/22')).toEqual({ ok: true, iso: '2001-01-22', how: 'reshaped' });
    expect(parseDateCell('2001年1月22日')).toEqual({ ok: true, iso: '2001-01-22', how: 'reshaped' });
  });

  it('reads 20010122 as text and as a number', () => {
    expect(parseDateCell('20010122')).toEqual({ ok: true, iso: '2001-01-22', how: 'digits' });
    expect(parseDateCell(20010122)).toEqual({ ok: true, iso: '2001-01-22', how: 'digits' });
  });

  it('ignores surrounding and non-breaking spaces', () => {
    expect(parseDateCell(' 2001-01-22\u00a0')).toMatchObject({ ok: true, iso: '2001-01-22' });
  });

  it('takes a cell Excel itself stored as a date', () => {
    expect(parseDateCell({ date: '2001-01-22' })).toEqual({ ok: true, iso: '2001-01-22', how: 'iso' });
  });
});

describe('parseDateCell: what is no date', () => {
  it.each([
    ['2001-02-30'],
    ['2001/2/30'],
    ['2001年2月30日'],
    ['20010230'],
    ['2001-13-01'],
    ['abc'],
    ['01-22-2001'],
    [''],
  ])('rejects the text %j', (text) => {
    expect(parseDateCell(text)).toEqual({ ok: false });
  });

  it('rejects booleans and null', () => {
    expect(parseDateCell(true)).toEqual({ ok: false });
    expect(parseDateCell(false)).toEqual({ ok: false });
    expect(parseDateCell(null)).toEqual({ ok: false });
  });

  it('rejects the number 20010230 (digits of no date)', () => {
    expect(parseDateCell(20010230).ok).toBe(false);
  });

  it('rejects negative and zero serials in the 1900 system', () => {
    expect(parseDateCell(-5)).toEqual({ ok: false });
    expect(parseDateCell(0)).toEqual({ ok: false });
  });
});

describe('Excel serial numbers, 1900 system', () => {
  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [36526, '2000-01-01'],
    [36913, '2001-01-22'],
    [45658, '2025-01-01'],
  ])('serial %i is %s', (serial, iso) => {
    expect(excelSerialToIso(serial)).toBe(iso);
    // A date cell reads serials only from MIN_PLAUSIBLE_SERIAL on (see the next test).
    expect(parseDateCell(serial)).toEqual(serial >= MIN_PLAUSIBLE_SERIAL ? { ok: true, iso, how: 'serial' } : { ok: false });
  });

  it('does not read a bare year or a small number in a date cell as a day in 1900–1927', () => {
    expect(MIN_PLAUSIBLE_SERIAL).toBe(10_000);
    expect(parseDateCell(1991)).toEqual({ ok: false });
    expect(parseDateCell('2001')).toEqual({ ok: false });
    expect(parseDateCell(9_999)).toEqual({ ok: false });
    expect(parseDateCell(10_000)).toEqual({ ok: true, iso: '1927-05-18', how: 'serial' });
  });

  it('serial 60 is the nonexistent 1900-02-29 and is no date', () => {
    expect(excelSerialToIso(60)).toBeUndefined();
    expect(parseDateCell(60)).toEqual({ ok: false });
  });

  it('drops the time of day of a fractional serial', () => {
    expect(excelSerialToIso(36526.75)).toBe('2000-01-01');
    expect(parseDateCell(36526.75)).toEqual({ ok: true, iso: '2000-01-01', how: 'serial' });
  });

  it('reads a serial that arrived as text (CSV of a General-formatted date)', () => {
    expect(parseDateCell('36526')).toEqual({ ok: true, iso: '2000-01-01', how: 'serial' });
  });
});

describe('Excel serial numbers, 1904 system', () => {
  it('serial 0 is 1904-01-01', () => {
    expect(excelSerialToIso(0, true)).toBe('1904-01-01');
    expect(parseDateCell(0, true)).toEqual({ ok: false });
  });

  it('serial 1 is 1904-01-02', () => {
    expect(excelSerialToIso(1, true)).toBe('1904-01-02');
  });

  it('serial 35064 is 2000-01-01 (1462 days less than in the 1900 system)', () => {
    expect(excelSerialToIso(35064, true)).toBe('2000-01-01');
    expect(parseDateCell(35064, true)).toEqual({ ok: true, iso: '2000-01-01', how: 'serial' });
    expect(excelSerialToIso(36526 - 1462, true)).toBe(excelSerialToIso(36526));
  });

  it('has no phantom 29 February 1900: serial 60 is an ordinary day', () => {
    expect(excelSerialToIso(60, true)).toBe('1904-03-01');
  });
});

describe('date arithmetic', () => {
  it('addYears from 29 February lands on 28 February in a common year', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 5)).toBe('2029-02-28');
  });

  it('addYears from 29 February keeps the 29th in a leap year', () => {
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('addYears on an ordinary day', () => {
    expect(addYears('2026-11-23', 5)).toBe('2031-11-23');
    expect(addYears('2026-11-23', -18)).toBe('2008-11-23');
  });

  it('addMonths clamps to the last day of the target month and crosses years', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
    expect(addMonths('2025-01-15', -1)).toBe('2024-12-15');
  });

  it('addDays crosses month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('ageOn counts whole years, the birthday itself included', () => {
    expect(ageOn('2008-11-23', '2026-11-23')).toBe(18);
    expect(ageOn('2008-11-24', '2026-11-23')).toBe(17);
    expect(ageOn('1961-11-23', '2026-11-23')).toBe(65);
    expect(ageOn('1961-11-22', '2026-11-23')).toBe(65);
    expect(ageOn('1960-11-23', '2026-11-23')).toBe(66);
  });
});
