import { z } from 'zod';
import { all, column, run, value, type Sql } from '../db/sql.js';

const staleUploadRow = z.object({ sha256: z.string(), unitId: z.number() });
/** A unit's upload that none of its batches names. */
export type StaleUpload = z.infer<typeof staleUploadRow>;

/*
 * The blobs and blob_owners tables as the clean-up uses them: the uploads no batch has named since a
 * cutoff, and the stored files nobody owns or names any more.
 */

/** Uploads no batch of their unit names, last sent before `cutoff` (ISO time). */
export function staleUploads(db: Sql, cutoff: string): Promise<StaleUpload[]> {
  return all(db, staleUploadRow, 'SELECT sha256, unit_id AS "unitId" FROM blob_owners WHERE referenced_at IS NULL AND uploaded_at < ? ORDER BY sha256, unit_id', [cutoff]);
}

/** Drops the uploads {@link staleUploads} lists; returns how many. */
export function dropStaleUploads(db: Sql, cutoff: string): Promise<number> {
  return run(db, 'DELETE FROM blob_owners WHERE referenced_at IS NULL AND uploaded_at < ?', [cutoff]);
}

/** The stored size of a file, or undefined when no row names it. */
export function blobSize(db: Sql, sha256: string): Promise<number | undefined> {
  return value(db, z.number(), 'SELECT size FROM blobs WHERE sha256 = ?', [sha256]);
}

/** Drops the file's row if no upload owns it and no person or batch names it; true when it went. */
export async function dropUnusedBlob(db: Sql, sha256: string): Promise<boolean> {
  const dropped = await run(
    db,
    `DELETE FROM blobs WHERE sha256 = ?
       AND NOT EXISTS (SELECT 1 FROM blob_owners o WHERE o.sha256 = blobs.sha256)
       AND NOT EXISTS (SELECT 1 FROM person_versions v WHERE v.photo_sha256 = blobs.sha256)
       AND NOT EXISTS (SELECT 1 FROM batch_evidence e WHERE e.sha256 = blobs.sha256)`,
    [sha256],
  );
  return dropped > 0;
}

/** Hashes asked about in one query (well under SQLite's and PostgreSQL's limits on parameters). */
export const NAMED_CHUNK = 500;

/** Which of these files a blobs row names (one query per NAMED_CHUNK of them). */
export async function namedAmong(db: Sql, sha256s: readonly string[]): Promise<Set<string>> {
  const named = new Set<string>();
  for (let i = 0; i < sha256s.length; i += NAMED_CHUNK) {
    const chunk = sha256s.slice(i, i + NAMED_CHUNK);
    const found = await column(db, z.string(), `SELECT sha256 FROM blobs WHERE sha256 IN (${chunk.map(() => '?').join(', ')})`, chunk);
    for (const sha of found) named.add(sha);
  }
  return named;
}
