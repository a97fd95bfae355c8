import { listReturned } from '../store/review-records-repo.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/** 人员退回: the people the reviewers sent back, with why. */
export function returnedHandlers({ db }: Pick<DesktopDeps, 'db'>): ImplFor<'returned.list'> {
  return {
    'returned.list': () => listReturned(db),
  };
}
