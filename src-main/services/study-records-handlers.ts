import { queryStudyRecords } from '../store/records-query.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/** 人员记录: study and mock-exam records, latest change first, paged. */
export function studyRecordsHandlers({ db }: Pick<DesktopDeps, 'db'>): ImplFor<'studyRecords.list'> {
  return {
    'studyRecords.list': (q) => queryStudyRecords(db, q),
  };
}
