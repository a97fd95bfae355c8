import { Kysely, PostgresAdapter, sql, type RawBuilder } from 'kysely';
import { z } from 'zod';

/**
 * The server's one way to the database, SQLite or PostgreSQL alike (issue 20; the choice is written
 * down in src-server/README.md, "数据库"). Every store takes a `Sql` — the whole database, or a
 * transaction of it (a Kysely Transaction is a Kysely) — and speaks the SQL both dialects share, with
 * `?` placeholders as before: `all(db, rowSchema, 'SELECT … WHERE id = ?', [id])`.
 *
 * What keeps one text right on both:
 * - a camelCase column alias is quoted (`AS "unitName"`): PostgreSQL folds unquoted names to lower case;
 * - the null-safe comparison is `IS [NOT] DISTINCT FROM`, upserts are `ON CONFLICT … DO …`, new ids come
 *   back by `RETURNING id`;
 * - a parameter whose type PostgreSQL cannot infer (`? IS NULL`) is cast: `CAST(? AS TEXT)`;
 * - rows are checked with zod where they leave the database (a renamed column fails here, naming it).
 */
export type Sql = Kysely<ServerTables>;

/** The builder is not used with typed tables (the stores write SQL and check rows with zod). */
export type ServerTables = Record<string, Record<string, unknown>>;

export type Dialect = 'sqlite' | 'postgres';

/** `?` placeholders become the dialect's own (`?` or `$n`); a `?` inside quotes is left alone. */
export function query(text: string, params: readonly unknown[] = []): RawBuilder<unknown> {
  const parts = splitAtPlaceholders(text);
  if (parts.length - 1 !== params.length) {
    throw new Error(`SQL has ${parts.length - 1} placeholders but ${params.length} parameters: ${text.slice(0, 120)}`);
  }
  const strings = Object.assign([...parts], { raw: [...parts] }) as unknown as TemplateStringsArray;
  return sql(strings, ...params);
}

function splitAtPlaceholders(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '?') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Every row, each checked against `schema`. */
export async function all<S extends z.ZodType>(db: Sql, schema: S, text: string, params: readonly unknown[] = []): Promise<Array<z.output<S>>> {
  const result = await query(text, params).execute(db);
  return result.rows.map((row) => schema.parse(row));
}

/** The first row, checked, or undefined when there is none. */
export async function get<S extends z.ZodType>(db: Sql, schema: S, text: string, params: readonly unknown[] = []): Promise<z.output<S> | undefined> {
  const result = await query(text, params).execute(db);
  const row = result.rows[0];
  return row === undefined ? undefined : schema.parse(row);
}

/** The first column of the first row (better-sqlite3's `.pluck().get()`), checked, or undefined. */
export async function value<S extends z.ZodType>(db: Sql, schema: S, text: string, params: readonly unknown[] = []): Promise<z.output<S> | undefined> {
  const result = await query(text, params).execute(db);
  const row = result.rows[0] as Record<string, unknown> | undefined;
  if (row === undefined) return undefined;
  const first = Object.keys(row)[0];
  return schema.parse(first === undefined ? undefined : row[first]);
}

/** The first column of every row (`.pluck().all()`), checked. */
export async function column<S extends z.ZodType>(db: Sql, schema: S, text: string, params: readonly unknown[] = []): Promise<Array<z.output<S>>> {
  const result = await query(text, params).execute(db);
  return result.rows.map((row) => {
    const r = row as Record<string, unknown>;
    const first = Object.keys(r)[0];
    return schema.parse(first === undefined ? undefined : r[first]);
  });
}

/** A statement that returns no rows; the answer is how many rows it changed. */
export async function run(db: Sql, text: string, params: readonly unknown[] = []): Promise<number> {
  const result = await query(text, params).execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** An INSERT … RETURNING id: the new row's id. */
export async function insertReturningId(db: Sql, text: string, params: readonly unknown[] = []): Promise<number> {
  if (!/\bRETURNING\s+id\s*$/i.test(text.trim())) throw new Error('insertReturningId needs an INSERT ending in RETURNING id');
  const id = await value(db, z.number(), text, params);
  if (id === undefined) throw new Error('INSERT … RETURNING id returned no row');
  return id;
}

/** Rows as they come, unchecked: for tests and tools that look at the database directly. */
export async function rawRows(db: Sql, text: string, params: readonly unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const result = await query(text, params).execute(db);
  return result.rows as Array<Record<string, unknown>>;
}

/** Which database this is: the few places that differ (the backup, streaming, the size of the store) ask. */
export function dialectOf(db: Sql): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** SQLSTATEs after which PostgreSQL asks for the transaction to be run again (serialization, deadlock). */
const RETRY_STATES = new Set(['40001', '40P01']);
/** A transaction is tried this often before the error reaches the request (a 500, logged). */
const MAX_ATTEMPTS = 30;

/**
 * The pause before try `attempt` + 1: doubling from a few milliseconds up to a quarter second, at a random
 * point of that span, so that transactions that collided spread out instead of colliding again. Thirty
 * tries cover several seconds of a hot spot (every reviewer of a city deciding at once).
 */
function retryPauseMs(attempt: number): number {
  return Math.random() * Math.min(250, 4 * 2 ** attempt);
}

export interface TransactionOptions {
  /**
   * PostgreSQL only (SQLite has one writer at a time whatever is asked). 'read committed' is for the
   * few writes whose every statement is safe against concurrent ones by itself (upserts keyed on what
   * they write) and that would otherwise abort each other for nothing under SERIALIZABLE, whose
   * predicate locks cover whole index pages: the uploads of one unit, many at once (bench/server).
   */
  isolation?: 'serializable' | 'read committed';
}

/**
 * Runs `fn` in one transaction: all of it is kept, or none. Inside a transaction already, `fn` joins it.
 *
 * Both databases give the same guarantee as SQLite always did — transactions behave as if one ran after
 * the other: SQLite has one writer at a time (BEGIN IMMEDIATE, open-store.ts), PostgreSQL runs them
 * SERIALIZABLE and one that lost a race is run again from the start (so `fn` must do nothing outside the
 * database that cannot be repeated). Inside `fn`, use `t`, never the outer `db`: on SQLite the outer one
 * waits for this very transaction.
 */
export async function transaction<R>(db: Sql, fn: (t: Sql) => Promise<R>, opts: TransactionOptions = {}): Promise<R> {
  if (db.isTransaction) return fn(db);
  if (dialectOf(db) === 'sqlite') return db.transaction().execute(fn);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().setIsolationLevel(opts.isolation ?? 'serializable').execute(fn);
    } catch (e) {
      const state = (e as { code?: unknown }).code;
      if (attempt >= MAX_ATTEMPTS || typeof state !== 'string' || !RETRY_STATES.has(state)) throw e;
      await new Promise((resolve) => setTimeout(resolve, retryPauseMs(attempt)));
    }
  }
}
