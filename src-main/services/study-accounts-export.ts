import type { RecordsQuery } from '../../src-shared/contract/desktop-records-api.js';
import { checkOutputPath } from '../excel/atomic-write.js';
import { writeStudyAccounts } from '../excel/study-accounts-writer.js';
import { writeAccountSlips, type SlipsSummary } from '../excel/account-slips-writer.js';
import { countStudyAccounts, studyAccountPages } from '../store/records-query.js';
import { readSetting, writeSetting } from '../store/settings-repo.js';
import { localIso } from '../store/clock.js';
import type { DesktopDeps } from './handler-types.js';

/**
 * 人员管理's two files for handing out study accounts: the list (导出学习账号) and the slips
 * (打印账号条). Both take the screen's search, read the store a page at a time whatever its size, and
 * say how far they are in the status bar. The target is checked before the work starts, so a missing
 * folder is said at once rather than after 50,000 rows.
 */

/** One progress line for both: they are one button each on one screen, never two at once in practice. */
export const ACCOUNTS_TASK = 'studyAccounts';
const PLATFORM_KEY = 'studyAccounts.platformUrl';
const PAGE_SIZE = 500;

type Search = Pick<RecordsQuery, 'name' | 'idNumber' | 'dateFrom' | 'dateTo'>;
type Deps = Pick<DesktopDeps, 'db' | 'progress' | 'actor'>;

/** The search in the clerk's words, for the file's heading; '' when it is everything. */
export function describeSearch(q: Search): string {
  const parts: string[] = [];
  if (q.name?.trim()) parts.push(`姓名含“${q.name.trim()}”`);
  if (q.idNumber?.trim()) parts.push(`身份证号以“${q.idNumber.trim().toUpperCase()}”开头`);
  if (q.dateFrom && q.dateTo) parts.push(`申请日期 ${q.dateFrom} 至 ${q.dateTo}`);
  else if (q.dateFrom) parts.push(`申请日期 ${q.dateFrom} 起`);
  else if (q.dateTo) parts.push(`申请日期至 ${q.dateTo}`);
  return parts.join('，');
}

async function withProgress<T>(deps: Deps, q: Search, file: string, what: string, work: (total: number, onProgress: (done: number) => void) => Promise<T>): Promise<T> {
  checkOutputPath(file);
  const total = countStudyAccounts(deps.db, q);
  deps.progress.report(ACCOUNTS_TASK, 0, total, `正在${what} 0/${total} 人…`);
  try {
    return await work(total, (done) => deps.progress.report(ACCOUNTS_TASK, done, total, `正在${what} ${done}/${total} 人…`));
  } finally {
    deps.progress.done(ACCOUNTS_TASK);
  }
}

export function exportStudyAccounts(deps: Deps, q: Search, file: string): Promise<number> {
  return withProgress(deps, q, file, '导出学习账号', (total, onProgress) =>
    writeStudyAccounts(file, {
      filterText: describeSearch(q),
      exportedAt: localIso(deps.actor.now()).slice(0, 16).replace('T', ' '),
      total,
      pages: studyAccountPages(deps.db, q, PAGE_SIZE),
      onProgress,
    }),
  );
}

export async function writeSlips(deps: Deps, q: Search, file: string, platformUrl: string | undefined): Promise<SlipsSummary> {
  // The address is kept before the work: typed once, offered next time even if this write fails.
  if (platformUrl !== undefined) writeSetting(deps.db, PLATFORM_KEY, platformUrl);
  const url = platformUrl ?? lastPlatformUrl(deps);
  return withProgress(deps, q, file, '生成账号条', (total, onProgress) =>
    writeAccountSlips(file, { platformUrl: url, total, pages: studyAccountPages(deps.db, q, PAGE_SIZE), onProgress }),
  );
}

export function lastPlatformUrl({ db }: Pick<DesktopDeps, 'db'>): string {
  return readSetting(db, PLATFORM_KEY) ?? '';
}
