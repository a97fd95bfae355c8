import type { FaultPoints } from '../sync/fault-points.js';
import { todayIso } from '../util/today.js';

/**
 * What the CLI's commands are given rather than find for themselves: the real ones when the CLI is
 * run (scripts/cli.mjs, the packaged app's tools); a test harness passes its own to `main`.
 */
export interface CliDeps {
  /** Today's local date, YYYY-MM-DD: the day the rules check ages and validity against. */
  today: () => string;
  /** Where a crash test stops a push; nothing in the shipped CLI. */
  faults?: FaultPoints;
  /** Check every row on the main thread, never in the rules worker (same results, slower). */
  inlineRules?: boolean;
}

export function cliDeps(given: Partial<CliDeps> = {}): CliDeps {
  return { today: () => todayIso(), ...given };
}
