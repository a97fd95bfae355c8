import type { Db } from '../store/open-store.js';

/** One reviewer's decision on one version of a person, as the feed brought it (审核记录). */
export interface ReviewRecord {
  version: number;
  level: 'county' | 'city';
  result: 'approved' | 'rejected';
  comment: string;
  reviewer: string;
  decidedAt: string;
}

/** Every decision on the person, oldest first; kept after the person is edited and sent again. */
export function listReviewRecords(db: Db, personId: number): ReviewRecord[] {
  return db
    .prepare('SELECT version, level, result, comment, reviewer, decided_at AS decidedAt FROM review_records WHERE person_id = ? ORDER BY seq')
    .all(personId) as ReviewRecord[];
}

/** 人员退回: the returned people of every batch, with the latest comment, for the clerk's list. */
export function listReturned(db: Db): Array<{ personId: number; batchId: string; name: string; idNumber: string; comment: string; reviewer: string; reviewedAt: string; resubmit: boolean }> {
  return (
    db
      .prepare(
        `SELECT id AS personId, batch_id AS batchId, name, id_number AS idNumber, review_comment AS comment, reviewer, reviewed_at AS reviewedAt, resubmit
         FROM persons WHERE status = 'rejected' ORDER BY reviewed_at DESC, id`,
      )
      .all() as Array<{ personId: number; batchId: string; name: string; idNumber: string; comment: string; reviewer: string; reviewedAt: string; resubmit: number }>
  ).map((r) => ({ ...r, resubmit: r.resubmit === 1 }));
}
