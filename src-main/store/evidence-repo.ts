import { z } from 'zod';
import { evidenceKindSchema } from '../../src-shared/domain/evidence.js';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import type { Db } from './open-store.js';
import { localIso } from './clock.js';

/** 佐证资料: the evidence table, a batch's proof documents, with their bytes' size and type from the blob store. */
const evidenceRow = z.object({
  id: z.number(),
  batchId: z.string(),
  sha256: z.string(),
  fileName: z.string(),
  kind: evidenceKindSchema,
  size: z.number(),
  mime: z.string(),
  createdAt: z.string(),
});
export type EvidenceRecord = z.infer<typeof evidenceRow>;

/** In the order they were added. */
export function listEvidence(db: Db, batchId: string): EvidenceRecord[] {
  return checkedRows(
    evidenceRow,
    db
      .prepare(
        `SELECT e.id, e.batch_id AS batchId, e.sha256, e.file_name AS fileName, e.kind, b.size, b.mime, e.created_at AS createdAt
         FROM evidence e JOIN blobs b ON b.sha256 = e.sha256 WHERE e.batch_id = ? ORDER BY e.id`,
      )
      .all(batchId),
  );
}

/** Returns the new row's id. */
export function insertEvidence(db: Db, e: Pick<EvidenceRecord, 'batchId' | 'sha256' | 'fileName' | 'kind'>, at: Date): number {
  const r = db.prepare('INSERT INTO evidence (batch_id, sha256, file_name, kind, created_at) VALUES (?, ?, ?, ?, ?)').run(e.batchId, e.sha256, e.fileName, e.kind, localIso(at));
  return Number(r.lastInsertRowid);
}

/** The file name of one of the batch's evidence files; undefined when the batch has no such file. */
export function evidenceFileName(db: Db, id: number, batchId: string): string | undefined {
  return checkedRow(z.string(), db.prepare('SELECT file_name FROM evidence WHERE id = ? AND batch_id = ?').pluck().get(id, batchId));
}

export function deleteEvidence(db: Db, id: number): void {
  db.prepare('DELETE FROM evidence WHERE id = ?').run(id);
}
