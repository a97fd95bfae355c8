import { z } from 'zod';
import { column, get, run, value, type Sql } from '../db/sql.js';

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

/*
 * The blobs and blob_owners tables as the upload routes use them: a file is the unit's once it has
 * uploaded it (the same bytes from two units are one file with two owners).
 */

/** Whether the unit has uploaded this file (its row; whether the file itself is there is BlobFiles'). No unit owns nothing. */
export async function isBlobOwned(db: Sql, sha256: string, unitId: number | null): Promise<boolean> {
  if (unitId === null) return false;
  return (await value(db, z.number(), 'SELECT 1 FROM blob_owners WHERE sha256 = ? AND unit_id = ?', [sha256, unitId])) !== undefined;
}

/** Records the upload; call inside the write transaction that makes it durable (`db` is that transaction). */
export async function recordUpload(db: Sql, b: UploadedBlob, at: Date): Promise<void> {
  const iso = at.toISOString();
  await run(
    db,
    'INSERT INTO blobs (sha256, size, mime, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    [b.sha256, b.size, b.mime, b.dimensions?.width ?? null, b.dimensions?.height ?? null, iso],
  );
  // A repeat upload refreshes uploaded_at: the clean-up counts a file's age from its last upload.
  await run(
    db,
    `INSERT INTO blob_owners (sha256, unit_id, uploaded_by, created_at, size, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (sha256, unit_id) DO UPDATE SET uploaded_at = excluded.uploaded_at`,
    [b.sha256, b.unitId, b.userId, iso, b.size, iso],
  );
}

export interface Usage {
  bytes: number;
  files: number;
}

const usageRow = z.object({ bytes: z.number(), files: z.number() });

/** The unit's files no batch of its own names yet (an indexed sum: blob_owners_unreferenced), of the rows `where` keeps. */
function usageQuery(where = ''): string {
  // The cast: PostgreSQL's SUM of a BIGINT is a NUMERIC, which comes back as text.
  return `SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) AS bytes, COUNT(*) AS files FROM blob_owners WHERE unit_id = ? AND referenced_at IS NULL${where}`;
}

/**
 * What counts against the unit's quota: its files no batch of its own names yet, leaving out the
 * files `besides` (uploads under way, which the caller counts itself whether or not they have
 * committed yet). One statement, so one moment of the database, on both.
 */
export async function unreferencedUsage(db: Sql, unitId: number, besides: readonly string[] = []): Promise<Usage> {
  if (besides.length === 0) return (await get(db, usageRow, usageQuery(), [unitId])) ?? { bytes: 0, files: 0 };
  const among = usageQuery(` AND sha256 IN (${besides.map(() => '?').join(', ')})`);
  const row = await get(db, usageRow, `SELECT a.bytes - b.bytes AS bytes, a.files - b.files AS files FROM (${usageQuery()}) a, (${among}) b`, [unitId, unitId, ...besides]);
  return row ?? { bytes: 0, files: 0 };
}

/** Hashes asked about in one query (well under SQLite's and PostgreSQL's limits on parameters). */
const OWNED_CHUNK = 500;

/** Which of these files the unit has uploaded (one query per OWNED_CHUNK of them). No unit owns nothing. */
export async function ownedAmong(db: Sql, unitId: number | null, sha256s: readonly string[]): Promise<Set<string>> {
  const owned = new Set<string>();
  if (unitId === null) return owned;
  for (let i = 0; i < sha256s.length; i += OWNED_CHUNK) {
    const chunk = sha256s.slice(i, i + OWNED_CHUNK);
    const found = await column(db, z.string(), `SELECT sha256 FROM blob_owners WHERE unit_id = ? AND sha256 IN (${chunk.map(() => '?').join(', ')})`, [unitId, ...chunk]);
    for (const sha of found) owned.add(sha);
  }
  return owned;
}
