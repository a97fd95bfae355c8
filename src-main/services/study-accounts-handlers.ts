import { queryStudyAccounts } from '../store/records-query.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/** 人员管理: approved people with their study accounts, newest first, paged. */
export function studyAccountsHandlers({ db }: Pick<DesktopDeps, 'db'>): ImplFor<'studyAccounts.list'> {
  return {
    'studyAccounts.list': (q) => queryStudyAccounts(db, q),
  };
}
