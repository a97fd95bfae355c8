import { toIso } from '../../src-shared/rules/dates.js';

/** Today's calendar date on this PC (the clerk's local day), YYYY-MM-DD. ZFBM_TODAY pins it for tests. */
export function todayIso(now: Date = new Date()): string {
  const pinned = process.env.ZFBM_TODAY;
  if (pinned && /^\d{4}-\d{2}-\d{2}$/.test(pinned)) return pinned;
  return toIso(now.getFullYear(), now.getMonth() + 1, now.getDate());
}
