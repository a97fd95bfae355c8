import { z } from 'zod';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import type { Db } from './open-store.js';

/**
 * Deleting a draft person or a draft batch (issue 17): the rows that go with them — photos (with their
 * history), evidence links, the batch's finished or failed push jobs — in one place, and the blobs no
 * row names any more. The caller owns the transaction and decides whether deleting is allowed.
 */

const count = (db: Db, sql: string, ...args: unknown[]) => checkedRow(z.number(), db.prepare(sql).pluck().get(...args)) ?? 0;

/** What deleting the batch removes, as the confirmation names it: people, their current photos, evidence files. */
export function batchContents(db: Db, batchId: string): { persons: number; photos: number; evidence: number } {
  return {
    persons: count(db, 'SELECT COUNT(*) FROM persons WHERE batch_id = ?', batchId),
    photos: count(db, 'SELECT COUNT(*) FROM photos ph JOIN persons p ON p.id = ph.person_id WHERE p.batch_id = ? AND ph.current = 1', batchId),
    evidence: count(db, 'SELECT COUNT(*) FROM evidence WHERE batch_id = ?', batchId),
  };
}

/** The batch's people the server has seen or decided on: a batch with any of them is not the clerk's alone to delete. */
export function batchPersonsBeyondDraft(db: Db, batchId: string): number {
  return count(db, "SELECT COUNT(*) FROM persons WHERE batch_id = ? AND (status <> 'draft' OR server_version > 0)", batchId);
}

/** Whether the server ever accepted this person (a version of it). */
export function personServerVersion(db: Db, personId: number): number {
  return count(db, 'SELECT server_version FROM persons WHERE id = ?', personId);
}

/** The person's photo rows (current and history) and the person; returns the photos' blob names. */
export function deletePersonRows(db: Db, personId: number): string[] {
  const shas = checkedRows(z.string(), db.prepare('SELECT DISTINCT sha256 FROM photos WHERE person_id = ?').pluck().all(personId));
  db.prepare('DELETE FROM photos WHERE person_id = ?').run(personId);
  db.prepare('DELETE FROM persons WHERE id = ?').run(personId);
  return shas;
}

/** The batch with its people, their photos, its evidence links and its push jobs; returns the blob names they used. */
export function deleteBatchRows(db: Db, batchId: string): string[] {
  const shas = checkedRows(
    z.string(),
    db
      .prepare(
        `SELECT ph.sha256 FROM photos ph JOIN persons p ON p.id = ph.person_id WHERE p.batch_id = ?
         UNION SELECT sha256 FROM evidence WHERE batch_id = ?
         UNION SELECT slip_sha256 FROM batch_payments WHERE batch_id = ?`,
      )
      .pluck()
      .all(batchId, batchId, batchId),
  );
  db.prepare('DELETE FROM photos WHERE person_id IN (SELECT id FROM persons WHERE batch_id = ?)').run(batchId);
  db.prepare('DELETE FROM persons WHERE batch_id = ?').run(batchId);
  db.prepare('DELETE FROM evidence WHERE batch_id = ?').run(batchId);
  db.prepare('DELETE FROM batch_payments WHERE batch_id = ?').run(batchId);
  db.prepare('DELETE FROM outbox WHERE batch_id = ?').run(batchId);
  db.prepare('DELETE FROM batches WHERE id = ?').run(batchId);
  return shas;
}

/**
 * Of these blobs, those no photo and no evidence row names any more: their rows are removed and their
 * names returned, for the caller to remove the files once the transaction is committed. A blob another
 * person or batch still uses stays.
 */
export function dropUnusedBlobs(db: Db, shas: readonly string[]): string[] {
  const used = db
    .prepare('SELECT EXISTS (SELECT 1 FROM photos WHERE sha256 = ?) OR EXISTS (SELECT 1 FROM evidence WHERE sha256 = ?) OR EXISTS (SELECT 1 FROM batch_payments WHERE slip_sha256 = ?)')
    .pluck();
  const drop = db.prepare('DELETE FROM blobs WHERE sha256 = ?');
  const out: string[] = [];
  for (const sha of shas) {
    if (checkedRow(z.number(), used.get(sha, sha, sha)) === 1) continue;
    drop.run(sha);
    out.push(sha);
  }
  return out;
}
