import { z } from 'zod';
import { checkedRow } from '../../src-node/sqlite-store.js';
import type { Db } from '../db/open-db.js';

/** A file as a unit uploaded it: what the blobs and blob_owners rows record. */
export interface UploadedBlob {
  sha256: string;
  size: number;
  mime: string;
  /** Pixels of a photo; undefined for a PDF. */
  dimensions: { width: number; height: number } | undefined;
  unitId: number;
  userId: number;
}

/**
 * The blobs and blob_owners tables as the upload routes use them: a file is the unit's once it has
 * uploaded it (the same bytes from two units are one file with two owners). The statements are
 * prepared once, for every request.
 */
export class BlobOwnersStore {
  private readonly ownedStmt;
  private readonly insertBlobStmt;
  private readonly upsertOwnerStmt;
  private readonly usageStmt;

  constructor(db: Db) {
    this.ownedStmt = db.prepare('SELECT 1 FROM blob_owners WHERE sha256 = ? AND unit_id = ?').pluck();
    this.insertBlobStmt = db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, mime, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    // A repeat upload refreshes uploaded_at: the clean-up counts a file's age from its last upload.
    this.upsertOwnerStmt = db.prepare(
      `INSERT INTO blob_owners (sha256, unit_id, uploaded_by, created_at, size, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (sha256, unit_id) DO UPDATE SET uploaded_at = excluded.uploaded_at`,
    );
    // The unit's files that no batch of its own names yet: an indexed sum (blob_owners_unreferenced).
    this.usageStmt = db.prepare('SELECT COALESCE(SUM(size), 0) AS bytes, COUNT(*) AS files FROM blob_owners WHERE unit_id = ? AND referenced_at IS NULL');
  }

  /** Whether the unit has uploaded this file (its row; whether the file itself is there is BlobFiles'). No unit owns nothing. */
  isOwned(sha256: string, unitId: number | null): boolean {
    return this.ownedStmt.get(sha256, unitId) !== undefined;
  }

  /** Records the upload; call inside the write transaction that makes it durable. */
  recordUpload(b: UploadedBlob, at: Date): void {
    const iso = at.toISOString();
    this.insertBlobStmt.run(b.sha256, b.size, b.mime, b.dimensions?.width ?? null, b.dimensions?.height ?? null, iso);
    this.upsertOwnerStmt.run(b.sha256, b.unitId, b.userId, iso, b.size, iso);
  }

  /** What counts against the unit's quota: its files no batch of its own names yet. */
  unreferencedUsage(unitId: number): { bytes: number; files: number } {
    return checkedRow(z.object({ bytes: z.number(), files: z.number() }), this.usageStmt.get(unitId)) ?? { bytes: 0, files: 0 };
  }
}
