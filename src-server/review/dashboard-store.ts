import { z } from 'zod';
import { jurisdictionKindSchema, reviewLevelSchema } from '../../src-shared/contract/sync-api.js';
import { checkedRows } from '../../src-node/sqlite-store.js';
import type { Db } from '../db/open-db.js';
import type { UnitScope } from './review-store.js';

/**
 * The SQL of 工作概况: every figure is a GROUP BY over the units in scope, so an answer has a handful
 * of rows per unit whatever the number of people, and no person is loaded. A reviewer's query walks
 * the units in scope, then indexes (migration 0010: waiting people by unit, decisions by person with
 * level, result and time, study accounts by unit with time), reading no table row it does not count:
 * a county's figures never touch another county's people. CROSS JOIN keeps SQLite from reordering
 * the join: left to itself it scanned every person on the server and filtered by unit afterwards
 * (a county reviewer's 工作概况 over 100,000 people: 94 ms that way, 14 ms this way; bench/dashboard).
 */

/** Week boundaries as ISO UTC text (they compare as text with the stored times). */
export interface WeekBounds {
  lastWeekStart: string;
  thisWeekStart: string;
  nextWeekStart: string;
}

const unitRow = z.object({ unitId: z.number(), unitName: z.string(), jurisdictionId: z.number(), jurisdictionName: z.string(), kind: jurisdictionKindSchema });
export type DashboardUnitRow = z.infer<typeof unitRow>;

/**
 * The units in scope with the bureau each is directly under, grouped by city: a city's own units first,
 * then each of its counties', each bureau's units by name.
 */
export function unitsInScope(db: Db, scope: UnitScope): DashboardUnitRow[] {
  return checkedRows(
    unitRow,
    db
      .prepare(
        `SELECT u.id AS unitId, u.name AS unitName, j.id AS jurisdictionId, j.name AS jurisdictionName, j.kind
         FROM units u JOIN jurisdictions j ON j.id = u.jurisdiction_id LEFT JOIN jurisdictions c ON c.id = j.parent_id
         WHERE ${scope.sql}
         ORDER BY ifnull(c.name, j.name), ifnull(c.id, j.id), j.parent_id IS NOT NULL, j.name, u.name, u.id`,
      )
      .all(...scope.args),
  );
}

const waitingRow = z.object({ unitId: z.number(), level: reviewLevelSchema, waiting: z.number(), oldest: z.string() });
export type WaitingRow = z.infer<typeof waitingRow>;

/** People waiting for a decision, per unit and level, with the submission time of the longest waiting. */
export function waitingByUnit(db: Db, scope: UnitScope): WaitingRow[] {
  return checkedRows(
    waitingRow,
    db
      .prepare(
        `SELECT p.unit_id AS unitId, p.pending_level AS level, COUNT(*) AS waiting, MIN(v.submitted_at) AS oldest
         FROM units u
         CROSS JOIN persons p ON p.unit_id = u.id AND p.pending_jurisdiction_id IS NOT NULL
         JOIN person_versions v ON v.person_id = p.id AND v.version = p.version
         WHERE ${scope.sql}
         GROUP BY p.unit_id, p.pending_level`,
      )
      .all(...scope.args),
  );
}

const periodColumns = z.object({ thisWeek: z.number(), lastWeek: z.number(), total: z.number() });

/** Columns counting a time column `t` into this week, last week and all time; their arguments: periodArgs. */
const PERIOD_SUMS = (t: string) =>
  `COUNT(CASE WHEN ${t} >= ? AND ${t} < ? THEN 1 END) AS thisWeek, COUNT(CASE WHEN ${t} >= ? AND ${t} < ? THEN 1 END) AS lastWeek, COUNT(*) AS total`;

const decisionRow = periodColumns.extend({ unitId: z.number(), level: reviewLevelSchema, result: z.enum(['approved', 'rejected']) });
export type DecisionCountRow = z.infer<typeof decisionRow>;

/** Decisions on the people of each unit, per level and result, by period. */
export function decisionsByUnit(db: Db, scope: UnitScope, weeks: WeekBounds): DecisionCountRow[] {
  return checkedRows(
    decisionRow,
    db
      .prepare(
        `SELECT p.unit_id AS unitId, d.level, d.result, ${PERIOD_SUMS('d.decided_at')}
         FROM units u
         CROSS JOIN persons p ON p.unit_id = u.id
         JOIN decisions d ON d.person_id = p.id
         WHERE ${scope.sql}
         GROUP BY p.unit_id, d.level, d.result`,
      )
      .all(...periodArgs(weeks, scope)),
  );
}

const unitPeriodRow = periodColumns.extend({ unitId: z.number() });
export type UnitPeriodRow = z.infer<typeof unitPeriodRow>;

/** Versions after the first (a person sent again after a rejection), per unit, by period. */
export function resubmissionsByUnit(db: Db, scope: UnitScope, weeks: WeekBounds): UnitPeriodRow[] {
  return checkedRows(
    unitPeriodRow,
    db
      .prepare(
        `SELECT p.unit_id AS unitId, ${PERIOD_SUMS('v.submitted_at')}
         FROM units u
         CROSS JOIN persons p ON p.unit_id = u.id
         JOIN person_versions v ON v.person_id = p.id AND v.version > 1
         WHERE ${scope.sql}
         GROUP BY p.unit_id`,
      )
      .all(...periodArgs(weeks, scope)),
  );
}

/** Study accounts made (final approvals), per unit, by period. */
export function studyAccountsByUnit(db: Db, scope: UnitScope, weeks: WeekBounds): UnitPeriodRow[] {
  return checkedRows(
    unitPeriodRow,
    db
      .prepare(
        `SELECT s.unit_id AS unitId, ${PERIOD_SUMS('s.created_at')}
         FROM units u
         CROSS JOIN study_accounts s ON s.unit_id = u.id
         WHERE ${scope.sql}
         GROUP BY s.unit_id`,
      )
      .all(...periodArgs(weeks, scope)),
  );
}

/** The arguments of PERIOD_SUMS, then the scope's. */
function periodArgs(weeks: WeekBounds, scope: UnitScope): Array<string | number> {
  return [weeks.thisWeekStart, weeks.nextWeekStart, weeks.lastWeekStart, weeks.thisWeekStart, ...scope.args];
}
