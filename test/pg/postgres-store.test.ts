import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgres } from '../../src-server/db/open-postgres.js';
import { openDb } from '../../src-server/db/open-db.js';
import { wrapSqlite, type ServerStore } from '../../src-server/db/open-store.js';
import { DbError } from '../../src-server/db/db-error.js';
import { MIGRATIONS } from '../../src-server/db/migrations/index.js';
import { rawRows, run, type Sql } from '../../src-server/db/sql.js';
import { freshPgUrl, testPgUrl, undoAfterAll } from '../helpers/pg-database.js';

/**
 * The server's PostgreSQL store (issue 20): the migrations in PostgreSQL's words give the schema the
 * SQLite ones give, its triggers refuse what SQLite's refuse, and opening behaves as the administrator
 * needs (concurrent starts, a newer schema, a wrong URL). Runs under `npm run test:pg` only.
 */
if (!testPgUrl) console.log('test/pg: skipped, ZFBM_TEST_PG_URL is not set (run `npm run test:pg` for PostgreSQL)');
const suite = testPgUrl ? describe : describe.skip;

const CHINESE = /[\u4e00-\u9fff]/;

/** Fresh databases and stores, dropped/closed when the file is done. */
const cleanups = undoAfterAll();
const freshUrl = () => freshPgUrl(cleanups);

async function pgStore(url?: string): Promise<ServerStore> {
  const store = await openPostgres(url ?? (await freshUrl()), MIGRATIONS, { poolSize: 3 });
  cleanups.push(() => store.close());
  return store;
}

function sqliteStore(): ServerStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-pg-cmp-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const store = wrapSqlite(openDb(dir));
  cleanups.push(() => store.close());
  return store;
}

async function applied(db: Sql): Promise<Array<{ id: number; name: string }>> {
  return (await rawRows(db, 'SELECT id, name FROM schema_migrations ORDER BY id')).map((r) => ({ id: Number(r['id']), name: String(r['name']) }));
}

async function openError(url: string): Promise<DbError> {
  const e: unknown = await openPostgres(url, MIGRATIONS).then(
    (s) => s.close().then(() => undefined),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DbError);
  return e as DbError;
}

// ---- the schema, as each database describes it -------------------------------------------------

interface Schema {
  /** table → column → NOT NULL (primary-key columns left out: SQLite lets a TEXT key be NULL, PostgreSQL never). */
  columns: Record<string, Record<string, boolean | 'pk'>>;
  /** Named indexes: "table name unique? partial? (columns, <expr> for an expression)". */
  indexes: string[];
  /** Every unique key, named or from a constraint: "table(columns)". */
  uniqueKeys: string[];
  triggers: string[];
}

async function sqliteSchema(db: Sql): Promise<Schema> {
  const tables = (await rawRows(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).map((r) => String(r['name']));
  const columns: Schema['columns'] = {};
  const indexes: string[] = [];
  const uniqueKeys: string[] = [];
  for (const t of tables) {
    const cols = await rawRows(db, 'SELECT name, "notnull" AS nn, pk FROM pragma_table_info(?) ORDER BY cid', [t]);
    columns[t] = Object.fromEntries(cols.map((c) => [String(c['name']), Number(c['pk']) > 0 ? 'pk' : Number(c['nn']) === 1]));
    const list = await rawRows(db, 'SELECT name, "unique" AS u, origin, partial FROM pragma_index_list(?)', [t]);
    for (const ix of list) {
      const name = String(ix['name']);
      const cols = (await rawRows(db, 'SELECT name FROM pragma_index_info(?) ORDER BY seqno', [name])).map((c) => (c['name'] === null ? '<expr>' : String(c['name'])));
      if (Number(ix['u']) === 1) uniqueKeys.push(`${t}(${cols.join(', ')})`);
      if (!name.startsWith('sqlite_autoindex_')) indexes.push(`${t} ${name} unique=${Number(ix['u'])} partial=${Number(ix['partial'])} (${cols.join(', ')})`);
    }
    // An INTEGER PRIMARY KEY is the rowid: unique, but no index of its own.
    if (!list.some((ix) => ix['origin'] === 'pk')) {
      const pk = cols.filter((c) => Number(c['pk']) > 0).sort((a, b) => Number(a['pk']) - Number(b['pk'])).map((c) => String(c['name']));
      if (pk.length > 0) uniqueKeys.push(`${t}(${pk.join(', ')})`);
    }
  }
  const triggers = (await rawRows(db, "SELECT tbl_name || '.' || name AS n FROM sqlite_master WHERE type = 'trigger' ORDER BY 1")).map((r) => String(r['n']));
  return { columns, indexes: indexes.sort(), uniqueKeys: uniqueKeys.sort(), triggers };
}

async function postgresSchema(db: Sql): Promise<Schema> {
  const columns: Schema['columns'] = {};
  const pkCols = new Set(
    (
      await rawRows(
        db,
        `SELECT k.table_name || '.' || k.column_name AS c FROM information_schema.table_constraints tc
           JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
          WHERE tc.table_schema = 'public' AND tc.constraint_type = 'PRIMARY KEY'`,
      )
    ).map((r) => String(r['c'])),
  );
  const cols = await rawRows(
    db,
    `SELECT c.table_name AS t, c.column_name AS name, c.is_nullable AS nullable FROM information_schema.columns c
       JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' ORDER BY c.table_name, c.ordinal_position`,
  );
  for (const c of cols) {
    const t = String(c['t']);
    const name = String(c['name']);
    (columns[t] ??= {})[name] = pkCols.has(`${t}.${name}`) ? 'pk' : c['nullable'] === 'NO';
  }
  const ix = await rawRows(
    db,
    `SELECT t.relname AS t, i.relname AS name, x.indisunique AS u, x.indpred IS NOT NULL AS partial,
            x.indnkeyatts AS n, x.indexrelid AS oid
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace ns ON ns.oid = t.relnamespace
      WHERE ns.nspname = 'public' ORDER BY t.relname, i.relname`,
  );
  const constraintIndexes = new Set((await rawRows(db, "SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u')")).map((r) => String(r['conname'])));
  const indexes: string[] = [];
  const uniqueKeys: string[] = [];
  for (const i of ix) {
    const names: string[] = [];
    for (let k = 1; k <= Number(i['n']); k++) {
      const def = String((await rawRows(db, 'SELECT pg_get_indexdef(CAST(? AS oid), CAST(? AS INTEGER), true) AS d', [i['oid'], k]))[0]!['d']);
      // A column by name (quoted when it is a keyword, like "position"), else an expression.
      const column = /^(\w+)$|^"(\w+)"$/.exec(def);
      names.push(column ? (column[1] ?? column[2])! : '<expr>');
    }
    const t = String(i['t']);
    const name = String(i['name']);
    if (i['u'] === true) uniqueKeys.push(`${t}(${names.join(', ')})`);
    if (!constraintIndexes.has(name)) indexes.push(`${t} ${name} unique=${i['u'] === true ? 1 : 0} partial=${i['partial'] === true ? 1 : 0} (${names.join(', ')})`);
  }
  const triggers = (await rawRows(db, "SELECT c.relname || '.' || tg.tgname AS n FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid WHERE NOT tg.tgisinternal ORDER BY 1")).map((r) => String(r['n']));
  return { columns, indexes: indexes.sort(), uniqueKeys: uniqueKeys.sort(), triggers };
}

// ---- statements run on both: each must be refused or accepted alike ----------------------------

const NOW = '2026-04-20T08:00:00.000Z';
const HASH = 'a'.repeat(64);

/**
 * Inserted in this order into empty tables, the rows get the same ids on both (1, 2, …): the probes name
 * them. (After a refused insert the ids part: PostgreSQL's sequence does not give a number back.)
 */
const SEED: Array<[string, unknown[]]> = [
  ["INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('南宁市司法局', 'city', NULL, 'city', ?)", [NOW]],
  ["INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('兴宁区司法局', 'county', 1, 'county', ?)", [NOW]],
  ["INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('自治区司法厅', 'city', NULL, 'province', ?)", [NOW]],
  ["INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('农垦局', 'county', 3, 'department', ?)", [NOW]],
  ["INSERT INTO units (name, jurisdiction_id, created_at) VALUES ('兴宁区城管局', 2, ?)", [NOW]],
  ["INSERT INTO users (username, role, password_hash, created_at, updated_at) VALUES ('Admin', 'admin', 'x', ?, ?)", [NOW, NOW]],
  ["INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES (?, 'Admin', 'user.add', 'user', '1')", [NOW]],
  ["INSERT INTO exams (name, category, registration_start, registration_end, exam_start, exam_end, last_day, fee_yuan, created_at, updated_at) VALUES ('2026 考试', '行政执法', '2026-05-01', '2026-05-10', '2026-06-01', '2026-06-01', '2026-06-01', 0, ?, ?)", [NOW, NOW]],
  ["INSERT INTO changes (unit_id, type, payload, at) VALUES (1, 'training_opened', '{}', ?)", [NOW]],
];

interface Probe {
  what: string;
  sql: string;
  params?: unknown[];
  /** The trigger's text both must refuse with; `true` a refusal by a constraint (engines word it differently). */
  refused: string | boolean;
}

const PROBES: Probe[] = [
  {
    what: 'a county jurisdiction under a county (both insert triggers refuse it: the newer one speaks, as on SQLite)',
    sql: "INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('乡镇', 'county', 2, 'county', ?)",
    params: [NOW],
    refused: "a jurisdiction's kind must fit its level and parent: county under city, department under province",
  },
  {
    what: 'a county jurisdiction of kind county under a department (level county)',
    sql: "INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('乡镇', 'county', 4, 'county', ?)",
    params: [NOW],
    refused: "a jurisdiction's kind must fit its level and parent: county under city, department under province",
  },
  {
    what: 'a department under a city',
    sql: "INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('某部门', 'county', 1, 'department', ?)",
    params: [NOW],
    refused: "a jurisdiction's kind must fit its level and parent: county under city, department under province",
  },
  {
    what: 'a county under the province',
    sql: "INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('某县', 'county', 3, 'county', ?)",
    params: [NOW],
    refused: "a jurisdiction's kind must fit its level and parent: county under city, department under province",
  },
  {
    what: 'a city of kind county',
    sql: "INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('某市', 'city', NULL, 'county', ?)",
    params: [NOW],
    refused: "a jurisdiction's kind must fit its level and parent: county under city, department under province",
  },
  {
    what: 'a county under a missing parent',
    sql: "INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('某县', 'county', 99, 'county', ?)",
    params: [NOW],
    refused: true,
  },
  {
    what: 'a city with a parent (left to the table CHECK)',
    sql: "INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('某市', 'city', 1, 'city', ?)",
    params: [NOW],
    refused: true,
  },
  {
    what: 'a county under a city',
    sql: "INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('青秀区司法局', 'county', 1, 'county', ?)",
    params: [NOW],
    refused: false,
  },
  {
    what: 'a department under the province',
    sql: "INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('南宁铁路局', 'county', 3, 'department', ?)",
    params: [NOW],
    refused: false,
  },
  {
    what: 'the same county name under the same city',
    sql: "INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('青秀区司法局', 'county', 1, 'county', ?)",
    params: [NOW],
    refused: true,
  },
  {
    what: 'the same city name twice (the expression index on the parent)',
    sql: "INSERT INTO jurisdictions (name, level, parent_id, kind, created_at) VALUES ('南宁市司法局', 'city', NULL, 'city', ?)",
    params: [NOW],
    refused: true,
  },
  { what: 'moving a jurisdiction', sql: 'UPDATE jurisdictions SET parent_id = 1 WHERE id = 4', refused: "a jurisdiction's place in the tree does not change" },
  { what: 'renaming a jurisdiction', sql: "UPDATE jurisdictions SET name = '新名' WHERE name = '青秀区司法局'", refused: false },
  { what: 'changing the audit log', sql: "UPDATE audit_log SET actor = 'x' WHERE id = 1", refused: 'audit_log is append-only' },
  { what: 'deleting from the audit log', sql: 'DELETE FROM audit_log WHERE id = 1', refused: 'audit_log is append-only' },
  {
    what: 'a user name differing only in case',
    sql: "INSERT INTO users (username, role, password_hash, created_at, updated_at) VALUES ('ADMIN', 'admin', 'x', ?, ?)",
    params: [NOW, NOW],
    refused: true,
  },
  {
    what: 'a reviewer without a jurisdiction',
    sql: "INSERT INTO users (username, role, review_level, password_hash, created_at, updated_at) VALUES ('r1', 'reviewer', 'city', 'x', ?, ?)",
    params: [NOW, NOW],
    refused: true,
  },
  {
    what: 'a results date that is not YYYY-MM-DD',
    sql: "UPDATE exams SET results_announced_on = '2026-6-01' WHERE id = 1",
    refused: true,
  },
  { what: 'a results date with more after it', sql: "UPDATE exams SET results_announced_on = '2026-06-01x' WHERE id = 1", refused: true },
  { what: 'a results date', sql: "UPDATE exams SET results_announced_on = '2026-06-30' WHERE id = 1", refused: false },
  { what: 'a stage with one date only', sql: "UPDATE exams SET review_start = '2026-05-11' WHERE id = 1", refused: true },
  { what: 'an empty change type (0012)', sql: "INSERT INTO changes (unit_id, type, payload, at) VALUES (1, '', '{}', ?)", params: [NOW], refused: true },
  {
    what: 'a course of 0.5 hours',
    sql: "INSERT INTO courses (category, name, hours, required, position) VALUES ('行政执法', '宪法', 0.5, 1, 1)",
    refused: false,
  },
  { what: 'a course of 0 hours', sql: "INSERT INTO courses (category, name, hours, required, position) VALUES ('行政执法', '民法', 0, 1, 2)", refused: true },
];

/**
 * undefined when accepted; else the error's message, marked when it is not a refusal by the schema (a
 * constraint or a trigger): a probe must not pass by a syntax error.
 */
async function attempt(db: Sql, text: string, params: unknown[] = []): Promise<string | undefined> {
  try {
    await run(db, text, params);
    return undefined;
  } catch (e) {
    const code = String((e as { code?: unknown }).code);
    const bySchema = code.startsWith('SQLITE_CONSTRAINT') || code.startsWith('23') || code === 'P0001';
    const message = e instanceof Error ? e.message : String(e);
    return bySchema ? message : `not a refusal by the schema (${code}): ${message}`;
  }
}

suite('the server store on PostgreSQL', () => {
  it('applies all the migrations to a fresh database, and nothing when opened again', async () => {
    const url = await freshUrl();
    const first = await pgStore(url);
    expect(await applied(first.db)).toEqual(MIGRATIONS.map((m) => ({ id: m.id, name: m.name })));
    expect(first.dialect).toBe('postgres');
    expect(first.sqlite).toBeNull();
    const stamps = await rawRows(first.db, 'SELECT id, applied_at FROM schema_migrations ORDER BY id');
    await first.close();
    const again = await pgStore(url);
    expect(await rawRows(again.db, 'SELECT id, applied_at FROM schema_migrations ORDER BY id')).toEqual(stamps);
  });

  it('two servers starting at the same moment on one fresh database both open it; each migration runs once', async () => {
    const url = await freshUrl();
    const [a, b] = await Promise.all([pgStore(url), pgStore(url)]);
    expect(await applied(a.db)).toEqual(MIGRATIONS.map((m) => ({ id: m.id, name: m.name })));
    expect(await applied(b.db)).toEqual(MIGRATIONS.map((m) => ({ id: m.id, name: m.name })));
    // Both can work on it.
    expect(await rawRows(b.db, 'SELECT COUNT(*) AS n FROM users')).toEqual([{ n: 0 }]);
  });

  it('refuses a database a newer server has migrated, in Chinese', async () => {
    const url = await freshUrl();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    await client.query("INSERT INTO schema_migrations VALUES (999, 'from-the-future', '2030-01-01T00:00:00.000Z')");
    await client.end();
    const e = await openError(url);
    expect(e.code).toBe('newer_schema');
    expect(e.message).toMatch(CHINESE);
    expect(e.message).toContain('999');
    expect(e.message).toContain(String(MIGRATIONS.length));
  });

  it('a wrong user or password, or a missing database: a Chinese message without the password', async () => {
    const secret = 'S3cret-do-not-print';
    // The test cluster trusts every connection from 127.0.0.1, so a wrong login is a user it does not know.
    const wrongLogin = new URL(testPgUrl!);
    wrongLogin.username = 'no_such_user';
    wrongLogin.password = secret;
    const login = await openError(wrongLogin.toString());
    expect(login.message).toMatch(CHINESE);
    expect(login.message).toContain('用户名或密码');
    expect(login.message).not.toContain(secret);

    const missing = new URL(testPgUrl!);
    missing.password = secret;
    missing.pathname = '/zfbm_no_such_database';
    const db = await openError(missing.toString());
    expect(db.message).toMatch(CHINESE);
    expect(db.message).toContain('不存在');
    expect(db.message).not.toContain(secret);

    // Nothing listens there.
    const down = new URL(testPgUrl!);
    down.password = secret;
    down.port = '1';
    const refused = await openError(down.toString());
    expect(refused.message).toMatch(CHINESE);
    expect(refused.message).toContain('无法连接数据库');
    expect(refused.message).not.toContain(secret);
  });

  it('has every table, column, index and trigger the SQLite schema has', async () => {
    const [lite, post] = await Promise.all([sqliteSchema(sqliteStore().db), pgStore().then((s) => postgresSchema(s.db))]);
    expect(Object.keys(lite.columns).length).toBeGreaterThan(20);
    expect(post.columns).toEqual(lite.columns);
    expect(post.indexes).toEqual(lite.indexes);
    expect(post.uniqueKeys).toEqual(lite.uniqueKeys);
    expect(post.triggers).toEqual(lite.triggers);
  });

  it('refuses what the SQLite schema refuses, with the same trigger messages', async () => {
    const lite = sqliteStore().db;
    const post = (await pgStore()).db;
    for (const db of [lite, post]) for (const [text, params] of SEED) await run(db, text, params);
    for (const p of PROBES) {
      const [l, g] = [await attempt(lite, p.sql, p.params), await attempt(post, p.sql, p.params)];
      const outcome = (m: string | undefined) =>
        m === undefined ? 'accepted' : typeof p.refused === 'string' || m.startsWith('not a refusal') ? m : 'refused';
      const want = p.refused === false ? 'accepted' : typeof p.refused === 'string' ? p.refused : 'refused';
      expect({ what: p.what, sqlite: outcome(l) }).toEqual({ what: p.what, sqlite: want });
      expect({ what: p.what, postgres: outcome(g) }).toEqual({ what: p.what, postgres: want });
    }
    // The case-blind user name finds the user, as COLLATE NOCASE does.
    for (const db of [lite, post]) expect(await rawRows(db, 'SELECT id FROM users WHERE username = ?', ['admin'])).toEqual([{ id: 1 }]);
  });

  it('keeps the blob-use triggers: a photo, evidence or a payment slip marks the unit’s upload as used', async () => {
    const lite = sqliteStore().db;
    const post = (await pgStore()).db;
    const steps: Array<[string, unknown[]]> = [
      ...SEED.slice(0, 6),
      ["INSERT INTO blobs (sha256, size, mime, created_at) VALUES (?, 10, 'image/jpeg', ?)", [HASH, NOW]],
      ["INSERT INTO blobs (sha256, size, mime, created_at) VALUES (?, 10, 'application/pdf', ?)", ['b'.repeat(64), NOW]],
      ["INSERT INTO blobs (sha256, size, mime, created_at) VALUES (?, 10, 'application/pdf', ?)", ['c'.repeat(64), NOW]],
      ["INSERT INTO users (username, role, unit_id, password_hash, created_at, updated_at) VALUES ('clerk', 'unit', 1, 'x', ?, ?)", [NOW, NOW]],
      ["INSERT INTO blob_owners (sha256, unit_id, uploaded_by, created_at, size, uploaded_at) VALUES (?, 1, 2, ?, 10, ?)", [HASH, NOW, NOW]],
      ["INSERT INTO blob_owners (sha256, unit_id, uploaded_by, created_at, size, uploaded_at) VALUES (?, 1, 2, ?, 10, ?)", ['b'.repeat(64), NOW, NOW]],
      ["INSERT INTO blob_owners (sha256, unit_id, uploaded_by, created_at, size, uploaded_at) VALUES (?, 1, 2, ?, 10, ?)", ['c'.repeat(64), NOW, NOW]],
      [
        "INSERT INTO batches (id, unit_id, kind, name, number, created_at, rules_version, submitted_by, received_at, updated_at) VALUES (?, 1, 'new', 'b', '1', ?, '1', 2, ?, ?)",
        ['0'.repeat(36), NOW, NOW, NOW],
      ],
      [
        "INSERT INTO persons (batch_id, unit_id, person_key, kind, version, id_number, name, status, pending_jurisdiction_id, pending_level, updated_at) VALUES (?, 1, 'p1', 'new', 1, '1', '张三', 'submitted', 2, 'county', ?)",
        ['0'.repeat(36), NOW],
      ],
      [
        "INSERT INTO person_versions (person_id, version, fields_json, photo_sha256, photo_file_name, content_sha256, submitted_by, submitted_at) VALUES (1, 1, '{}', ?, 'a.jpg', 'x', 2, '2026-04-21T00:00:00.000Z')",
        [HASH],
      ],
      ["INSERT INTO batch_evidence (batch_id, sha256, kind, file_name, added_at) VALUES (?, ?, 'x', 'b.pdf', '2026-04-22T00:00:00.000Z')", ['0'.repeat(36), 'b'.repeat(64)]],
      [
        "INSERT INTO batch_payments (batch_id, transfer_ref, slip_sha256, slip_name, receipt_title, taxpayer_id, pickup_name, pickup_phone, mailing_address, submitted_by, submitted_at) VALUES (?, 'r', ?, 's.pdf', 't', 'x', 'p', '1', 'a', 2, '2026-04-23T00:00:00.000Z')",
        ['0'.repeat(36), 'b'.repeat(64)],
      ],
      ["UPDATE batch_payments SET slip_sha256 = ?, submitted_at = '2026-04-24T00:00:00.000Z'", ['c'.repeat(64)]],
    ];
    for (const db of [lite, post]) for (const [text, params] of steps) await run(db, text, params);
    const marks = (db: Sql) => rawRows(db, 'SELECT sha256, referenced_at FROM blob_owners ORDER BY sha256');
    const want = [
      { sha256: HASH, referenced_at: '2026-04-21T00:00:00.000Z' },
      { sha256: 'b'.repeat(64), referenced_at: '2026-04-22T00:00:00.000Z' },
      { sha256: 'c'.repeat(64), referenced_at: '2026-04-24T00:00:00.000Z' },
    ];
    expect(await marks(lite)).toEqual(want);
    expect(await marks(post)).toEqual(want);
    // person_versions and decisions cannot be changed, on both.
    for (const db of [lite, post]) expect(await attempt(db, "UPDATE person_versions SET fields_json = '[]'")).toBe('person_versions are immutable');
  });

  it('numbers changes from where they were: the feed sequence is an identity', async () => {
    const post = (await pgStore()).db;
    for (const [text, params] of SEED.slice(0, 5)) await run(post, text, params);
    const seqs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const rows = await rawRows(post, "INSERT INTO changes (unit_id, type, payload, at) VALUES (1, 'decision', '{}', ?) RETURNING seq", [NOW]);
      seqs.push(Number(rows[0]!['seq']));
    }
    await run(post, 'DELETE FROM changes WHERE seq = ?', [seqs[2]]);
    const next = await rawRows(post, "INSERT INTO changes (unit_id, type, payload, at) VALUES (1, 'decision', '{}', ?) RETURNING seq", [NOW]);
    expect(seqs).toEqual([1, 2, 3]);
    expect(next).toEqual([{ seq: 4 }]);
  });
});
