import { describe, expect, it } from 'vitest';
import {
  retirementCategory,
  retirementDate,
  retirementDelayMonths,
  retirementMonth,
} from '../../../src-shared/rules/retirement.js';

describe('retirementCategory', () => {
  it('men are male60; women default to the cadre age 55, workers 50', () => {
    expect(retirementCategory('男')).toBe('male60');
    expect(retirementCategory('女')).toBe('female55');
    expect(retirementCategory('女', true)).toBe('female50');
    expect(retirementCategory('男', true)).toBe('male60');
  });
});

describe('retirementMonth: DOMAIN.md vectors', () => {
  it.each([
    ['male60', '1965-01-15', '2025-02'],
    ['male60', '1965-12-15', '2026-03'],
    ['male60', '1963-12-15', '2023-12'],
    ['female55', '1971-04-15', '2026-08'],
    ['female50', '1975-03-15', '2025-05'],
  ] as const)('%s born %s retires in %s', (category, birth, month) => {
    expect(retirementMonth(category, birth)).toBe(month);
  });
});

describe('retirementDelayMonths', () => {
  it('is 0 before the first affected birth month', () => {
    expect(retirementDelayMonths('male60', 1964, 12)).toBe(0);
    expect(retirementDelayMonths('female55', 1969, 12)).toBe(0);
    expect(retirementDelayMonths('female50', 1974, 12)).toBe(0);
  });

  it('starts at 1 month and rises by one every step months', () => {
    expect(retirementDelayMonths('male60', 1965, 1)).toBe(1);
    expect(retirementDelayMonths('male60', 1965, 4)).toBe(1);
    expect(retirementDelayMonths('male60', 1965, 5)).toBe(2);
    expect(retirementDelayMonths('female50', 1975, 2)).toBe(1);
    expect(retirementDelayMonths('female50', 1975, 3)).toBe(2);
  });

  it('stops at the cap', () => {
    expect(retirementDelayMonths('male60', 1980, 1)).toBe(36);
    expect(retirementDelayMonths('female55', 1990, 6)).toBe(36);
    expect(retirementDelayMonths('female50', 1990, 1)).toBe(60);
    expect(retirementDelayMonths('female50', 2000, 1)).toBe(60);
  });

  it('reaches the cap exactly where the schedule says (men: born 1976-09 gets 36, 1976-08 gets 35)', () => {
    // k = 140 -> floor(140/4)+1 = 36; k = 139 -> 35.
    expect(retirementDelayMonths('male60', 1976, 9)).toBe(36);
    expect(retirementDelayMonths('male60', 1976, 8)).toBe(35);
  });
});

describe('the cap', () => {
  it('a man born in 1980 retires at 63', () => {
    expect(retirementMonth('male60', '1980-05-10')).toBe('2043-05');
    expect(retirementDate('male60', '1980-05-10')).toBe('2043-05-10');
  });

  it('a woman (cadre, 55) born in 1990 retires at 58', () => {
    expect(retirementMonth('female55', '1990-07-01')).toBe('2048-07');
  });

  it('a woman (worker, 50) born in 1990 retires at 55', () => {
    expect(retirementMonth('female50', '1990-07-01')).toBe('2045-07');
    expect(retirementDate('female50', '1990-07-01')).toBe('2045-07-01');
  });
});

describe('retirementDate: the day within the month', () => {
  it('is the birthday in the retirement month', () => {
    expect(retirementDate('male60', '1965-01-15')).toBe('2025-02-15');
    expect(retirementDate('male60', '1963-12-20')).toBe('2023-12-20');
    expect(retirementDate('female55', '1971-04-03')).toBe('2026-08-03');
  });

  it('is the last day of the month when that month has no such day', () => {
    // Born 1965-01-31, retires in 2025-02, which has 28 days.
    expect(retirementDate('male60', '1965-01-31')).toBe('2025-02-28');
  });

  it('is always inside the retirement month', () => {
    for (const birth of ['1965-01-01', '1968-07-31', '1972-02-29', '1985-12-31']) {
      for (const cat of ['male60', 'female55', 'female50'] as const) {
        expect(retirementDate(cat, birth).slice(0, 7)).toBe(retirementMonth(cat, birth));
      }
    }
  });
});
