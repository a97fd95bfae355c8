import { z } from 'zod';
import type { ServerPersonStatus } from '../../src-shared/contract/sync-api.js';
import type { ReviewLevel } from '../../src-shared/contract/sync-common.js';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import type { Db } from './open-store.js';
import { localIso } from './clock.js';

/**
 * The persons columns the sync keeps: the server's version of each person, who reviews it next, the
 * reviewers' decisions and the "goes out again" flag of a returned person. A server's word never
 * moves a person back: every write here is refused for a version older than the one stored.
 */

/** Our own person a change is about: the key we sent (its id), only within the batch it names. */
export function personIdInBatch(db: Db, batchId: string, key: string): number | null {
  const id = Number(key);
  if (!Number.isInteger(id)) return null;
  return checkedRow(z.number(), db.prepare('SELECT id FROM persons WHERE id = ? AND batch_id = ?').pluck().get(id, batchId)) ?? null;
}

/** The server accepted the person at `version`: its status and next reviewer; a resubmission is over. */
export function applyServerAnswer(db: Db, batchId: string, p: { id: number; status: ServerPersonStatus; version: number; pendingAt: string }, at: Date): void {
  db.prepare(
    `UPDATE persons SET status = ?, server_version = ?, pending_at = ?, resubmit = 0, updated_at = ?
     WHERE id = ? AND batch_id = ? AND server_version <= ?`,
  ).run(p.status, p.version, p.pendingAt, localIso(at), p.id, batchId, p.version);
}

/**
 * A reviewer's decision on `version` of the person. Returns false when the person has been sent again
 * since (a newer version): that decision is history, not status.
 */
export function applyDecision(
  db: Db,
  personId: number,
  d: { status: ServerPersonStatus; level: ReviewLevel; comment: string; reviewer: string; decidedAt: string; pendingAt: string; version: number },
  at: Date,
): boolean {
  return (
    db
      .prepare(
        `UPDATE persons SET status = ?, review_level = ?, review_comment = ?, reviewer = ?, reviewed_at = ?, pending_at = ?,
           server_version = max(server_version, ?), resubmit = 0, updated_at = ?
         WHERE id = ? AND server_version <= ?`,
      )
      .run(d.status, d.level, d.comment, d.reviewer, d.decidedAt, d.pendingAt, d.version, localIso(at), personId, d.version).changes > 0
  );
}

/** What the person form shows of the sync: the server's version, who reviews next, going out again. */
export function personSyncState(db: Db, id: number): { serverVersion: number; pendingAt: string; resubmit: boolean } | undefined {
  return checkedRow(
    z.object({ serverVersion: z.number(), pendingAt: z.string(), resubmit: z.number().transform((n) => n === 1) }),
    db.prepare('SELECT server_version AS serverVersion, pending_at AS pendingAt, resubmit FROM persons WHERE id = ?').get(id),
  );
}

/** A returned person, edited: goes out again with the next push when nothing is wrong with it any more. */
export function setResubmit(db: Db, id: number, resubmit: boolean): void {
  db.prepare('UPDATE persons SET resubmit = ? WHERE id = ?').run(resubmit ? 1 : 0, id);
}

/** The batch's returned people marked to go out again. */
export function resubmittingIds(db: Db, batchId: string): number[] {
  return checkedRows(z.number(), db.prepare('SELECT id FROM persons WHERE batch_id = ? AND resubmit = 1').pluck().all(batchId));
}
