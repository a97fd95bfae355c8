import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';

/**
 * Opening a SQLite store and bringing its schema up to date: shared by the desktop's local store
 * (src-main/store) and the sync server's (src-server/db), which must not import each other. Each
 * caller brings its own migrations and its own Chinese messages (one speaks to a clerk, the other to
 * an administrator).
 *
 * WAL with synchronous=FULL: a committed transaction survives a crash or a power cut; an uncommitted
 * one leaves no trace.
 */
export type Db = Database.Database;

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export type SqliteProblem = 'newer_schema' | 'not_a_database' | 'locked' | 'not_writable';

export interface SqliteOpenOptions {
  migrations: readonly Migration[];
  /** Turns a problem into the caller's own error, with its own words. */
  fail: (problem: SqliteProblem, detail: { file: string; newest?: number; known?: number; cause?: unknown }) => Error;
}

export function openSqlite(dataDir: string, fileName: string, opts: SqliteOpenOptions): Db {
  const file = path.join(dataDir, fileName);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (cause) {
    throw opts.fail('not_writable', { file: dataDir, cause });
  }
  if (!fs.existsSync(file)) createAside(file, opts);
  let db: Db;
  try {
    // Another process holding the store (the window, another import) is waited for 5 s, then SQLITE_BUSY.
    db = new Database(file, { timeout: 5000 });
  } catch (e) {
    throw opts.fail(problemOf(e), { file, cause: e });
  }
  try {
    db.pragma('journal_mode = WAL');
  } catch (e) {
    // Closed, so that SQLite removes the -wal and -shm it made: nothing of ours is left behind.
    db.close();
    throw opts.fail(problemOf(e), { file, cause: e });
  }
  try {
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    applyMigrations(db, opts);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof MigrationRefused) throw opts.fail('newer_schema', { file, newest: e.newest, known: e.known });
    throw isSqliteError(e) ? opts.fail(problemOf(e), { file, cause: e }) : e;
  }
}

/**
 * A new store is made and migrated under a name of its own, checkpointed into one file, and only then
 * linked into place. A folder that fails part way (a full disk) keeps nothing of it — no half-made
 * store, no -wal or -shm — and two processes making the store at the same moment never touch each
 * other's files: the first to link wins, the other drops its own.
 */
function createAside(file: string, opts: SqliteOpenOptions): void {
  const tmp = `${file}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
  const removeTmp = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(tmp + suffix, { force: true });
  };
  try {
    const db = new Database(tmp, { timeout: 5000 });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      applyMigrations(db, opts);
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    // Everything must be in the one file before it is moved: a -wal left means the checkpoint failed.
    if (fs.existsSync(`${tmp}-wal`)) throw Object.assign(new Error('the new store could not be checkpointed'), { code: 'SQLITE_IOERR' });
    try {
      fs.linkSync(tmp, file);
    } catch (e) {
      // EEXIST: another process made it first, and that one is used. A file system without hard
      // links (FAT on a USB stick) gets a rename.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' && !fs.existsSync(file)) fs.renameSync(tmp, file);
    }
  } catch (e) {
    removeTmp();
    if (typeof (e as { code?: unknown }).code !== 'string') throw e;
    throw opts.fail(problemOf(e), { file, cause: e });
  }
  removeTmp();
}

class MigrationRefused extends Error {
  constructor(
    readonly newest: number,
    readonly known: number,
  ) {
    super(`database schema ${newest} is newer than ${known}`);
  }
}

function isSqliteError(e: unknown): boolean {
  return typeof (e as { code?: unknown }).code === 'string' && String((e as { code: string }).code).startsWith('SQLITE_');
}

function problemOf(e: unknown): SqliteProblem {
  const code = (e as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
  // Only SQLite's own verdict calls a file damaged; a folder that refuses (SQLITE_READONLY_DIRECTORY,
  // an I/O error, a full disk) is not writable, never a damaged database.
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return 'not_a_database';
  return 'not_writable';
}

/** Applies what is missing, in order, one transaction each; refuses a database made by a newer version. */
export function applyMigrations(db: Db, opts: SqliteOpenOptions): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const applied = new Set(checkedRows(z.number(), db.prepare('SELECT id FROM schema_migrations').pluck().all()));
  const known = Math.max(0, ...opts.migrations.map((m) => m.id));
  const newest = Math.max(0, ...applied);
  if (newest > known) throw new MigrationRefused(newest, known);
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  const done = db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?');
  for (const m of [...opts.migrations].sort((a, b) => a.id - b.id)) {
    if (applied.has(m.id)) continue;
    // IMMEDIATE, and asked again inside: two processes opening a new store at the same moment (the
    // window and an import) take turns, and the second skips what the first has just applied.
    db.transaction(() => {
      if (done.get(m.id)) return;
      db.exec(m.sql);
      record.run(m.id, m.name, new Date().toISOString());
    }).immediate();
  }
}

/**
 * Rows as the repository says they are, checked where they leave SQLite: a renamed column or a NULL
 * where text was expected fails here, naming the column, instead of surfacing as `undefined` three
 * calls later. The one way a repository turns `.all()` / `.get()` results into typed rows.
 */
export function checkedRows<S extends z.ZodType>(schema: S, rows: readonly unknown[]): Array<z.output<S>> {
  return rows.map((row) => schema.parse(row));
}

/** One row (or none: `.get()` found nothing), checked like {@link checkedRows}. */
export function checkedRow<S extends z.ZodType>(schema: S, row: unknown): z.output<S> | undefined {
  return row === undefined ? undefined : schema.parse(row);
}

/**
 * A JSON text column in a row schema: parsed and checked against `schema` in the same step as the rest
 * of the row, so a stored payload that no longer fits the contract fails at the store's edge.
 */
export function jsonColumn<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
