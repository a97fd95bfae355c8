import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDialectConfig } from 'kysely';
import { openDb, type Db } from './open-db.js';
import { MIGRATIONS, type ServerMigration } from './migrations/index.js';
import type { Dialect, Sql } from './sql.js';
import { openPostgres } from './open-postgres.js';

/**
 * The server's database, opened and brought up to date: PostgreSQL when a DATABASE_URL is given,
 * else the SQLite file in the data folder (the embedded default). Either way the stores see one `Sql`.
 */
export interface ServerStore {
  db: Sql;
  dialect: Dialect;
  /** The SQLite connection underneath (online backup, the read-only second connection); null on PostgreSQL. */
  sqlite: Db | null;
  /** Where the data is, for messages: a file path, or the URL without its password. */
  where: string;
  /** Waits for the queries under way, then closes the file or the pool. */
  close(): Promise<void>;
  /** Whether close() has been called. */
  isClosed(): boolean;
}

export interface StoreLocation {
  dataDir: string;
  databaseUrl?: string | null | undefined;
}

export async function openServerStore(loc: StoreLocation, migrations: readonly ServerMigration[] = MIGRATIONS): Promise<ServerStore> {
  if (loc.databaseUrl) return openPostgres(loc.databaseUrl, migrations);
  return wrapSqlite(openDb(loc.dataDir, migrations));
}

/** An open SQLite connection (migrated) as a ServerStore; closing the store closes it. */
export function wrapSqlite(raw: Db): ServerStore {
  const db = new Kysely<Record<string, Record<string, unknown>>>({ dialect: new ImmediateSqliteDialect({ database: cachingDatabase(raw) }) });
  let closed: Promise<void> | null = null;
  return {
    db,
    dialect: 'sqlite',
    sqlite: raw,
    where: raw.name,
    // Kysely's destroy() does nothing before its first query; the file is closed here in any case.
    close: () =>
      (closed ??= db.destroy().then(() => {
        if (raw.open) raw.close();
      })),
    isClosed: () => closed !== null,
  };
}

/** Statements prepared once per text and kept (at most this many; the rest are prepared each time). */
const STATEMENT_CACHE = 1000;

/**
 * better-sqlite3 as Kysely sees it, but with each statement prepared once: preparing costs as much as
 * running for the small statements every request makes (the session lookup, the audit insert). Kysely
 * runs one query at a time on SQLite (its connection mutex), so a cached statement is never in use twice.
 */
function cachingDatabase(raw: Db): SqliteDialectConfig['database'] {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => raw.close(),
    prepare: (text: string) => {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = raw.prepare(text);
        if (cache.size < STATEMENT_CACHE) cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

/**
 * Transactions begin IMMEDIATE, as they always did here: the write lock is taken at BEGIN, so a
 * transaction that reads and then writes never finds another process (server-admin, a backup) has
 * written in between and fails with SQLITE_BUSY; it waits its turn (busy_timeout) instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.settings);
  }
}
