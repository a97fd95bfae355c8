import path from 'node:path';
import { openSqlite, type Db, type SqliteProblem } from '../../src-node/sqlite-store.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { StoreError } from './store-error.js';
import { lockedMessage, storageFault } from './storage-fault.js';

/**
 * The local store: one SQLite file in the data directory (Electron's userData in the app, --data in
 * the CLI). Opening, pragmas and migrations are shared with the sync server (src-node/sqlite-store.ts);
 * the words are the clerk's.
 */
export type { Db };

export const DB_FILE = 'zfbm.sqlite3';

const MESSAGES: Record<SqliteProblem, (d: { file: string; newest?: number; known?: number; cause?: unknown }) => string> = {
  not_writable: (d) => `无法创建或写入“${d.file}”，请检查路径、文件权限和磁盘空间。`,
  not_a_database: (d) => `“${d.file}”不是本程序的数据库或已损坏。请从备份恢复，或换一个数据文件夹。`,
  locked: () => lockedMessage(),
  newer_schema: (d) =>
    `这个数据库由更新版本的报名助手创建（数据结构版本 ${d.newest}，本程序只认识到 ${d.known}）。为免损坏数据，本程序不会打开它。请升级报名助手后再打开。`,
};

export function openStore(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  return openSqlite(dataDir, DB_FILE, {
    migrations,
    // A fault of the folder (read-only, no permission, full, held by another program) is told as
    // such, never as a damaged database.
    fail: (problem, detail) =>
      (problem !== 'newer_schema' && detail.cause !== undefined ? storageFault(detail.cause, dataDir, path.join(dataDir, DB_FILE)) : undefined) ??
      new StoreError(problem, MESSAGES[problem](detail)),
  });
}
