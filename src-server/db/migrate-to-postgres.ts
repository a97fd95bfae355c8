import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CodedError } from '../../src-shared/coded-error.js';
import type { ServerStore } from './open-store.js';
import { all, rawRows, run, transaction, value, type Dialect, type Sql } from './sql.js';

/**
 * `server-admin migrate-to-postgres`: every row of a SQLite store copied into an empty PostgreSQL one
 * (both already migrated to the newest schema), ids kept.
 *
 * - The tables and their columns come from the SQLite schema itself (sqlite_master, its foreign keys),
 *   parents before children; nothing here names a table, so a new migration needs no change here.
 * - A target holding any row in any table is refused before anything is written.
 * - All of it is one PostgreSQL transaction: the copy a page at a time (a large table never sits in
 *   memory), the identity sequences set past the copied ids (and past SQLite's AUTOINCREMENT marks, so
 *   a feed cursor never sees a number twice), then a check of every table — row count, and a SHA-256
 *   over its rows read from both sides in primary-key order, text compared byte by byte on both — that
 *   rolls the whole copy back on any difference. The SQLite side is read in one transaction too, so the
 *   copy and the check see the same rows.
 * - Triggers on PostgreSQL are off while the rows go in (`DISABLE TRIGGER USER`, undone before the
 *   commit): the rows are copied as they are, not as an insert by the server would change them (the
 *   triggers that mark an uploaded file used, for one). Foreign keys and checks stay on.
 */

/** A copy that cannot be done as asked; the message is Chinese and says what to do (exit 2). */
export class MigrateError extends CodedError<'migrate'> {
  override name = 'MigrateError';
  constructor(message: string) {
    super('migrate', message, { userFacing: true });
  }
}

type ColumnKind = 'integer' | 'real' | 'text' | 'blob' | 'numeric';

interface ColumnInfo {
  name: string;
  kind: ColumnKind;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  /** The primary key's columns, in key order. */
  key: ColumnInfo[];
  /** Tables this one's foreign keys point to (itself left out). */
  parents: string[];
}

export interface TableCopy {
  table: string;
  rows: number;
}

export interface CopySummary {
  from: string;
  to: string;
  tables: TableCopy[];
  rows: number;
  /** Identity sequences set past the copied ids. */
  sequences: number;
}

export interface CopyOptions {
  /** One line per step and table, as it happens. */
  progress?: ((line: string) => void) | undefined;
  /** Rows read per query (default 500). */
  pageSize?: number;
}

/** The bookkeeping tables each side keeps for itself: never copied (both are already at the same migration). */
const OWN_TABLES = new Set(['schema_migrations']);
/** PostgreSQL takes at most 65535 parameters per statement; an INSERT stays well under. */
const MAX_PARAMS = 30_000;

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** SQLite's type affinity of a declared column type (STRICT tables use the plain names). */
function kindOf(declared: string): ColumnKind {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'integer';
  if (/CHAR|CLOB|TEXT/.test(t)) return 'text';
  if (t === '' || t.includes('BLOB') || t === 'ANY') return 'blob';
  if (/REAL|FLOA|DOUB/.test(t)) return 'real';
  return 'numeric';
}

const columnRow = z.object({ name: z.string(), type: z.string(), pk: z.number() });

/**
 * The SQLite store's tables in an order rows can be inserted in: each after the tables its foreign keys
 * point to; otherwise in the order they were created.
 */
export async function copyOrder(db: Sql): Promise<TableInfo[]> {
  const names = (
    await all(db, z.object({ name: z.string() }), `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY rowid`)
  )
    .map((r) => r.name)
    .filter((n) => !OWN_TABLES.has(n));
  const tables: TableInfo[] = [];
  for (const name of names) {
    const cols = await all(db, columnRow, 'SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid', [name]);
    const columns = cols.map((c) => ({ name: c.name, kind: kindOf(c.type) }));
    const key = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => ({ name: c.name, kind: kindOf(c.type) }));
    if (key.length === 0) throw new Error(`table ${name} has no primary key: its rows cannot be compared in order`);
    const parents = (await all(db, z.object({ parent: z.string() }), 'SELECT DISTINCT "table" AS parent FROM pragma_foreign_key_list(?)', [name]))
      .map((r) => r.parent)
      .filter((p) => p !== name);
    tables.push({ name, columns, key, parents });
  }
  const known = new Set(names);
  const placed = new Set<string>();
  const order: TableInfo[] = [];
  while (order.length < tables.length) {
    const next = tables.find((t) => !placed.has(t.name) && t.parents.every((p) => placed.has(p) || !known.has(p)));
    if (!next) throw new Error(`foreign keys in a cycle among ${tables.filter((t) => !placed.has(t.name)).map((t) => t.name).join(', ')}`);
    placed.add(next.name);
    order.push(next);
  }
  return order;
}

/** How one side orders and compares text: byte order on both (SQLite BINARY; PostgreSQL's "C" collation over UTF-8). */
function keyExpr(c: ColumnInfo, dialect: Dialect): string {
  if (c.kind !== 'text') return q(c.name);
  return `${q(c.name)} COLLATE ${dialect === 'postgres' ? '"C"' : 'BINARY'}`;
}

/**
 * A table's rows in primary-key order, `size` at a time. SQLite: keyset pages (each starts after the last
 * key seen, along the primary key's index). PostgreSQL, inside the copy's transaction: one cursor,
 * fetched a page at a time, since a text key ordered byte by byte cannot use an index made under another
 * collation, and a keyset page would sort the whole table each time.
 */
async function* pages(db: Sql, dialect: Dialect, t: TableInfo, size: number): AsyncGenerator<Array<Record<string, unknown>>> {
  const columns = t.columns.map((c) => q(c.name)).join(', ');
  const keys = t.key.map((c) => keyExpr(c, dialect));
  if (dialect === 'postgres' && db.isTransaction) {
    const cursor = q(`migrate_${t.name}`);
    await run(db, `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${columns} FROM ${q(t.name)} ORDER BY ${keys.join(', ')}`);
    try {
      for (;;) {
        const rows = await rawRows(db, `FETCH ${Math.trunc(size)} FROM ${cursor}`);
        if (rows.length > 0) yield rows;
        if (rows.length < size) return;
      }
    } finally {
      // After a failed FETCH the transaction is aborted and this fails too: the first error is the one to see.
      await run(db, `CLOSE ${cursor}`).catch(() => undefined);
    }
  }
  const after = keys.length === 1 ? `${keys[0]} > ?` : `(${keys.join(', ')}) > (${keys.map(() => '?').join(', ')})`;
  let last: unknown[] | null = null;
  for (;;) {
    const rows: Array<Record<string, unknown>> = await rawRows(
      db,
      `SELECT ${columns} FROM ${q(t.name)} ${last ? `WHERE ${after} ` : ''}ORDER BY ${keys.join(', ')} LIMIT ${Math.trunc(size)}`,
      last ?? [],
    );
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    const end = rows[rows.length - 1]!;
    last = t.key.map((c) => end[c.name]);
  }
}

/** One value as both sides must agree on it: a number (whatever its type there), text, bytes as hex, or null. */
function normalised(v: unknown, kind: ColumnKind): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Object.is(v, -0) ? 0 : v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  // PostgreSQL gives NUMERIC as text: a number column's value is compared as the number it is.
  if (typeof v === 'string') return kind !== 'text' && kind !== 'blob' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { hex: Buffer.from(v).toString('hex') };
  // Anything else (a Date from a column typed differently) cannot equal SQLite's value: it shows as a difference.
  return { other: Object.prototype.toString.call(v), text: String(v) };
}

interface TableDigest {
  rows: number;
  sha256: string;
}

async function digest(db: Sql, dialect: Dialect, t: TableInfo, size: number): Promise<TableDigest> {
  const hash = createHash('sha256');
  let rows = 0;
  for await (const page of pages(db, dialect, t, size)) {
    for (const row of page) hash.update(JSON.stringify(t.columns.map((c) => normalised(row[c.name], c.kind))) + '\n');
    rows += page.length;
  }
  return { rows, sha256: hash.digest('hex') };
}

const count = async (db: Sql, table: string): Promise<number> => (await value(db, z.number(), `SELECT COUNT(*) FROM ${q(table)}`)) ?? 0;

const pgColumnRow = z.object({ table: z.string(), column: z.string() });

/** PostgreSQL's own tables (this schema), each with its columns. */
async function postgresTables(db: Sql): Promise<Map<string, Set<string>>> {
  const rows = await all(
    db,
    pgColumnRow,
    `SELECT c.table_name AS "table", c.column_name AS "column"
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, Set<string>>();
  for (const r of rows) {
    const cols = tables.get(r.table) ?? new Set<string>();
    cols.add(r.column);
    tables.set(r.table, cols);
  }
  return tables;
}

/** The target's tables that hold a row (its own bookkeeping left out). */
async function tablesWithRows(db: Sql, names: Iterable<string>): Promise<string[]> {
  const full: string[] = [];
  for (const name of names) {
    if (OWN_TABLES.has(name)) continue;
    if ((await rawRows(db, `SELECT 1 AS x FROM ${q(name)} LIMIT 1`)).length > 0) full.push(name);
  }
  return full;
}

function refuseNotEmpty(where: string, full: string[]): MigrateError {
  return new MigrateError(
    `目标数据库“${where}”里已经有数据（表 ${full.slice(0, 5).join('、')}${full.length > 5 ? ' 等' : ''}），为免两份数据混在一起，迁移只写入空的数据库。` +
      '请新建一个空的数据库（例如 CREATE DATABASE），或确认不再需要这些数据后自行清空，再迁移。没有写入任何东西。',
  );
}

/** Every SQLite table must be there on PostgreSQL with the same columns (both sides at the newest migration). */
function checkSameTables(tables: readonly TableInfo[], pg: Map<string, Set<string>>): void {
  for (const t of tables) {
    const cols = pg.get(t.name);
    const problem = !cols
      ? '在 PostgreSQL 里没有这张表'
      : t.columns.some((c) => !cols.has(c.name)) || cols.size !== t.columns.length
        ? `两边的列不同（SQLite：${t.columns.map((c) => c.name).join(', ')}；PostgreSQL：${[...cols].join(', ')}）`
        : null;
    if (problem) {
      throw new MigrateError(`两个数据库的表结构不一致（表 ${t.name}：${problem}），可能是同步服务器程序不完整或版本不对。没有写入任何东西，请联系技术支持。`);
    }
  }
}

/** The AUTOINCREMENT high-water marks: ids SQLite will never hand out again, even of rows since deleted. */
async function sqliteSequences(db: Sql): Promise<Map<string, number>> {
  const has = await value(db, z.number(), `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'`);
  if (has === undefined) return new Map();
  const rows = await all(db, z.object({ name: z.string(), seq: z.number() }), 'SELECT name, seq FROM sqlite_sequence');
  return new Map(rows.map((r) => [r.name, r.seq]));
}

/** Sets every identity sequence past the largest copied id (and past SQLite's AUTOINCREMENT mark); answers how many. */
async function resetSequences(dst: Sql, marks: Map<string, number>): Promise<number> {
  const serials = await all(
    dst,
    pgColumnRow,
    `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
      WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
      ORDER BY table_name, column_name`,
  );
  for (const s of serials) {
    const mark = marks.get(s.table) ?? 0;
    // setval(…, n, false): the next id handed out is n.
    await rawRows(
      dst,
      `SELECT setval(pg_get_serial_sequence(CAST(? AS TEXT), CAST(? AS TEXT)),
                     CASE WHEN COALESCE(MAX(${q(s.column)}), 0) > CAST(? AS BIGINT) THEN COALESCE(MAX(${q(s.column)}), 0) ELSE CAST(? AS BIGINT) END + 1,
                     false) AS v
         FROM ${q(s.table)}`,
      [s.table, s.column, mark, mark],
    );
  }
  return serials.length;
}

/** Copies one table's rows, a page at a time, in INSERTs of at most MAX_PARAMS values; answers the rows copied. */
async function copyTable(src: Sql, dst: Sql, t: TableInfo, size: number): Promise<number> {
  const columns = t.columns.map((c) => q(c.name)).join(', ');
  const tuple = `(${t.columns.map(() => '?').join(', ')})`;
  const perInsert = Math.max(1, Math.min(size, Math.floor(MAX_PARAMS / t.columns.length)));
  let copied = 0;
  for await (const page of pages(src, 'sqlite', t, size)) {
    for (let i = 0; i < page.length; i += perInsert) {
      const rows = page.slice(i, i + perInsert);
      const params = rows.flatMap((row) => t.columns.map((c) => row[c.name] ?? null));
      await run(dst, `INSERT INTO ${q(t.name)} (${columns}) VALUES ${rows.map(() => tuple).join(', ')}`, params);
    }
    copied += page.length;
  }
  return copied;
}

/**
 * Copies every row of `source` (SQLite) into `target` (PostgreSQL, empty), then checks it; throws a
 * MigrateError (nothing kept in the target) when the target is not empty or the copy differs.
 */
export async function copySqliteToPostgres(source: ServerStore, target: ServerStore, opts: CopyOptions = {}): Promise<CopySummary> {
  if (source.dialect !== 'sqlite' || target.dialect !== 'postgres') throw new Error('copySqliteToPostgres copies a SQLite store into a PostgreSQL one');
  const say = opts.progress ?? (() => undefined);
  const size = opts.pageSize ?? 500;

  const pgTables = await postgresTables(target.db);
  const early = await tablesWithRows(target.db, pgTables.keys());
  if (early.length > 0) throw refuseNotEmpty(target.where, early);

  say(`从 ${source.where} 迁移到 ${target.where}`);
  // The SQLite side in one transaction (it takes the write lock: nobody changes the rows meanwhile), the
  // PostgreSQL side in another, kept only when every table checked out.
  return transaction(source.db, async (src) => {
    const tables = await copyOrder(src);
    checkSameTables(tables, pgTables);
    const marks = await sqliteSequences(src);

    return target.db.transaction().execute(async (dst) => {
      // Taking each table's lock (ALTER TABLE) first, then looking again: nothing got in since the check above.
      for (const t of tables) {
        await run(dst, `ALTER TABLE ${q(t.name)} DISABLE TRIGGER USER`).catch((e: unknown) => {
          if ((e as { code?: unknown }).code !== '42501') throw e;
          throw new MigrateError(
            `数据库用户不是表 ${t.name} 的所有者，不能关闭它的触发器来原样写入数据。请用建表的那个数据库用户（DATABASE_URL 里的用户）迁移，或让数据库管理员把表的所有权交给它。没有写入任何东西。`,
          );
        });
      }
      const late = await tablesWithRows(dst, pgTables.keys());
      if (late.length > 0) throw refuseNotEmpty(target.where, late);

      say('复制：');
      const copied: TableCopy[] = [];
      for (const t of tables) {
        const rows = await copyTable(src, dst, t, size);
        copied.push({ table: t.name, rows });
        say(`  ${t.name}：${rows} 行`);
      }
      for (const t of tables) await run(dst, `ALTER TABLE ${q(t.name)} ENABLE TRIGGER USER`);
      const sequences = await resetSequences(dst, marks);
      say(`  已把 ${sequences} 个编号序列设到已有编号之后`);

      say('核对（行数和内容的 SHA-256）：');
      for (const t of tables) {
        const [srcCount, dstCount] = [await count(src, t.name), await count(dst, t.name)];
        const a = await digest(src, 'sqlite', t, size);
        const b = await digest(dst, 'postgres', t, size);
        if (srcCount !== dstCount || a.rows !== b.rows || a.sha256 !== b.sha256) {
          const what = srcCount !== dstCount ? `行数不同：SQLite ${srcCount} 行，PostgreSQL ${dstCount} 行` : '行数相同但内容不同';
          say(`  ${t.name}：不一致（${what}）`);
          throw new MigrateError(`迁移后核对不一致：表 ${t.name}（${what}）。已全部撤销，PostgreSQL 数据库里没有留下任何数据；原来的 SQLite 数据没有改动。请把这条信息发给技术支持。`);
        }
        say(`  ${t.name}：${srcCount} 行，一致`);
      }
      return {
        from: source.where,
        to: target.where,
        tables: copied,
        rows: copied.reduce((n, c) => n + c.rows, 0),
        sequences,
      };
    });
  });
}

/** The closing words of `server-admin migrate-to-postgres`: what was copied, and what to do with the files. */
export function formatCopySummary(s: CopySummary, blobDir: string): string {
  return [
    `迁移完成：${s.tables.length} 张表共 ${s.rows} 行已写入 ${s.to}，逐表核对行数和内容一致。`,
    `上传的文件（照片、佐证资料）不在数据库里，仍在“${blobDir}”：`,
    `  - 只有一台服务器时可以直接沿用：启动时加 --database-url <PostgreSQL 地址> --blob-dir "${blobDir}"（或设置环境变量 DATABASE_URL 和 BLOB_DIR）；`,
    `  - 多台服务器时，把这个文件夹复制到它们共用的文件夹，例如 cp -a "${blobDir}/." "<共用文件夹>/"（Windows：robocopy "${blobDir}" "<共用文件夹>" /E），再把每台服务器的 BLOB_DIR 指向那里。`,
    `原来的 SQLite 数据文件夹只升级了数据结构，数据没有改动；确认新数据库工作正常之前请保留它。`,
  ].join('\n');
}
