import { z } from 'zod';
import { reviewLevelSchema } from '../../src-shared/contract/sync-common.js';
import { checkedRows } from '../../src-node/sqlite-store.js';
import { returnedSchema } from '../../src-shared/contract/desktop-api.js';
import type { Db } from './open-store.js';

/**
 * 审核记录: the repository of the review_records table (every decision the feed brought, kept after a
 * resubmission) and of the returned people's list.
 */
const reviewRecordRow = z.object({
  version: z.number(),
  level: reviewLevelSchema,
  // Stored NULL for a county or city bureau's decision; the contract leaves it out then.
  kind: z
    .enum(['department', 'province'])
    .nullish()
    .transform((k) => k ?? undefined),
  result: z.enum(['approved', 'rejected']),
  comment: z.string(),
  reviewer: z.string(),
  decidedAt: z.string(),
});
/** One reviewer's decision on one version of a person, as the feed brought it. */
export type ReviewRecord = z.infer<typeof reviewRecordRow>;

/**
 * Stores a decision under the feed's sequence number; false when that change was stored before (a
 * feed page applied twice). `personId` is null for a person this desktop does not have.
 */
export function insertReviewRecord(
  db: Db,
  r: Omit<ReviewRecord, 'kind'> & { kind?: string | undefined; seq: number; personId: number | null; batchId: string; personKey: string },
): boolean {
  // Only the province chain's steps are kept: a city or county kind is what `level` says already.
  const kind = r.kind === 'department' || r.kind === 'province' ? r.kind : null;
  return (
    db
      .prepare(
        `INSERT OR IGNORE INTO review_records (seq, person_id, batch_id, person_key, version, level, kind, result, comment, reviewer, decided_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.seq, r.personId, r.batchId, r.personKey, r.version, r.level, kind, r.result, r.comment, r.reviewer, r.decidedAt).changes > 0
  );
}

/** Every decision on the person, oldest first; kept after the person is edited and sent again. */
export function listReviewRecords(db: Db, personId: number): ReviewRecord[] {
  return checkedRows(
    reviewRecordRow,
    db.prepare('SELECT version, level, kind, result, comment, reviewer, decided_at AS decidedAt FROM review_records WHERE person_id = ? ORDER BY seq').all(personId),
  );
}

// The contract's row, with the stored 0/1 flag read as a boolean.
// errorCount includes the photo's findings: the handler adds it (returned-handlers.ts).
const returnedRow = returnedSchema.omit({ errorCount: true }).extend({ resubmit: z.number().transform((n) => n === 1) });

/** 人员退回: the returned people of every batch, with the latest comment, for the clerk's list. */
export function listReturned(db: Db): Array<z.output<typeof returnedRow>> {
  return checkedRows(
    returnedRow,
    db
      .prepare(
        `SELECT id AS personId, batch_id AS batchId, name, id_number AS idNumber, review_comment AS comment, reviewer, reviewed_at AS reviewedAt, resubmit
         FROM persons WHERE status = 'rejected' ORDER BY reviewed_at DESC, id`,
      )
      .all(),
  );
}
