import type { DashboardCounts, DashboardOldest, DashboardPeriods, DashboardResponse, DashboardStage, DashboardStageRow, JurisdictionKind, ReviewLevel } from '../../src-shared/contract/sync-api.js';
import { chinaToday } from '../../src-shared/china-time.js';
import type { Sql } from '../db/sql.js';
import { unitScope } from './review-batches.js';
import type { Reviewer } from './review-service.js';
import { decisionsByUnit, resubmissionsByUnit, studyAccountsByUnit, unitsInScope, waitingByUnit, type UnitPeriodRow, type WeekBounds } from './dashboard-store.js';

/**
 * 工作概况: what waits in the caller's scope and for how long, and what was decided this week and the
 * week before. Four GROUP BY queries (dashboard-store.ts) give a few rows per unit; they are merged
 * here. Timed, with each query's plan, on 100,000 people by `npm run bench:dashboard` (bench/dashboard).
 */

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The China calendar day (days since 1970-01-01 in UTC+8) of a time. */
function chinaDay(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** Monday 00:00 China time of this week and the week before, and of next week, as ISO UTC text. */
export function weekBounds(now: Date): WeekBounds & { thisMonday: string; lastMonday: string } {
  const today = chinaDay(now.getTime());
  // 1970-01-01 was a Thursday: day 0 is Thursday, so Monday is the day with (day + 3) % 7 === 0.
  const monday = today - ((today + 3) % 7);
  const at = (day: number) => new Date(day * DAY_MS - CHINA_OFFSET_MS).toISOString();
  const date = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
  return { lastWeekStart: at(monday - 7), thisWeekStart: at(monday), nextWeekStart: at(monday + 7), thisMonday: date(monday), lastMonday: date(monday - 7) };
}

function sunday(monday: string): string {
  return new Date(Date.parse(monday) + 6 * DAY_MS).toISOString().slice(0, 10);
}

function oldestOf(submittedAt: string | undefined, now: Date): DashboardOldest {
  if (submittedAt === undefined) return null;
  const t = Date.parse(submittedAt);
  return { submittedDate: chinaToday(new Date(t)), days: Math.max(0, chinaDay(now.getTime()) - chinaDay(t)) };
}

const zeroCounts = (): DashboardCounts => ({ approved: 0, rejected: 0, resubmitted: 0, studyAccounts: 0 });
const zeroPeriods = (): DashboardPeriods => ({ thisWeek: zeroCounts(), lastWeek: zeroCounts(), total: zeroCounts() });
const PERIODS = ['thisWeek', 'lastWeek', 'total'] as const;

function addPeriods(into: DashboardPeriods, key: keyof DashboardCounts, row: Pick<UnitPeriodRow, (typeof PERIODS)[number]>): void {
  for (const p of PERIODS) into[p][key] += row[p];
}

function earlier(a: string | undefined, b: string): string {
  return a === undefined || b < a ? b : a;
}

export async function dashboard(db: Sql, r: Reviewer, now: Date, reviewStages: 1 | 2): Promise<DashboardResponse> {
  const scope = unitScope(r);
  const weeks = weekBounds(now);
  // A unit under the province (a department's, or the province's own) goes department → province
  // whatever the setting (review-stages.ts); units under cities follow the setting.
  const underProvince = (u: { kind: JurisdictionKind }) => u.kind === 'department' || u.kind === 'province';
  // Five reads, each a GROUP BY over the scope: at once, on PostgreSQL each on its own connection.
  const [unitRows, waitingRows, decisionRows, resubmissionRows, studyAccountRows] = await Promise.all([
    unitsInScope(db, scope),
    waitingByUnit(db, scope),
    decisionsByUnit(db, scope, weeks),
    resubmissionsByUnit(db, scope, weeks),
    studyAccountsByUnit(db, scope, weeks),
  ]);
  const cityKeys: DashboardStage[] = reviewStages === 1 ? ['own'] : ['county', 'city'];
  const provinceKeys: DashboardStage[] = ['department', 'province'];
  const anyProvince = unitRows.some(underProvince);
  const stageKeys: DashboardStage[] = [...(!anyProvince || unitRows.some((u) => !underProvince(u)) ? cityKeys : []), ...(anyProvince ? provinceKeys : [])];

  const units = new Map(
    unitRows.map(({ kind, ...u }) => [
      u.unitId,
      { ...u, province: underProvince({ kind }), waiting: 0, byStage: new Map<DashboardStage, number>(), oldestAt: undefined as string | undefined, periods: zeroPeriods() },
    ]),
  );
  const stageOf = (unitId: number, level: ReviewLevel): DashboardStage =>
    units.get(unitId)?.province ? (level === 'county' ? 'department' : 'province') : reviewStages === 1 ? 'own' : level;
  const stages = new Map(stageKeys.map((s) => [s, { waiting: 0, oldestAt: undefined as string | undefined, approvedThisWeek: 0, rejectedThisWeek: 0, approvedLastWeek: 0, rejectedLastWeek: 0 }]));
  const totals = zeroPeriods();
  let waiting = 0;
  let oldestAt: string | undefined;

  for (const w of waitingRows) {
    const u = units.get(w.unitId);
    const stage = stageOf(w.unitId, w.level);
    const s = stages.get(stage);
    if (!u || !s) continue;
    u.waiting += w.waiting;
    u.byStage.set(stage, (u.byStage.get(stage) ?? 0) + w.waiting);
    u.oldestAt = earlier(u.oldestAt, w.oldest);
    s.waiting += w.waiting;
    s.oldestAt = earlier(s.oldestAt, w.oldest);
    waiting += w.waiting;
    oldestAt = earlier(oldestAt, w.oldest);
  }
  for (const d of decisionRows) {
    const u = units.get(d.unitId);
    if (!u) continue;
    addPeriods(u.periods, d.result, d);
    addPeriods(totals, d.result, d);
    const s = stages.get(stageOf(d.unitId, d.level));
    if (s && d.result === 'approved') {
      s.approvedThisWeek += d.thisWeek;
      s.approvedLastWeek += d.lastWeek;
    } else if (s) {
      s.rejectedThisWeek += d.thisWeek;
      s.rejectedLastWeek += d.lastWeek;
    }
  }
  for (const [key, rows] of [
    ['resubmitted', resubmissionRows],
    ['studyAccounts', studyAccountRows],
  ] as const) {
    for (const row of rows) {
      const u = units.get(row.unitId);
      if (!u) continue;
      addPeriods(u.periods, key, row);
      addPeriods(totals, key, row);
    }
  }

  return {
    bureau: r.user.role === 'admin' ? null : (r.user.jurisdictionName ?? null),
    reviewStages,
    at: now.toISOString(),
    thisWeek: { from: weeks.thisMonday, to: sunday(weeks.thisMonday) },
    lastWeek: { from: weeks.lastMonday, to: sunday(weeks.lastMonday) },
    waiting,
    oldest: oldestOf(oldestAt, now),
    periods: totals,
    stages: [...stages].map(([stage, { oldestAt: at, ...s }]): DashboardStageRow => ({ stage, ...s, oldest: oldestOf(at, now) })),
    units: [...units.values()].map(({ byStage, oldestAt: at, periods, province: _province, ...u }) => ({
      ...u,
      waitingByStage: stageKeys.filter((s) => byStage.has(s)).map((stage) => ({ stage, waiting: byStage.get(stage)! })),
      oldest: oldestOf(at, now),
      ...periods,
    })),
  };
}
