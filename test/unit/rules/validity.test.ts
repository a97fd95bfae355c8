import { describe, expect, it } from 'vitest';
import { certificateEnd, checkValidity } from '../../../src-shared/rules/validity.js';

const CHINESE = /\p{Script=Han}/u;

describe('certificateEnd = min(start + 5 years, retirement)', () => {
  it('is five years after the start without a nearer retirement', () => {
    expect(certificateEnd('2026-12-01', undefined)).toBe('2031-12-01');
    expect(certificateEnd('2026-12-01', '2040-01-01')).toBe('2031-12-01');
  });

  it('is the retirement date when retirement comes sooner', () => {
    expect(certificateEnd('2026-12-01', '2029-04-10')).toBe('2029-04-10');
  });

  it('handles a start on 29 February', () => {
    expect(certificateEnd('2028-02-29', undefined)).toBe('2033-02-28');
  });
});

describe('checkValidity', () => {
  it('accepts a 5-year span', () => {
    expect(checkValidity({ validFrom: '2026-12-01', certExpiry: '2031-12-01' })).toEqual([]);
    expect(checkValidity({ validFrom: '2026-12-01', certExpiry: '2031-11-30', retirement: '2045-01-01' })).toEqual([]);
  });

  it('accepts an end equal to a retirement that comes before five years', () => {
    expect(checkValidity({ validFrom: '2026-12-01', certExpiry: '2029-04-10', retirement: '2029-04-10' })).toEqual([]);
  });

  it('accepts missing dates (they are optional)', () => {
    expect(checkValidity({})).toEqual([]);
    expect(checkValidity({ validFrom: '2026-12-01' })).toEqual([]);
    expect(checkValidity({ certExpiry: '2031-12-01' })).toEqual([]);
  });

  it('rejects an end before the start', () => {
    const issues = checkValidity({ validFrom: '2026-12-01', certExpiry: '2026-11-30' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field: 'certExpiry', code: 'validity.range', severity: 'error', value: '2026-11-30' });
    expect(issues[0]!.message).toMatch(CHINESE);
    expect(issues[0]!.message).toContain('2026-11-30');
    expect(issues[0]!.message).toContain('2026-12-01');
  });

  it('rejects more than five years and names the latest allowed end', () => {
    const issues = checkValidity({ validFrom: '2026-12-01', certExpiry: '2031-12-02' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field: 'certExpiry', code: 'validity.range', severity: 'error' });
    expect(issues[0]!.message).toContain('5 年');
    expect(issues[0]!.message).toContain('2031-12-01');
    expect(issues[0]!.message).toContain('2031-12-02');
  });

  it('names the retirement date as the latest end when retirement is nearer and the span exceeds five years', () => {
    const issues = checkValidity({ validFrom: '2026-12-01', certExpiry: '2032-01-01', retirement: '2029-04-10' });
    expect(issues.map((i) => i.code)).toEqual(['validity.range']);
    expect(issues[0]!.message).toContain('2029-04-10');
  });

  it('rejects an end after retirement (within five years) and names the retirement date', () => {
    const issues = checkValidity({ validFrom: '2026-12-01', certExpiry: '2031-12-01', retirement: '2029-04-10' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field: 'certExpiry', code: 'validity.range', severity: 'error', value: '2031-12-01' });
    expect(issues[0]!.message).toMatch(CHINESE);
    expect(issues[0]!.message).toContain('2029-04-10');
  });

  it('rejects a start on or after retirement (on validFrom)', () => {
    for (const validFrom of ['2026-07-10', '2026-12-01']) {
      const issues = checkValidity({ validFrom, certExpiry: '2027-01-01', retirement: '2026-07-10' });
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ field: 'validFrom', code: 'validity.range', severity: 'error', value: validFrom });
      expect(issues[0]!.message).toContain('2026-07-10');
    }
  });
});
