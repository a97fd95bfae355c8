import type { Gender } from '../domain/person.js';
import { daysInMonth, splitIso, toIso } from './dates.js';

/**
 * Statutory retirement under the 2024 decision of the NPC Standing Committee (in force 2025-01-01):
 * the age rises by one month every `step` months of birth, up to `cap` months.
 *
 * The day within the month: the person reaches the (delayed) statutory age on their birthday in the
 * retirement month (the last day of that month if it has no such day). That day is the retirement
 * date used to cap a certificate's validity. (Pensions start the month after; a certificate must not
 * outlast the working life, so the earlier, exact day is the safe one.)
 */

/** Enforcement staff are cadres, so women default to the original age of 55. */
export type RetirementCategory = 'male60' | 'female55' | 'female50';

interface Schedule {
  originalAge: number;
  startYear: number;
  step: number;
  cap: number;
}

const SCHEDULES: Record<RetirementCategory, Schedule> = {
  male60: { originalAge: 60, startYear: 1965, step: 4, cap: 36 },
  female55: { originalAge: 55, startYear: 1970, step: 4, cap: 36 },
  female50: { originalAge: 50, startYear: 1975, step: 2, cap: 60 },
};

export function retirementCategory(gender: Gender, femaleWorker = false): RetirementCategory {
  if (gender === '男') return 'male60';
  return femaleWorker ? 'female50' : 'female55';
}

/** Months of delay for someone born in the given year and month (1-12). */
export function retirementDelayMonths(category: RetirementCategory, birthYear: number, birthMonth: number): number {
  const s = SCHEDULES[category];
  const k = (birthYear - s.startYear) * 12 + (birthMonth - 1);
  if (k < 0) return 0;
  return Math.min(s.cap, Math.floor(k / s.step) + 1);
}

/** The retirement month as 'YYYY-MM'. */
export function retirementMonth(category: RetirementCategory, birthIso: string): string {
  const { y, m } = splitIso(birthIso);
  const s = SCHEDULES[category];
  const index = y * 12 + (m - 1) + s.originalAge * 12 + retirementDelayMonths(category, y, m);
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The retirement date (see the note at the top for the day). */
export function retirementDate(category: RetirementCategory, birthIso: string): string {
  const month = retirementMonth(category, birthIso);
  const ry = Number(month.slice(0, 4));
  const rm = Number(month.slice(5, 7));
  const { d } = splitIso(birthIso);
  return toIso(ry, rm, Math.min(d, daysInMonth(ry, rm)));
}
