import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectBlobs, formatBlobGcSummary } from '../../src-server/blobs/blob-gc.js';
import { UploadQuota } from '../../src-server/blobs/upload-quota.js';
import { ConfigError, loadConfig } from '../../src-server/config.js';
import { rawRows } from '../../src-server/db/sql.js';
import { call, expectError, login, readyUser, runAdminCli, seedDirectory, startTestServer, type TestServer } from './server-helpers.js';
import { draftPersons as sameColourDrafts, PDF_BYTES, sha256, submitNewBatch, uploadBlob } from './sync-helpers.js';

/** The per-unit quota on uploads no batch names yet, and the clean-up of old ones (issue 13). */

const DAY = 24 * 60 * 60 * 1000;
const put = (ts: TestServer, token: string, bytes: Uint8Array) =>
  call(ts.url, 'PUT', `/api/v1/blobs/${sha256(bytes)}`, { token, raw: bytes, headers: { 'content-type': 'application/octet-stream' } });
const fileOf = (ts: TestServer, sha: string) => path.join(ts.config.blobDir, sha.slice(0, 2), sha);
const count = async (ts: TestServer, sql: string, ...args: unknown[]) => (await rawRows(ts.app.db, sql, args))[0]!['c'];
const bigPdf = (kb: number, seed: number) => Buffer.concat([PDF_BYTES, Buffer.alloc(kb * 1024, seed)]);

/** A JPEG of the Guangxi size in a random colour: near colours can compress to the same bytes. */
const used = new Set<string>();
async function photoBytes(): Promise<Buffer> {
  for (;;) {
    const c = () => Math.floor(Math.random() * 256);
    const bytes = await sharp({ create: { width: 90, height: 120, channels: 3, background: { r: c(), g: c(), b: c() } } }).jpeg().toBuffer();
    if (!used.has(sha256(bytes))) {
      used.add(sha256(bytes));
      return bytes;
    }
  }
}
async function draftPersons(n: number) {
  const drafts = await sameColourDrafts(n);
  for (const d of drafts) {
    d.photo = await photoBytes();
    d.person.photo = { ...d.person.photo!, sha256: sha256(d.photo) };
  }
  return drafts;
}

describe('settings', () => {
  it('reads BLOB_QUOTA, BLOB_QUOTA_FILES and BLOB_GC_DAYS, with defaults, and refuses bad ones in Chinese', () => {
    expect(loadConfig([], {})).toMatchObject({ blobQuotaBytes: 2 * 1024 ** 3, blobQuotaFiles: 20_000, blobGcDays: 30 });
    expect(loadConfig([], { BLOB_QUOTA: '500mb', BLOB_QUOTA_FILES: '100', BLOB_GC_DAYS: '7' })).toMatchObject({
      blobQuotaBytes: 500 * 1024 ** 2,
      blobQuotaFiles: 100,
      blobGcDays: 7,
    });
    expect(() => loadConfig([], { BLOB_QUOTA: 'lots' })).toThrow(ConfigError);
    expect(() => loadConfig([], { BLOB_QUOTA: 'lots' })).toThrow(/BLOB_QUOTA/);
    expect(() => loadConfig([], { BLOB_GC_DAYS: '0' })).toThrow(/BLOB_GC_DAYS.*不能小于 1/);
    expect(() => loadConfig([], { BLOB_QUOTA_FILES: 'x' })).toThrow(/BLOB_QUOTA_FILES.*必须是整数/);
  });
});

describe('upload quota', () => {
  let ts: TestServer;
  let unitA: { token: string };
  let unitB: { token: string };
  beforeAll(async () => {
    ts = await startTestServer({ photoSpec: 'guangxi', blobQuotaFiles: 3, blobQuotaBytes: 100 * 1024, blobBodyLimit: 1024 * 1024 });
    unitA = await readyUser(ts, 'unit', { unitId: (await seedDirectory(ts.app, 'A')).unit.id });
    unitB = await readyUser(ts, 'unit', { unitId: (await seedDirectory(ts.app, 'B')).unit.id });
  });
  afterAll(() => ts.stop());

  it('refuses a file past the count of unsubmitted files with a Chinese 413 and stores nothing; a submitted batch frees its files', async () => {
    const drafts = await draftPersons(2);
    for (const d of drafts) await uploadBlob(ts.url, unitA.token, d.photo);
    await uploadBlob(ts.url, unitA.token, PDF_BYTES);
    const extra = await photoBytes();
    const message = expectError(await put(ts, unitA.token, extra), 413, 'blob.quota_exceeded');
    expect(message).toMatch(/已有 3 个.*上限 3 个.*请先提交用到这些文件的批次.*联系管理员/);
    expect(fs.existsSync(fileOf(ts, sha256(extra)))).toBe(false);
    expect(await count(ts, 'SELECT COUNT(*) AS c FROM blobs WHERE sha256 = ?', sha256(extra))).toBe(0);
    expect(await count(ts, `SELECT COUNT(*) AS c FROM audit_log WHERE action = 'blob.upload' AND entity_id = ?`, sha256(extra))).toBe(0);

    // Sending a file again that the unit already has is no new use; another unit has its own quota.
    expect((await put(ts, unitA.token, drafts[0]!.photo)).status).toBe(200);
    expect((await put(ts, unitB.token, extra)).status).toBe(201);

    // The batch that uses the two photos is sent: they no longer count.
    await submitNewBatch(ts.url, unitA.token, drafts);
    expect((await put(ts, unitA.token, extra)).status).toBe(201);
    expect(fs.existsSync(fileOf(ts, sha256(extra)))).toBe(true);
  });

  it('counts the bytes too, and uploads under way at the same moment', async () => {
    const big = bigPdf(120, 1);
    expectError(await put(ts, unitB.token, big), 413, 'blob.quota_exceeded');
    expect(fs.existsSync(fileOf(ts, sha256(big)))).toBe(false);

    // Unit B has 1 of 3 files: of five sent at once exactly two are kept.
    const five = await Promise.all([1, 2, 3, 4, 5].map(() => photoBytes()));
    const answers = await Promise.all(five.map((b) => put(ts, unitB.token, b)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 413, 413, 413]);
    for (const [i, a] of answers.entries()) {
      expect(fs.existsSync(fileOf(ts, sha256(five[i]!)))).toBe(a.status === 201);
    }
  });
});

describe('UploadQuota: each upload counted once, whenever it commits', () => {
  /** A database of committed uploads (sha → bytes) that answers the sum without the files named. */
  function fakeDb() {
    const committed = new Map<string, number>();
    const usage = (besides: readonly string[]) => {
      const kept = [...committed].filter(([sha]) => !besides.includes(sha));
      return { bytes: kept.reduce((n, [, b]) => n + b, 0), files: kept.length };
    };
    return { committed, usage };
  }

  it('an upload that commits and lets go while another asks is neither missed nor counted twice', async () => {
    const db = fakeDb();
    const quota = new UploadQuota({ bytes: 1000, files: 2 });
    const a = await quota.reserve(1, 'a', 100, async (besides) => db.usage(besides));
    if (!('release' in a)) throw new Error('a refused');
    // B asks; while its question is out, A commits and lets go.
    const b = await quota.reserve(1, 'b', 100, async (besides) => {
      const answer = db.usage(besides);
      db.committed.set('a', 100);
      a.release();
      return answer;
    });
    if (!('release' in b)) throw new Error('b refused: A was counted twice');
    // C: A and B are both there now (A committed, B under way), and the quota is two files.
    const c = await quota.reserve(1, 'c', 100, async (besides) => db.usage(besides));
    expect(c).toEqual({ refused: { bytes: 200, files: 2 } });
    // Another unit has its own count (and its own rows).
    const other = fakeDb();
    expect('release' in (await quota.reserve(2, 'c', 100, async (besides) => other.usage(besides)))).toBe(true);
  });
});

describe('clean-up of files no batch uses', () => {
  let ts: TestServer;
  let unit: { token: string; username: string; password: string };
  /** Moves the clock and signs in again (a token lasts 12 hours). */
  const advance = async (ms: number) => {
    ts.clock.advance(ms);
    unit.token = await login(ts.url, unit.username, unit.password);
  };
  beforeAll(async () => {
    ts = await startTestServer({ photoSpec: 'guangxi', blobGcDays: 30 });
    unit = await readyUser(ts, 'unit', { unitId: (await seedDirectory(ts.app)).unit.id });
  });
  afterAll(() => ts.stop());

  it('removes only uploads older than N days that no batch names, rows first and then files; a dry run changes nothing', async () => {
    const used = await draftPersons(1);
    await submitNewBatch(ts.url, unit.token, used);
    const unused = await uploadBlob(ts.url, unit.token, PDF_BYTES);
    const renewed = await uploadBlob(ts.url, unit.token, await photoBytes());
    await advance(20 * DAY);
    const recent = await uploadBlob(ts.url, unit.token, await photoBytes());
    await advance(11 * DAY);
    // Sent again just now: the clerk is about to use it, its age starts again.
    await uploadBlob(ts.url, unit.token, fs.readFileSync(fileOf(ts, renewed)));

    // A file a crash left without a row, an hour old, and a temp file of an interrupted write: gone;
    // a fresh one (an upload between its file and its commit) stays.
    const orphan = sha256('orphan');
    const fresh = sha256('fresh');
    fs.mkdirSync(path.dirname(fileOf(ts, orphan)), { recursive: true });
    fs.mkdirSync(path.dirname(fileOf(ts, fresh)), { recursive: true });
    fs.writeFileSync(fileOf(ts, orphan), 'x');
    fs.writeFileSync(`${fileOf(ts, orphan)}.123-abcd.tmp`, 'xy');
    fs.writeFileSync(fileOf(ts, fresh), 'z');
    const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(fileOf(ts, orphan), hourAgo, hourAgo);
    fs.utimesSync(`${fileOf(ts, orphan)}.123-abcd.tmp`, hourAgo, hourAgo);

    const dry = await collectBlobs(ts.app.db, ts.config.blobDir, { days: 30, now: ts.clock.now(), dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, uploadsRemoved: 1, blobsRemoved: 1, bytesRemoved: PDF_BYTES.length, orphansRemoved: 2, orphanBytes: 3 });
    expect(formatBlobGcSummary(dry)).toMatch(/试运行.*没有删除/);
    expect(fs.existsSync(fileOf(ts, unused))).toBe(true);
    expect(await count(ts, 'SELECT COUNT(*) AS c FROM blobs WHERE sha256 = ?', unused)).toBe(1);

    const s = await collectBlobs(ts.app.db, ts.config.blobDir, { days: 30, now: ts.clock.now() });
    expect(s).toMatchObject({ dryRun: false, uploadsRemoved: 1, units: 1, blobsRemoved: 1, orphansRemoved: 2 });
    expect(formatBlobGcSummary(s)).toMatch(/已删除 1 个超过 30 天没有被任何批次使用的文件/);
    expect(await count(ts, 'SELECT COUNT(*) AS c FROM blobs WHERE sha256 = ?', unused)).toBe(0);
    expect(await count(ts, 'SELECT COUNT(*) AS c FROM blob_owners WHERE sha256 = ?', unused)).toBe(0);
    expect(fs.existsSync(fileOf(ts, unused))).toBe(false);
    expect(fs.existsSync(fileOf(ts, orphan))).toBe(false);
    expect(fs.existsSync(`${fileOf(ts, orphan)}.123-abcd.tmp`)).toBe(false);
    expect(fs.existsSync(fileOf(ts, fresh))).toBe(true);
    for (const kept of [used[0]!.person.photo!.sha256, renewed, recent]) {
      expect(fs.existsSync(fileOf(ts, kept))).toBe(true);
      expect((await call(ts.url, 'HEAD', `/api/v1/blobs/${kept}`, { token: unit.token })).status).toBe(200);
    }
    expect(await count(ts, `SELECT COUNT(*) AS c FROM audit_log WHERE action = 'blob.gc'`)).toBe(1);

    // The collected file can be sent again, and a batch may then use it.
    expect((await call(ts.url, 'HEAD', `/api/v1/blobs/${unused}`, { token: unit.token })).status).toBe(404);
    expect((await put(ts, unit.token, PDF_BYTES)).status).toBe(201);
    expect(fs.existsSync(fileOf(ts, unused))).toBe(true);
    fs.rmSync(fileOf(ts, fresh));
  });

  it('keeps a file a crash left behind once the same bytes are uploaded again, however old the file is', async () => {
    const bytes = await photoBytes();
    const sha = sha256(bytes);
    await uploadBlob(ts.url, unit.token, bytes);
    await advance(31 * DAY);
    await collectBlobs(ts.app.db, ts.config.blobDir, { days: 30, now: ts.clock.now() });
    expect(fs.existsSync(fileOf(ts, sha))).toBe(false);
    // As if the clean-up had crashed after its commit: the rows are gone, the (old) file is still there.
    fs.writeFileSync(fileOf(ts, sha), bytes);
    const old = new Date(Date.now() - 3 * 60 * 60 * 1000);
    fs.utimesSync(fileOf(ts, sha), old, old);
    expect((await put(ts, unit.token, bytes)).status).toBe(201);
    const s = await collectBlobs(ts.app.db, ts.config.blobDir, { days: 30, now: ts.clock.now() });
    expect(s.orphansRemoved).toBe(0);
    expect(fs.readFileSync(fileOf(ts, sha))).toEqual(bytes);
    expect((await call(ts.url, 'HEAD', `/api/v1/blobs/${sha}`, { token: unit.token })).status).toBe(200);
  });
});

describe('the server runs the clean-up on its own', () => {
  it('after listen and then on its interval, with its own clock, each run logged; stops on close', async () => {
    const lines: string[] = [];
    const stream = { write: (line: string) => void lines.push(line) };
    const ts = await startTestServer({ blobGcDays: 30 }, { blobGc: { firstDelayMs: 20, intervalMs: 50 }, logger: { level: 'info', stream } });
    const runs = () => lines.filter((l) => l.includes('"blobGc"')).length;
    try {
      const unit = await readyUser(ts, 'unit', { unitId: (await seedDirectory(ts.app)).unit.id });
      const sha = await uploadBlob(ts.url, unit.token, PDF_BYTES);
      await new Promise((r) => setTimeout(r, 200));
      expect(runs()).toBeGreaterThan(1);
      expect(fs.existsSync(fileOf(ts, sha))).toBe(true);
      ts.clock.advance(31 * DAY);
      for (let i = 0; i < 100 && fs.existsSync(fileOf(ts, sha)); i++) await new Promise((r) => setTimeout(r, 20));
      expect(fs.existsSync(fileOf(ts, sha))).toBe(false);
      expect(await count(ts, 'SELECT COUNT(*) AS c FROM blobs')).toBe(0);
      await new Promise((r) => setTimeout(r, 100));
      expect(lines.some((l) => l.includes('已删除 1 个超过 30 天没有被任何批次使用的文件'))).toBe(true);
      await ts.app.close();
      const after = runs();
      await new Promise((r) => setTimeout(r, 200));
      expect(runs()).toBe(after);
    } finally {
      await ts.stop();
    }
  });
});

describe('server-admin gc-blobs (child process)', () => {
  it('prints a Chinese summary or JSON, and refuses a bad --days with exit 2', async () => {
    const ts = await startTestServer();
    try {
      const unit = await readyUser(ts, 'unit', { unitId: (await seedDirectory(ts.app)).unit.id });
      const sha = await uploadBlob(ts.url, unit.token, PDF_BYTES);
      // The store the server uses: its data folder, and its PostgreSQL database when it has one.
      const where = ['--data', ts.config.dataDir, ...(ts.config.databaseUrl ? ['--database-url', ts.config.databaseUrl] : [])];
      const admin = (...args: string[]) => runAdminCli([...args, ...where]);
      let r = await admin('gc-blobs', '--dry-run');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('试运行');
      r = await admin('gc-blobs', '--days', '1', '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: false, days: 1, uploadsRemoved: 0, blobsRemoved: 0 });
      expect(fs.existsSync(fileOf(ts, sha))).toBe(true);
      r = await admin('gc-blobs', '--days', '0');
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toMatch(/--days（或 BLOB_GC_DAYS）应为 1 到 3650 之间的整数/);
    } finally {
      await ts.stop();
    }
  });
});
