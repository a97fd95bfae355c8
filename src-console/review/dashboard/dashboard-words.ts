import { DASHBOARD_STAGE_NAME, type DashboardOldest, type DashboardResponse, type DashboardUnit } from '../../../src-shared/contract/sync-api.js';

/** How 工作概况 says its figures, on screen and on paper. */

/** "12 天" with "2026-11-20 提交", or "—" when nobody waits. */
export function oldestText(o: DashboardOldest): string {
  return o ? `${o.days} 天（${o.submittedDate} 提交）` : '—';
}

/** "11月30日至12月6日". */
export function weekText(w: { from: string; to: string }): string {
  const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  return `${md(w.from)}至${md(w.to)}`;
}

/** Where a unit's waiting people wait, when review has two levels (always for the province's units): "县级初审 2 · 市级终审 1". */
export function stagesText(u: DashboardUnit, reviewStages: 1 | 2): string {
  const twoLevels = reviewStages === 2 || u.waitingByStage.some((s) => s.stage === 'department' || s.stage === 'province');
  return twoLevels ? u.waitingByStage.map((s) => `${DASHBOARD_STAGE_NAME[s.stage]} ${s.waiting}`).join(' · ') : '';
}

/** The page's title: the bureau's own name, or every bureau for an administrator. */
export function bureauTitle(d: DashboardResponse): string {
  return d.bureau ?? '全部司法局';
}

/** A bureau's units added up (an administrator's 按司法局 table). */
export interface BureauRow {
  jurisdictionId: number;
  jurisdictionName: string;
  units: number;
  waiting: number;
  oldest: DashboardOldest;
  approvedThisWeek: number;
  rejectedThisWeek: number;
  studyAccountsThisWeek: number;
  studyAccountsTotal: number;
}

export function bureauRows(units: readonly DashboardUnit[]): BureauRow[] {
  const rows = new Map<number, BureauRow>();
  for (const u of units) {
    const r = rows.get(u.jurisdictionId) ?? {
      jurisdictionId: u.jurisdictionId, jurisdictionName: u.jurisdictionName, units: 0, waiting: 0, oldest: null,
      approvedThisWeek: 0, rejectedThisWeek: 0, studyAccountsThisWeek: 0, studyAccountsTotal: 0,
    };
    r.units++;
    r.waiting += u.waiting;
    if (u.oldest && (!r.oldest || u.oldest.days > r.oldest.days)) r.oldest = u.oldest;
    r.approvedThisWeek += u.thisWeek.approved;
    r.rejectedThisWeek += u.thisWeek.rejected;
    r.studyAccountsThisWeek += u.thisWeek.studyAccounts;
    r.studyAccountsTotal += u.total.studyAccounts;
    rows.set(u.jurisdictionId, r);
  }
  return [...rows.values()];
}
