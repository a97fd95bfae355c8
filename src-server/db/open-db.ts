import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { DbError } from './db-error.js';

/**
 * The server's store: one SQLite file in the data directory. WAL with synchronous=FULL: an answered
 * request survives a crash or a power cut; an unanswered one leaves no trace. Same pattern as the
 * desktop's store (src-main/store/open-store.ts), kept separate so the two can evolve apart.
 */
export type Db = Database.Database;

export const DB_FILE = 'server.sqlite3';

export function openDb(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch {
    throw new DbError('not_writable', `无法创建数据文件夹“${dataDir}”，请检查路径和权限，或用 --data 换一个文件夹。`);
  }
  const file = path.join(dataDir, DB_FILE);
  let db: Db;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
  } catch (e) {
    throw translate(e, file);
  }
  try {
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
    return db;
  } catch (e) {
    db.close();
    throw e instanceof DbError ? e : translate(e, file);
  }
}

function translate(e: unknown, file: string): DbError {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new DbError('not_a_database', `“${file}”不是同步服务器的数据库或已损坏。请从备份恢复，或用 --data 换一个数据文件夹。`);
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new DbError('locked', `数据库“${file}”正被另一个程序使用（可能已经启动了一个同步服务器），请先停止它再试。`);
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') {
    return new DbError('not_writable', `无法打开或写入“${file}”，请检查文件权限和磁盘空间。`);
  }
  return new DbError('not_a_database', `无法打开数据库“${file}”：${e instanceof Error ? e.message : String(e)}`);
}

/** Applies what is missing, one transaction each; refuses a database made by a newer version. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const applied = new Set((db.prepare('SELECT id FROM schema_migrations').all() as Array<{ id: number }>).map((r) => r.id));
  const known = Math.max(0, ...migrations.map((m) => m.id));
  const newest = Math.max(0, ...applied);
  if (newest > known) {
    throw new DbError(
      'newer_schema',
      `这个数据库由更新版本的同步服务器创建（数据结构版本 ${newest}，本程序只认识到 ${known}）。为免损坏数据，本程序不会打开它。请升级同步服务器后再启动。`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, m.name, new Date().toISOString());
    })();
  }
}
