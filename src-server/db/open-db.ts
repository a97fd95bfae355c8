import { openSqlite, type Db, type SqliteProblem } from '../../src-node/sqlite-store.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { DbError } from './db-error.js';
import { rawRows, type Sql } from './sql.js';

/**
 * The server's store: one SQLite file in the data directory. Opening, pragmas and migrations are
 * shared with the desktop's store (src-node/sqlite-store.ts); the words are the administrator's.
 */
export type { Db };

export const DB_FILE = 'server.sqlite3';

const MESSAGES: Record<SqliteProblem, (d: { file: string; newest?: number; known?: number }) => string> = {
  not_writable: (d) => `无法创建或写入“${d.file}”，请检查路径、文件权限和磁盘空间，或用 --data 换一个文件夹。`,
  not_a_database: (d) => `“${d.file}”不是同步服务器的数据库或已损坏。请从备份恢复，或用 --data 换一个数据文件夹。`,
  locked: (d) => `数据库“${d.file}”正被另一个程序使用（可能已经启动了一个同步服务器），请先停止它再试。`,
  newer_schema: (d) =>
    `这个数据库由更新版本的同步服务器创建（数据结构版本 ${d.newest}，本程序只认识到 ${d.known}）。为免损坏数据，本程序不会打开它。请升级同步服务器后再启动。`,
};

export function openDb(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  return openSqlite(dataDir, DB_FILE, { migrations, fail: (problem, detail) => new DbError(problem, MESSAGES[problem](detail)) });
}

/** Throws when the store cannot be queried (a damaged file, a lost disk, an unreachable database): the health check asks this. */
export async function checkDbAnswers(db: Sql): Promise<void> {
  await rawRows(db, 'SELECT 1 AS one');
}
