import { queryStudyAccounts } from '../store/records-query.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';
import { exportStudyAccounts, lastPlatformUrl, writeSlips } from './study-accounts-export.js';

/**
 * 人员管理: approved people with their study accounts, newest first, paged; and the two files for
 * handing the accounts out: the list (导出学习账号) and the slips to cut (打印账号条).
 */
export function studyAccountsHandlers(
  deps: Pick<DesktopDeps, 'db' | 'progress' | 'actor'>,
): ImplFor<'studyAccounts.list' | 'studyAccounts.export' | 'studyAccounts.slips' | 'studyAccounts.platform'> {
  const { db } = deps;
  return {
    'studyAccounts.list': (q) => queryStudyAccounts(db, q),
    'studyAccounts.export': async ({ file, ...q }) => ({ file, rows: await exportStudyAccounts(deps, q, file) }),
    'studyAccounts.slips': async ({ file, platformUrl, ...q }) => ({ file, ...(await writeSlips(deps, q, file, platformUrl)) }),
    'studyAccounts.platform': () => ({ platformUrl: lastPlatformUrl(deps) }),
  };
}
