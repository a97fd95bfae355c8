import { z } from 'zod';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import type { Db } from '../db/open-db.js';

const staleUploadRow = z.object({ sha256: z.string(), unitId: z.number() });
/** A unit's upload that none of its batches names. */
export type StaleUpload = z.infer<typeof staleUploadRow>;

/**
 * The blobs and blob_owners tables as the clean-up uses them: the uploads no batch has named since a
 * cutoff, and the stored files nobody owns or names any more. Prepared once per clean-up run.
 */
export class BlobGcStore {
  private readonly staleStmt;
  private readonly dropStaleStmt;
  private readonly sizeStmt;
  private readonly dropBlobStmt;
  private readonly namedStmt;

  constructor(db: Db) {
    this.staleStmt = db.prepare('SELECT sha256, unit_id AS unitId FROM blob_owners WHERE referenced_at IS NULL AND uploaded_at < ?');
    this.dropStaleStmt = db.prepare('DELETE FROM blob_owners WHERE referenced_at IS NULL AND uploaded_at < ?');
    this.sizeStmt = db.prepare('SELECT size FROM blobs WHERE sha256 = ?').pluck();
    this.dropBlobStmt = db.prepare(
      `DELETE FROM blobs WHERE sha256 = ?
         AND NOT EXISTS (SELECT 1 FROM blob_owners o WHERE o.sha256 = blobs.sha256)
         AND NOT EXISTS (SELECT 1 FROM person_versions v WHERE v.photo_sha256 = blobs.sha256)
         AND NOT EXISTS (SELECT 1 FROM batch_evidence e WHERE e.sha256 = blobs.sha256)`,
    );
    this.namedStmt = db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').pluck();
  }

  /** Uploads no batch of their unit names, last sent before `cutoff` (ISO time). */
  staleUploads(cutoff: string): StaleUpload[] {
    return checkedRows(staleUploadRow, this.staleStmt.all(cutoff));
  }

  /** Drops the uploads {@link staleUploads} lists; returns how many. */
  dropStaleUploads(cutoff: string): number {
    return this.dropStaleStmt.run(cutoff).changes;
  }

  /** The stored size of a file, or undefined when no row names it. */
  blobSize(sha256: string): number | undefined {
    return checkedRow(z.number(), this.sizeStmt.get(sha256));
  }

  /** Drops the file's row if no upload owns it and no person or batch names it; true when it went. */
  dropUnusedBlob(sha256: string): boolean {
    return this.dropBlobStmt.run(sha256).changes > 0;
  }

  /** Whether a blobs row names the file. */
  isNamed(sha256: string): boolean {
    return this.namedStmt.get(sha256) !== undefined;
  }
}
