import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Sql } from '../../src-server/db/sql.js';

/**
 * The SQL one request runs, found by running the server's own code (review-service's listPending) on a
 * Kysely that logs every query it compiles, then replayed bare: through `pg` (or better-sqlite3) with
 * the same text and parameters, no Kysely, no zod, no JSON. What is left between the two is the server.
 */

export interface Captured {
  sql: string;
  params: readonly unknown[];
}

/** bigint as a JS number, as the server's pool parses it (src-server/db/open-postgres.ts). */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (t: string) => Number(t) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface CapturingDb {
  db: Sql;
  /** Every query since the last take(), in order. */
  take(): Captured[];
  close(): Promise<void>;
}

export function capturingDb(where: { postgres: string } | { sqliteFile: string }): CapturingDb {
  let log: Captured[] = [];
  const onLog = (e: LogEvent) => {
    log.push({ sql: e.query.sql, params: e.query.parameters });
  };
  const dialect =
    'postgres' in where
      ? new PostgresDialect({ pool: new pg.Pool({ connectionString: where.postgres, max: 2, types }) })
      : new SqliteDialect({ database: new Database(where.sqliteFile) });
  const db = new Kysely<Record<string, Record<string, unknown>>>({ dialect, log: onLog });
  return {
    db,
    take: () => {
      const out = log;
      log = [];
      return out;
    },
    close: () => db.destroy(),
  };
}

export interface Bare {
  /** Runs the queries in order; the time of each in ms. */
  run(queries: readonly Captured[]): Promise<number[]>;
  /** EXPLAIN ANALYZE (PostgreSQL) or EXPLAIN QUERY PLAN (SQLite) of one query, as text. */
  explain(q: Captured): Promise<string>;
  close(): Promise<void>;
}

export async function bareRunner(where: { postgres: string } | { sqliteFile: string }): Promise<Bare> {
  if ('postgres' in where) {
    const client = new pg.Client({ connectionString: where.postgres, types });
    await client.connect();
    return {
      run: async (queries) => {
        const times: number[] = [];
        for (const q of queries) {
          const t = performance.now();
          await client.query(q.sql, [...q.params]);
          times.push(performance.now() - t);
        }
        return times;
      },
      explain: async (q) => {
        const r = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, [...q.params]);
        return r.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
      },
      close: () => client.end(),
    };
  }
  const db = new Database(where.sqliteFile);
  const statements = new Map<string, Database.Statement>();
  const prepared = (text: string) => {
    let s = statements.get(text);
    if (!s) statements.set(text, (s = db.prepare(text)));
    return s;
  };
  return {
    run: async (queries) => {
      const times: number[] = [];
      for (const q of queries) {
        const t = performance.now();
        const s = prepared(q.sql);
        if (s.reader) s.all(...q.params);
        else s.run(...q.params);
        times.push(performance.now() - t);
      }
      return times;
    },
    explain: async (q) => {
      const t = performance.now();
      const n = prepared(q.sql).reader ? prepared(q.sql).all(...q.params).length : 0;
      const ms = performance.now() - t;
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as Array<{ detail: string }>;
      return `${plan.map((p) => p.detail).join('\n')}\n(${n} rows, ${ms.toFixed(1)} ms)`;
    },
    close: async () => {
      db.close();
    },
  };
}
