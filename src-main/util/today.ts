import { toIso } from '../../src-shared/rules/dates.js';

/**
 * Today's calendar date on this PC (the clerk's local day), YYYY-MM-DD. The default of every
 * injected `today`; tests pin theirs where they build the service, the backend or the CLI's deps.
 */
export function todayIso(now: Date = new Date()): string {
  return toIso(now.getFullYear(), now.getMonth() + 1, now.getDate());
}
