import Database from 'better-sqlite3';
import { z } from 'zod';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import type { Db } from '../db/open-db.js';
import { all, value, type Sql } from '../db/sql.js';

/**
 * The database side of a backup and a restore: copying the live SQLite store with SQLite's online
 * backup API, asking the live store (SQLite or PostgreSQL) about its files, and reading (and trimming)
 * a SQLite copy: its integrity check, its schema version, the files it names. The copying of files and
 * the folders around them are backup.ts's.
 */

/**
 * Copies the live SQLite store (its own connection, ServerStore.sqlite) into `file` in one step
 * (progress asks for every page at once), so the copy is one consistent read snapshot however busy the
 * server is.
 */
export async function snapshotDatabase(db: Db, file: string): Promise<void> {
  await db.backup(file, { progress: () => 0x7fffffff });
}

/** Whether the live store still has a blobs row for a file. */
export async function isLiveBlob(db: Sql, sha256: string): Promise<boolean> {
  return (await value(db, z.number(), 'SELECT 1 FROM blobs WHERE sha256 = ?', [sha256])) !== undefined;
}

const blobRow = z.object({ sha256: z.string(), size: z.number() });
export type StoredBlobSize = z.infer<typeof blobRow>;

/** Files the live store records, by SHA-256, `limit` at a time after `after` (keyset: the table may be large). */
export async function liveBlobPage(db: Sql, after: string, limit: number): Promise<StoredBlobSize[]> {
  return all(db, blobRow, `SELECT sha256, size FROM blobs WHERE sha256 > ? ORDER BY sha256 LIMIT ${Math.trunc(limit)}`, [after]);
}

/** The newest migration applied to the live store (0 when none). */
export async function liveSchemaVersion(db: Sql): Promise<number> {
  return (await value(db, z.number().nullable(), 'SELECT MAX(id) FROM schema_migrations')) ?? 0;
}

/** A SQLite copy of the store: the snapshot a backup just took, or the database of a backup being checked. */
export class StoreCopy {
  private constructor(private readonly db: Database.Database) {}

  /**
   * The snapshot a backup just took, made a plain file that opens read-only anywhere, without -wal /
   * -shm beside it. Close it when done.
   */
  static forBackup(file: string): StoreCopy {
    const copy = new StoreCopy(new Database(file));
    try {
      copy.db.pragma('journal_mode = DELETE');
    } catch (e) {
      copy.close();
      throw e;
    }
    return copy;
  }

  /** A backup's database, opened read-only; throws when it is missing or not a database. Close it when done. */
  static readOnly(file: string): StoreCopy {
    return new StoreCopy(new Database(file, { readonly: true, fileMustExist: true }));
  }

  close(): void {
    this.db.close();
  }

  /** SQLite's integrity_check: 'ok', or the first problem it found. */
  integrityCheck(): string {
    return checkedRow(z.string(), this.db.pragma('integrity_check', { simple: true })) ?? '';
  }

  /** The newest migration applied to the copy (0 when none). */
  schemaVersion(): number {
    return checkedRow(z.number().nullable(), this.db.prepare('SELECT MAX(id) FROM schema_migrations').pluck().get()) ?? 0;
  }

  /** Every stored file with its size, by SHA-256. */
  blobs(): StoredBlobSize[] {
    return checkedRows(blobRow, this.db.prepare('SELECT sha256, size FROM blobs ORDER BY sha256').all());
  }

  /** The SHA-256 of every stored file. */
  blobShas(): string[] {
    return checkedRows(z.string(), this.db.prepare('SELECT sha256 FROM blobs').pluck().all());
  }

  /** A checker of whether a person, a batch or a payment in the copy names a file; prepared once. */
  usedCheck(): (sha256: string) => boolean {
    const stmt = this.db
      .prepare(
        `SELECT 1 WHERE EXISTS (SELECT 1 FROM person_versions WHERE photo_sha256 = ?) OR EXISTS (SELECT 1 FROM batch_evidence WHERE sha256 = ?)
           OR EXISTS (SELECT 1 FROM batch_payments WHERE slip_sha256 = ?)`,
      )
      .pluck();
    return (sha256) => stmt.get(sha256, sha256, sha256) !== undefined;
  }

  /** Leaves a file out of the copy: its uploads and its row, in one transaction. */
  dropBlob(sha256: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM blob_owners WHERE sha256 = ?').run(sha256);
      this.db.prepare('DELETE FROM blobs WHERE sha256 = ?').run(sha256);
    })();
  }
}
