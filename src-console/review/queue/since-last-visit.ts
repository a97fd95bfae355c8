import type { ReviewListItem, ReviewPendingResponse } from '../../../src-shared/contract/sync-api.js';
import { chinaMinute } from '../../../src-shared/china-time.js';

/** What arrived since the reviewer's previous visit: the row's tag and the line above the table. */

export type ArrivalTag = '新' | '重新提交';

/** 新 for a first submission that reached this level after the previous visit, 重新提交 for a later one. */
export function arrivalTag(p: ReviewListItem, lastVisitAt: string | null): ArrivalTag | undefined {
  if (lastVisitAt === null || p.arrivedAt <= lastVisitAt) return undefined;
  return p.version > 1 ? '重新提交' : '新';
}

/** "12月5日 17:30" in China's time, the way the reviewer remembers their last visit. */
export function visitTime(iso: string): string {
  const [, month, day, clock] = /^\d{4}-(\d{2})-(\d{2}) (\d{2}:\d{2})$/.exec(chinaMinute(iso)) ?? [];
  return `${Number(month)}月${Number(day)}日 ${clock}`;
}

/** "自上次查看（12月5日 17:30）以来：新提交 8 人，重新提交 3 人"; undefined on the first visit. */
export function sinceLastVisitLine(pending: ReviewPendingResponse): string | undefined {
  if (pending.lastVisitAt === null) return undefined;
  const { new: fresh, resubmitted } = pending.sinceLastVisit;
  const what = fresh + resubmitted === 0 ? '没有新提交的人员' : `新提交 ${fresh} 人，重新提交 ${resubmitted} 人`;
  return `自上次查看（${visitTime(pending.lastVisitAt)}）以来：${what}`;
}
