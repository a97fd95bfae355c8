import { queryFindings } from '../store/findings-query.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/** A batch's findings (the problems the checks found), paged, errors only if asked. */
export function findingsHandlers({ db, registration }: Pick<DesktopDeps, 'db' | 'registration'>): ImplFor<'findings.list'> {
  return {
    'findings.list': (i) => queryFindings(db, { batchId: registration().getBatch(i.batchId).id, onlyErrors: i.onlyErrors, offset: i.offset, limit: i.limit }),
  };
}
