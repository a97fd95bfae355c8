import type { ReviewBatchesResponse } from '../../src-shared/contract/sync-api.js';
import type { Db } from '../db/open-db.js';
import { IN_SCOPE, scope, type Reviewer } from './review-service.js';

/**
 * The reviewer's queue summary (GET /review/batches) and the scope rule it shares with the exports:
 * a reviewer sees the units under their bureau (directly or through its counties), an administrator
 * every unit.
 */

/** SQL condition on a units alias `u` for what the caller may see, with its arguments. */
export function unitScope(r: Reviewer): { sql: string; args: number[] } {
  if (r.user.role === 'admin') return { sql: '1 = 1', args: [] };
  return { sql: IN_SCOPE, args: scope(r) };
}

/**
 * Every batch in scope with its people counted by standing, newest first (by the last time the unit
 * sent it, then by its first arrival). `pendingHere` is what waits for this reviewer's bureau and
 * level; an administrator decides nothing, so for them everything pending is elsewhere.
 */
export function listReviewBatches(db: Db, r: Reviewer): ReviewBatchesResponse {
  const s = unitScope(r);
  const here: [number, string] = r.user.role === 'admin' ? [-1, ''] : [r.user.jurisdictionId!, r.user.reviewLevel!];
  const rows = db
    .prepare(
      `SELECT b.id AS batchId, b.number, b.name, b.kind, u.id AS unitId, u.name AS unitName, j.name AS jurisdictionName,
              b.received_at AS submittedAt, b.updated_at AS updatedAt,
              COUNT(*) AS total,
              COUNT(CASE WHEN p.pending_jurisdiction_id = ? AND p.pending_level = ? THEN 1 END) AS pendingHere,
              COUNT(CASE WHEN p.status IN ('submitted', 'county_approved') THEN 1 END) AS pending,
              COUNT(CASE WHEN p.status = 'approved' THEN 1 END) AS approved,
              COUNT(CASE WHEN p.status = 'rejected' THEN 1 END) AS rejected
       FROM batches b
       JOIN units u ON u.id = b.unit_id
       JOIN jurisdictions j ON j.id = u.jurisdiction_id
       JOIN persons p ON p.batch_id = b.id
       WHERE ${s.sql}
       GROUP BY b.id
       ORDER BY b.updated_at DESC, b.received_at DESC, b.id`,
    )
    .all(...here, ...s.args) as Array<ReviewBatchesResponse['batches'][number] & { pending: number }>;
  return { batches: rows.map(({ pending, ...b }) => ({ ...b, pendingElsewhere: pending - b.pendingHere })) };
}
