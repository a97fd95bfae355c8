import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src-server/app.js';
import { defaultConfig } from '../../src-server/config.js';
import { copySqliteToPostgres, MigrateError } from '../../src-server/db/migrate-to-postgres.js';
import { openDb } from '../../src-server/db/open-db.js';
import { openServerStore, wrapSqlite, type ServerStore } from '../../src-server/db/open-store.js';
import { dialectOf, rawRows, run, type Sql } from '../../src-server/db/sql.js';
import { reviewPendingResponseSchema } from '../../src-shared/contract/sync-api.js';
import { changesResponseSchema } from '../../src-shared/contract/sync-feed.js';
import { freshPgUrl, testPgUrl, undoAfterAll } from '../helpers/pg-database.js';
import { call, readyUser, runAdminCli, seedDirectory, startTestServer, type TestServer } from '../server/server-helpers.js';
import { draftPersons, PDF_BYTES, sha256, submitNewBatch, uploadBlob } from '../server/sync-helpers.js';

/**
 * `server-admin migrate-to-postgres` (issue 20): a SQLite store the real server filled (accounts, a
 * pushed batch with photos and evidence, a decision) copied into an empty PostgreSQL database; a
 * server on the copy answers as the original does and keeps working; a target with rows is refused; a
 * copy that does not check out is rolled back. Runs under `npm run test:pg` only.
 */
if (!testPgUrl) console.log('test/pg/migrate-to-postgres: skipped, ZFBM_TEST_PG_URL is not set (run `npm run test:pg` for PostgreSQL)');
const suite = testPgUrl ? describe : describe.skip;

const cleanups = undoAfterAll();
const freshUrl = () => freshPgUrl(cleanups);

async function countRows(db: Sql): Promise<Record<string, number>> {
  const tables = await rawRows(
    db,
    dialectOf(db) === 'postgres'
      ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
      : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY name`,
  );
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const name = String(t['name']);
    if (name === 'schema_migrations') continue;
    counts[name] = Number((await rawRows(db, `SELECT COUNT(*) AS n FROM "${name}"`))[0]!['n']);
  }
  return counts;
}

suite('migrate-to-postgres', () => {
  let ts: TestServer;
  type Account = { token: string; id: number };
  let unit: Account, reviewer: Account, admin: Account;
  let batchId: string;
  let photo: string;

  beforeAll(async () => {
    // The original: the embedded SQLite store, filled through the real server's API.
    ts = await startTestServer({ databaseUrl: null, photoSpec: 'guangxi', reviewStages: 1 });
    const dir = await seedDirectory(ts.app);
    unit = await readyUser(ts, 'unit', { unitId: dir.unit.id });
    reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
    admin = await readyUser(ts, 'admin');
    const drafts = await draftPersons(3, (i) => ({ name: ['张三', '李四', '王五'][i]! }));
    photo = sha256(drafts[0]!.photo);
    batchId = (await submitNewBatch(ts.url, unit.token, drafts, [{ bytes: PDF_BYTES, kind: '在编证明', fileName: '在编证明.pdf' }])).id;
    // A file uploaded but not (yet) used by any batch: its upload row stays unreferenced.
    await uploadBlob(ts.url, unit.token, Buffer.from('%PDF-1.4\n% not used yet\n%%EOF\n'));
    const pending = reviewPendingResponseSchema.parse((await call(ts.url, 'GET', '/api/v1/review/pending', { token: reviewer.token })).body).persons;
    const zhang = pending.find((p) => p.name === '张三')!;
    const decided = await call(ts.url, 'POST', '/api/v1/review/decisions', {
      token: reviewer.token,
      body: { items: [{ personId: zhang.personId, version: 1 }], result: 'approved', comment: '' },
    });
    expect(decided.status, decided.text).toBe(200);
    // Copied with the server stopped, as the administrator is told to.
    await ts.app.close();
  });
  afterAll(() => ts.stop());

  /** The original again, and a server on the copy, sharing the original's blob folder and clock. */
  async function serversOn(url: string): Promise<{ sqlite: string; pg: string; close(): Promise<void> }> {
    const apps: FastifyInstance[] = [];
    const start = async (config: Parameters<typeof buildServer>[0]) => {
      const app = await buildServer(config, { logger: false, now: ts.clock.now });
      apps.push(app);
      return app.listen({ port: 0, host: '127.0.0.1' });
    };
    const pgData = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-pg-copy-'));
    cleanups.push(async () => fs.rmSync(pgData, { recursive: true, force: true }));
    const sqlite = await start(ts.config);
    const pg = await start(defaultConfig(pgData, { ...ts.config, dataDir: pgData, databaseUrl: url, blobDir: ts.config.blobDir }));
    return { sqlite, pg, close: async () => void (await Promise.all(apps.map((a) => a.close()))) };
  }

  it('copies every table in small pages, and a server on the copy answers as the original and keeps working', async () => {
    const url = await freshUrl();
    const source = await openServerStore({ dataDir: ts.config.dataDir });
    const target = await openServerStore({ dataDir: ts.config.dataDir, databaseUrl: url });
    const lines: string[] = [];
    try {
      // Two rows a page: every table with more rows than that is read in several keyset pages.
      const summary = await copySqliteToPostgres(source, target, { pageSize: 2, progress: (l) => lines.push(l) });
      const counts = await countRows(source.db);
      expect(summary.tables.map((t) => [t.table, t.rows])).toEqual(summary.tables.map((t) => [t.table, counts[t.table]]));
      expect(await countRows(target.db)).toEqual(counts);
      for (const t of ['users', 'batches', 'persons', 'person_versions', 'decisions', 'blobs', 'blob_owners', 'sessions', 'changes', 'audit_log']) {
        expect(counts[t], t).toBeGreaterThan(0);
        expect(lines, t).toContain(`  ${t}：${counts[t]} 行，一致`);
      }
      // Parents before children.
      const order = summary.tables.map((t) => t.table);
      expect(order.indexOf('jurisdictions')).toBeLessThan(order.indexOf('units'));
      expect(order.indexOf('persons')).toBeLessThan(order.indexOf('person_versions'));
      expect(order.indexOf('person_versions')).toBeLessThan(order.indexOf('decisions'));
      expect(order).not.toContain('schema_migrations');
      // The unreferenced upload stayed unreferenced: the triggers that mark a used file were off for the copy.
      const unused = async (db: Sql) => (await rawRows(db, 'SELECT sha256, unit_id, referenced_at FROM blob_owners ORDER BY sha256, unit_id')).map((r) => [r['sha256'], Number(r['unit_id']), r['referenced_at']]);
      expect(await unused(target.db)).toEqual(await unused(source.db));
      expect((await unused(target.db)).some((r) => r[2] === null)).toBe(true);
    } finally {
      await target.close();
      await source.close();
    }

    const s = await serversOn(url);
    try {
      const both = async (token: string, route: string) => {
        const a = await call(s.sqlite, 'GET', `/api/v1${route}`, { token });
        const b = await call(s.pg, 'GET', `/api/v1${route}`, { token });
        expect(a.status, `${route}: ${a.text}`).toBe(200);
        expect(b.status, `${route}: ${b.text}`).toBe(200);
        expect(b.body, route).toEqual(a.body);
        return b.body;
      };
      // The same tokens work on the copy: the sessions came along.
      const pending = reviewPendingResponseSchema.parse(await both(reviewer.token, '/review/pending')).persons;
      expect(pending.map((p) => p.name).sort()).toEqual(['李四', '王五']);
      await both(unit.token, '/changes?since=0');
      await both(unit.token, `/batches/${batchId}`);
      await both(admin.token, '/admin/directory');
      await both(reviewer.token, '/review/batches');
      expect((await call(s.pg, 'HEAD', `/api/v1/blobs/${photo}`, { token: unit.token })).status).toBe(200);

      // New rows on the copy get new ids: every identity sequence was moved past the copied ones.
      const added = await call(s.pg, 'POST', '/api/v1/admin/users', { token: admin.token, body: { username: 'after.migration', role: 'admin' } });
      expect(added.status, added.text).toBe(200);
      expect((added.body as { user: { id: number } }).user.id).toBeGreaterThan(admin.id);
      const more = await draftPersons(1, () => ({ name: '赵六' }));
      const sent = await submitNewBatch(s.pg, unit.token, more);
      expect(sent.answer.status).toBe(201);
      const feed = async () => changesResponseSchema.parse((await call(s.pg, 'GET', '/api/v1/changes?since=0', { token: unit.token })).body).changes.map((c) => c.seq);
      const seqsBefore = await feed();
      const li = pending.find((p) => p.name === '李四')!;
      const decided = await call(s.pg, 'POST', '/api/v1/review/decisions', { token: reviewer.token, body: { items: [{ personId: li.personId, version: 1 }], result: 'approved', comment: '' } });
      expect(decided.status, decided.text).toBe(200);
      const seqs = await feed();
      expect(seqs.length).toBeGreaterThan(seqsBefore.length);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(Math.min(...seqs.slice(seqsBefore.length))).toBeGreaterThan(Math.max(...seqsBefore));
    } finally {
      await s.close();
    }
  });

  it('as a command: progress per table, what to do with the files, and a second run into the now non-empty database is refused', async () => {
    const url = await freshUrl();
    const r = await runAdminCli(['migrate-to-postgres', '--from', ts.config.dataDir, '--to', url]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/复制：[\s\S]*\n {2}users：\d+ 行[\s\S]*核对[\s\S]*\n {2}users：\d+ 行，一致/);
    expect(r.stdout).toContain('迁移完成');
    expect(r.stdout).toContain(`--blob-dir "${ts.config.blobDir}"`);
    expect(r.stdout).toContain('BLOB_DIR');

    const target = await openServerStore({ dataDir: ts.config.dataDir, databaseUrl: url });
    try {
      const before = await countRows(target.db);
      expect(before['users']).toBeGreaterThan(0);
      const again = await runAdminCli(['migrate-to-postgres', '--from', ts.config.dataDir, '--to', url]);
      expect(again.code, again.stdout + again.stderr).toBe(2);
      const lines = again.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/已经有数据.*没有写入任何东西/);
      expect(await countRows(target.db)).toEqual(before);
    } finally {
      await target.close();
    }
  });

  it('refuses a missing source and a target that is not a PostgreSQL URL, with one Chinese line', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['migrate-to-postgres', '--from', path.join(ts.dir, 'nothing'), '--to', 'postgres://u@127.0.0.1:1/x'], /没有同步服务器的数据库/],
      [['migrate-to-postgres', '--from', ts.config.dataDir, '--to', 'mysql://u@h/x'], /postgres:\/\//],
      [['migrate-to-postgres', '--from', ts.config.dataDir], /缺少 --to/],
    ];
    for (const [args, re] of cases) {
      const r = await runAdminCli(args);
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(re);
    }
    expect(fs.existsSync(path.join(ts.dir, 'nothing'))).toBe(false);
  });

  it('compares text keys byte by byte on both sides, whatever collation the PostgreSQL column has', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-pg-collation-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const source: ServerStore = wrapSqlite(openDb(dir));
    const target = await openServerStore({ dataDir: dir, databaseUrl: await freshUrl() });
    try {
      // Byte order: B_x < Z < a_y < e < é; a natural-language collation puts a_y first and B_x after it.
      for (const key of ['Z', 'a_y', 'B_x', 'é', 'e']) {
        await run(source.db, "INSERT INTO settings (key, value, updated_at) VALUES (?, 'v', '2026-01-01T00:00:00Z')", [key]);
      }
      await run(target.db, 'ALTER TABLE settings ALTER COLUMN key TYPE TEXT COLLATE "und-x-icu"');
      const summary = await copySqliteToPostgres(source, target, { pageSize: 2 });
      expect(summary.tables.find((t) => t.table === 'settings')?.rows).toBe(5);
      expect((await rawRows(target.db, 'SELECT key FROM settings ORDER BY key')).map((r) => r['key'])).toEqual(['a_y', 'B_x', 'e', 'é', 'Z']);
    } finally {
      await target.close();
      await source.close();
    }
  });

  it('rolls the whole copy back and names the table when a table does not check out', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-pg-mismatch-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const source: ServerStore = wrapSqlite(openDb(dir));
    const target = await openServerStore({ dataDir: dir, databaseUrl: await freshUrl() });
    try {
      // A third of an hour does not survive a column that keeps single precision only.
      await run(source.db, "INSERT INTO courses (id, category, name, hours, required, position) VALUES (1, '行政执法', '法律基础', 1.0 / 3, 1, 1)");
      await run(target.db, 'ALTER TABLE courses ALTER COLUMN hours TYPE REAL');
      const err = await copySqliteToPostgres(source, target).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(MigrateError);
      expect((err as Error).message).toMatch(/表 courses.*已全部撤销/);
      expect(Object.values(await countRows(target.db)).every((n) => n === 0)).toBe(true);
    } finally {
      await target.close();
      await source.close();
    }
  });
});
