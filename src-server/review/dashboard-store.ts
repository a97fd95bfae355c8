import { z } from 'zod';
import { jurisdictionKindSchema, reviewLevelSchema } from '../../src-shared/contract/sync-api.js';
import { all, type Sql } from '../db/sql.js';
import type { UnitScope } from './review-store.js';

/**
 * The SQL of 工作概况: every figure is a GROUP BY over the units in scope, so an answer has a handful
 * of rows per unit whatever the number of people, and no person is loaded. A reviewer's query walks
 * the units in scope, then indexes (migration 0010: waiting people by unit, decisions by person with
 * level, result and time, study accounts by unit with time), reading no table row it does not count:
 * a county's figures never touch another county's people. CROSS JOIN keeps SQLite from reordering
 * the join: left to itself it scanned every person on the server and filtered by unit afterwards
 * (a county reviewer's 工作概况 over 100,000 people: 94 ms that way, 14 ms this way; bench/dashboard).
 * The join's condition is in the WHERE, not in an ON: PostgreSQL takes no ON after CROSS JOIN (and,
 * planning by its statistics, reorders a CROSS JOIN like any other); SQLite treats the two alike.
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
export async function unitsInScope(db: Sql, scope: UnitScope): Promise<DashboardUnitRow[]> {
  return all(
    db,
    unitRow,
    `SELECT u.id AS "unitId", u.name AS "unitName", j.id AS "jurisdictionId", j.name AS "jurisdictionName", j.kind
         FROM units u JOIN jurisdictions j ON j.id = u.jurisdiction_id LEFT JOIN jurisdictions c ON c.id = j.parent_id
         WHERE ${scope.sql}
         ORDER BY COALESCE(c.name, j.name), COALESCE(c.id, j.id), CASE WHEN j.parent_id IS NULL THEN 0 ELSE 1 END, j.name, u.name, u.id`,
    scope.args,
  );
}

const waitingRow = z.object({ unitId: z.number(), level: reviewLevelSchema, waiting: z.number(), oldest: z.string() });
export type WaitingRow = z.infer<typeof waitingRow>;

/** People waiting for a decision, per unit and level, with the submission time of the longest waiting. */
export async function waitingByUnit(db: Sql, scope: UnitScope): Promise<WaitingRow[]> {
  return all(
    db,
    waitingRow,
    `SELECT p.unit_id AS "unitId", p.pending_level AS level, COUNT(*) AS waiting, MIN(v.submitted_at) AS oldest
         FROM units u
         CROSS JOIN persons p
         JOIN person_versions v ON v.person_id = p.id AND v.version = p.version
         WHERE p.unit_id = u.id AND p.pending_jurisdiction_id IS NOT NULL AND ${scope.sql}
         GROUP BY p.unit_id, p.pending_level`,
    scope.args,
  );
}

const periodColumns = z.object({ thisWeek: z.number(), lastWeek: z.number(), total: z.number() });

/** Columns counting a time column `t` into this week, last week and all time; their arguments: periodArgs. */
const PERIOD_SUMS = (t: string) =>
  `COUNT(CASE WHEN ${t} >= ? AND ${t} < ? THEN 1 END) AS "thisWeek", COUNT(CASE WHEN ${t} >= ? AND ${t} < ? THEN 1 END) AS "lastWeek", COUNT(*) AS total`;

const decisionRow = periodColumns.extend({ unitId: z.number(), level: reviewLevelSchema, result: z.enum(['approved', 'rejected']) });
export type DecisionCountRow = z.infer<typeof decisionRow>;

/** Decisions on the people of each unit, per level and result, by period. */
export async function decisionsByUnit(db: Sql, scope: UnitScope, weeks: WeekBounds): Promise<DecisionCountRow[]> {
  return all(
    db,
    decisionRow,
    `SELECT p.unit_id AS "unitId", d.level, d.result, ${PERIOD_SUMS('d.decided_at')}
         FROM units u
         CROSS JOIN persons p
         JOIN decisions d ON d.person_id = p.id
         WHERE p.unit_id = u.id AND ${scope.sql}
         GROUP BY p.unit_id, d.level, d.result`,
    periodArgs(weeks, scope),
  );
}

const unitPeriodRow = periodColumns.extend({ unitId: z.number() });
export type UnitPeriodRow = z.infer<typeof unitPeriodRow>;

/** Versions after the first (a person sent again after a rejection), per unit, by period. */
export async function resubmissionsByUnit(db: Sql, scope: UnitScope, weeks: WeekBounds): Promise<UnitPeriodRow[]> {
  return all(
    db,
    unitPeriodRow,
    `SELECT p.unit_id AS "unitId", ${PERIOD_SUMS('v.submitted_at')}
         FROM units u
         CROSS JOIN persons p
         JOIN person_versions v ON v.person_id = p.id AND v.version > 1
         WHERE p.unit_id = u.id AND ${scope.sql}
         GROUP BY p.unit_id`,
    periodArgs(weeks, scope),
  );
}

/** Study accounts made (final approvals), per unit, by period. */
export async function studyAccountsByUnit(db: Sql, scope: UnitScope, weeks: WeekBounds): Promise<UnitPeriodRow[]> {
  return all(
    db,
    unitPeriodRow,
    `SELECT s.unit_id AS "unitId", ${PERIOD_SUMS('s.created_at')}
         FROM units u
         CROSS JOIN study_accounts s
         WHERE s.unit_id = u.id AND ${scope.sql}
         GROUP BY s.unit_id`,
    periodArgs(weeks, scope),
  );
}

/** The arguments of PERIOD_SUMS, then the scope's. */
function periodArgs(weeks: WeekBounds, scope: UnitScope): Array<string | number> {
  return [weeks.thisWeekStart, weeks.nextWeekStart, weeks.lastWeekStart, weeks.thisWeekStart, ...scope.args];
}
