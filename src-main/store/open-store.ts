import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { StoreError } from './store-error.js';

/**
 * The local store: one SQLite file in the data directory (Electron's userData in the app, --data in
 * the CLI). WAL with synchronous=FULL: a committed import survives a crash or a power cut at five
 * o'clock; an uncommitted one leaves no trace.
 */
export type Db = Database.Database;

export const DB_FILE = 'zfbm.sqlite3';

export function openStore(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch {
    throw new StoreError('not_writable', `无法创建数据文件夹“${dataDir}”，请检查路径和权限。`);
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
    throw e instanceof StoreError ? e : translate(e, file);
  }
}

function translate(e: unknown, file: string): StoreError {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StoreError('not_a_database', `“${file}”不是本程序的数据库或已损坏。请从备份恢复，或换一个数据文件夹。`);
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StoreError('locked', '数据库正被另一个程序使用（可能已经打开了一个报名助手窗口），请关闭它后再试。');
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') {
    return new StoreError('not_writable', `无法打开或写入“${file}”，请检查文件权限和磁盘空间。`);
  }
  return new StoreError('not_a_database', `无法打开数据库“${file}”：${e instanceof Error ? e.message : String(e)}`);
}

/** Applies what is missing, in one transaction each; refuses a database made by a newer version. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const applied = new Set((db.prepare('SELECT id FROM schema_migrations').all() as Array<{ id: number }>).map((r) => r.id));
  const known = Math.max(0, ...migrations.map((m) => m.id));
  const newest = Math.max(0, ...applied);
  if (newest > known) {
    throw new StoreError(
      'newer_schema',
      `这个数据库由更新版本的报名助手创建（数据结构版本 ${newest}，本程序只认识到 ${known}）。为免损坏数据，本程序不会打开它。请升级报名助手后再打开。`,
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
