import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { DbError } from './db-error.js';
import type { ServerMigration } from './migrations/index.js';
import type { ServerStore } from './open-store.js';

/**
 * The server's store on PostgreSQL (DATABASE_URL): a connection pool, the same numbered migrations in
 * PostgreSQL's words, and the same Chinese messages an administrator gets for a SQLite file.
 *
 * Several server processes may start at once against one database (behind a load balancer): the
 * migrations run in one transaction under an advisory lock, so one process applies them and the others
 * find them done.
 */

/** Any number fits the lock; this one is the server's, so nothing else on the database shares it. */
const MIGRATION_LOCK = 20_260_420;

/** bigint (COUNT(*), SUM, ids) as a JS number, as SQLite gives it; a value past 2^53 is refused, not rounded. */
function parseBigint(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`integer ${text} is too large for this server`);
  return n;
}

/** numeric (SUM of a bigint, AVG) as a JS number, as SQLite gives it; one too large for a double is refused. */
function parseNumeric(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`number ${text} is too large for this server`);
  return n;
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? parseBigint
      : oid === pg.types.builtins.NUMERIC
        ? parseNumeric
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The URL without its password, for messages and logs. */
export function urlWithoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export interface PostgresOptions {
  /** Connections this process keeps open at most (default 10). */
  poolSize?: number;
}

export async function openPostgres(url: string, migrations: readonly ServerMigration[], opts: PostgresOptions = {}): Promise<ServerStore> {
  const where = urlWithoutPassword(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    types,
    // A database that does not answer is said within seconds, not after the OS gives up.
    connectionTimeoutMillis: 10_000,
    // No query of ours runs longer; one that does (a lock held by a stuck process) ends with an error.
    statement_timeout: 60_000,
    application_name: 'zfbm-sync',
  });
  // An idle connection the database drops (a restart, a failover) is replaced by the pool; without a
  // listener its error would end the process.
  pool.on('error', () => undefined);
  try {
    await migrate(pool, migrations, where);
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e instanceof DbError ? e : new DbError('not_writable', connectMessage(where, e));
  }
  const db = new Kysely<Record<string, Record<string, unknown>>>({ dialect: new PostgresDialect({ pool }) });
  let closed: Promise<void> | null = null;
  // Kysely's destroy() does nothing before its first query; the pool is ended here in any case.
  const close = () => (closed ??= db.destroy().then(() => (pool.ended ? undefined : pool.end())));
  return { db, dialect: 'postgres', sqlite: null, where, close, isClosed: () => closed !== null };
}

function connectMessage(where: string, e: unknown): string {
  const code = (e as { code?: unknown }).code;
  const reason = e instanceof Error ? e.message : String(e);
  if (code === '28P01' || code === '28000') return `无法登录数据库“${where}”：用户名或密码不对。请检查 DATABASE_URL 里的用户名和密码。`;
  if (code === '3D000') return `数据库“${where}”不存在。请先在 PostgreSQL 里建好这个数据库（CREATE DATABASE），再启动同步服务器。`;
  if (code === '42501') return `数据库“${where}”的这个用户没有建表的权限。请让数据库管理员授予权限后再启动。`;
  return `无法连接数据库“${where}”（${reason}）。请检查 DATABASE_URL、数据库服务器是否已启动、网络和防火墙。`;
}

async function migrate(pool: pg.Pool, migrations: readonly ServerMigration[], where: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const applied = new Set((await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((r) => Number(r.id)));
    const known = Math.max(0, ...migrations.map((m) => m.id));
    const newest = Math.max(0, ...applied);
    if (newest > known) {
      throw new DbError(
        'newer_schema',
        `这个数据库由更新版本的同步服务器创建（数据结构版本 ${newest}，本程序只认识到 ${known}）。为免损坏数据，本程序不会使用它。请升级同步服务器后再启动。`,
      );
    }
    for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
      if (applied.has(m.id)) continue;
      try {
        await client.query(m.pg);
      } catch (e) {
        // Not a connection problem: this database cannot take our schema (a missing privilege is said below).
        if ((e as { code?: unknown }).code === '42501') throw e;
        throw new DbError(
          'not_writable',
          `无法在数据库“${where}”里建立同步服务器的数据结构（第 ${m.id} 号更新 ${m.name}：${e instanceof Error ? e.message : String(e)}）。数据库没有改动；请把这条消息告诉系统维护人员。`,
        );
      }
      await client.query('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [m.id, m.name, new Date().toISOString()]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (e instanceof DbError) throw e;
    throw new DbError('not_writable', connectMessage(where, e));
  } finally {
    client.release();
  }
}
