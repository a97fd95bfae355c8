import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addJurisdiction, addUnit, addUser, type Actor } from '../../src-server/accounts/accounts.js';
import { openServerStore, type ServerStore } from '../../src-server/db/open-store.js';
import { column, value } from '../../src-server/db/sql.js';
import { changeSchema } from '../../src-shared/contract/sync-api.js';
import { freshPgDatabase, testPgUrl } from '../helpers/pg-database.js';
import { call, REPO_ROOT } from '../server/server-helpers.js';
import { batchBody, draftPersons, newBatchId, putBatch, uploadBlob } from '../server/sync-helpers.js';

/**
 * Several server processes on one PostgreSQL and one blob folder (issue 20): what a load balancer in
 * front of two servers does to them. Two real server processes (src-server/main.ts, as `npm run server`
 * starts it); 4 units push at once through both, each batch sent through both processes at the same
 * moment and its photos uploaded through both; a reviewer decides through both; each unit reads its
 * change feed in small pages, alternating between the processes. Runs under `npm run test:pg` only.
 */
if (!testPgUrl) console.log('test/pg: skipped, ZFBM_TEST_PG_URL is not set (run `npm run test:pg` for PostgreSQL)');
const suite = testPgUrl ? describe : describe.skip;

const UNITS = 4;
const PERSONS = 6;

interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** What it logged (warn and above, JSON lines): shown when a request fails. */
  log: () => string;
}

/** `npm run server` without npm: the same entry, its own process, an address chosen by the OS. */
async function startProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src-server', 'main.ts'), '--port', '0', '--host', '127.0.0.1'], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${out}\n${err}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Sync server listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}:\n${out}\n${err}`));
    });
  });
  return { url, child, log: () => out + err };
}

async function stopProcess(p: ServerProcess): Promise<void> {
  if (p.child.exitCode !== null) return;
  const exited = new Promise((resolve) => p.child.once('exit', resolve));
  p.child.kill('SIGTERM');
  await exited;
}

/** Signs in with the initial password and sets a real one: the token of a ready account. */
async function ready(url: string, username: string, initial: string): Promise<string> {
  const first = await call(url, 'POST', '/api/v1/auth/login', { body: { username, password: initial } });
  expect(first.status, first.text).toBe(200);
  const token = (first.body as { token: string }).token;
  const changed = await call(url, 'POST', '/api/v1/auth/change-password', { token, body: { oldPassword: initial, newPassword: `Qz7-${Math.random().toString(36).slice(2, 10)}-Wm` } });
  expect(changed.status, changed.text).toBe(200);
  return token;
}

suite('two server processes, one PostgreSQL, one blob folder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-two-'));
  const blobDir = path.join(dir, 'blobs');
  let drop: () => Promise<void>;
  let store: ServerStore;
  let a: ServerProcess;
  let b: ServerProcess;
  const units: Array<{ id: number; token: string }> = [];
  let reviewerToken = '';

  beforeAll(async () => {
    const db = await freshPgDatabase();
    drop = db.drop;
    // Each process has a data folder of its own (nothing of the store is in it) and shares the blob folder.
    const env = (name: string) => ({ DATABASE_URL: db.url, BLOB_DIR: blobDir, DATA_DIR: path.join(dir, name) });
    [a, b] = await Promise.all([startProcess(env('a')), startProcess(env('b'))]);
    store = await openServerStore({ dataDir: path.join(dir, 'seed'), databaseUrl: db.url });
    const actor: Actor = { userId: null, name: 'test', now: () => new Date() };
    const city = await addJurisdiction(store.db, { name: '南宁市司法局', level: 'city', parentId: null }, actor);
    const county = await addJurisdiction(store.db, { name: '青秀区司法局', level: 'county', parentId: city.id }, actor);
    for (let u = 0; u < UNITS; u++) {
      const unit = await addUnit(store.db, { name: `青秀区执法单位${u + 1}`, jurisdictionId: county.id }, actor);
      const { initialPassword } = await addUser(store.db, { username: `unit${u + 1}`, role: 'unit', unitId: unit.id }, actor);
      // Half the units sign in through each process: the session is in the database, good for both.
      units.push({ id: unit.id, token: await ready(u % 2 === 0 ? a.url : b.url, `unit${u + 1}`, initialPassword) });
    }
    const { initialPassword } = await addUser(store.db, { username: 'reviewer1', role: 'reviewer', jurisdictionId: county.id }, actor);
    reviewerToken = await ready(b.url, 'reviewer1', initialPassword);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(stopProcess));
    await store?.close();
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('4 units push at once through both processes: every batch lands once, with all its people and photos', async () => {
    const batchIds = await Promise.all(
      units.map(async (unit) => {
        const drafts = await draftPersons(PERSONS, () => ({}), 'png');
        // Each photo uploaded through both processes at the same moment: one file, never a broken one.
        await Promise.all(drafts.flatMap((d) => [uploadBlob(a.url, unit.token, d.photo), uploadBlob(b.url, unit.token, d.photo)]));
        const id = newBatchId();
        const body = batchBody(drafts.map((d) => d.person));
        // The desktop retrying through the load balancer: the same batch arrives at both at once.
        const answers = await Promise.all([putBatch(a.url, unit.token, id, body), putBatch(b.url, unit.token, id, body)]);
        const statuses = answers.map((r) => r.status).sort();
        expect(statuses[0], answers.map((r) => r.text).join('\n')).toBe(200);
        expect(statuses[1], answers.map((r) => r.text).join('\n')).toBe(201);
        return id;
      }),
    );
    expect(await value(store.db, z.number(), 'SELECT COUNT(*) AS n FROM batches')).toBe(UNITS);
    for (const [i, id] of batchIds.entries()) {
      expect(await value(store.db, z.number(), 'SELECT COUNT(*) AS n FROM persons WHERE batch_id = ? AND unit_id = ?', [id, units[i]!.id])).toBe(PERSONS);
    }
    // Every photo named by a batch is a whole file in the shared folder, with no temp file left.
    const shas = await column(store.db, z.string(), 'SELECT DISTINCT photo_sha256 FROM person_versions ORDER BY photo_sha256');
    expect(shas.length).toBeGreaterThan(0);
    const left = fs.readdirSync(blobDir, { recursive: true }).map(String);
    for (const sha of shas) expect(left.some((f) => f.endsWith(sha))).toBe(true);
    expect(left.filter((f) => /\.tmp|\.part|new-/.test(f))).toEqual([]);
    // Either process serves any of them, whole (the reviewer's photo route reads the shared folder).
    for (const [i, sha] of shas.entries()) {
      const res = await fetch(`${i % 2 === 0 ? a.url : b.url}/api/v1/review/blobs/${sha}`, { headers: { authorization: `Bearer ${reviewerToken}` } });
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
    }
  }, 120_000);

  it('decisions made through both processes at once reach every unit, and the feed read through either misses nothing', async () => {
    const pending = await column(store.db, z.number(), 'SELECT id FROM persons ORDER BY id');
    expect(pending.length).toBe(UNITS * PERSONS);
    // One decision a request, alternating between the processes, all at once.
    const results = await Promise.all(
      pending.map((personId, i) =>
        call(i % 2 === 0 ? a.url : b.url, 'POST', '/api/v1/review/decisions', {
          token: reviewerToken,
          body: { items: [{ personId, version: 1 }], result: i % 3 === 0 ? 'rejected' : 'approved', ...(i % 3 === 0 ? { comment: '照片不合格，请重新拍摄' } : {}) },
        }),
      ),
    );
    for (const r of results) expect(r.status, `${r.text}\n${a.log()}\n${b.log()}`).toBe(200);

    for (const unit of units) {
      // Pages of 2, asked alternately of the two processes, as a desktop behind a load balancer would.
      const seen: number[] = [];
      let cursor = '0';
      for (let page = 0; page < 100; page++) {
        const res = await call(page % 2 === 0 ? a.url : b.url, 'GET', `/api/v1/changes?since=${cursor}&limit=2`, { token: unit.token });
        expect(res.status, res.text).toBe(200);
        const body = res.body as { changes: unknown[]; cursor: string; more: boolean };
        for (const c of body.changes) seen.push(changeSchema.parse(c).seq);
        cursor = body.cursor;
        if (!body.more) break;
      }
      const stored = await column(store.db, z.number(), 'SELECT seq FROM changes WHERE unit_id = ? ORDER BY seq', [unit.id]);
      expect(seen).toEqual(stored);
      // Every person of the unit has its one decision in the feed.
      expect(await value(store.db, z.number(), "SELECT COUNT(*) AS n FROM changes WHERE unit_id = ? AND type = 'decision'", [unit.id])).toBe(PERSONS);
      expect(stored.filter((s, i) => i > 0 && s <= stored[i - 1]!)).toEqual([]);
    }
  }, 120_000);
});
