import type { z } from 'zod';
import type { DESKTOP_RECORDS_API } from '../../src-shared/contract/desktop-records-api.js';
import type { Db } from '../store/open-store.js';
import { queryExamScores, queryStudyAccounts, queryStudyRecords, searchPersons } from '../store/records-query.js';

type RecordsMethod = keyof typeof DESKTOP_RECORDS_API;
export type RecordsImpl = {
  [M in RecordsMethod]: (input: z.output<(typeof DESKTOP_RECORDS_API)[M]['input']>) => z.infer<(typeof DESKTOP_RECORDS_API)[M]['output']>;
};

/** 人员管理, 人员查询, 人员记录, 考试信息: queries over the store, each one SQL statement, paged. */
export function recordsHandlers(db: Db): RecordsImpl {
  return {
    'studyAccounts.list': (q) => queryStudyAccounts(db, q),
    'persons.search': (q) => searchPersons(db, q),
    'studyRecords.list': (q) => queryStudyRecords(db, q),
    'examScores.list': (q) => queryExamScores(db, q),
  };
}
