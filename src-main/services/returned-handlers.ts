import { listReturned } from '../store/review-records-repo.js';
import type { Issue } from '../../src-shared/domain/issue.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/** 人员退回: the people the reviewers sent back, with why, and whether 重新提交 can send them. */
export function returnedHandlers({ db, registration, photos }: Pick<DesktopDeps, 'db' | 'registration' | 'photos'>): ImplFor<'returned.list'> {
  return {
    'returned.list': () =>
      listReturned(db).map((r) => {
        // The same count persons.resubmit refuses on: the row's errors, the photo's, a missing photo.
        const photo = photos.current(r.personId);
        const rowErrors = registration().getPerson(r.personId).issues.filter((i) => i.severity === 'error').length;
        const photoErrors = photo ? (photo.issues as Issue[]).filter((i) => i.severity === 'error').length : 1;
        return { ...r, errorCount: rowErrors + photoErrors };
      }),
  };
}
