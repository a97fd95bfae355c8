import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { value } from '../../src-server/db/sql.js';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import { BlobStore } from '../../src-main/blobs/blob-store.js';
import { SyncService } from '../../src-main/sync/sync-service.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { OutboxRunner } from '../../src-main/sync/outbox-runner.js';
import { getJob } from '../../src-main/store/outbox-repo.js';
import type { PushOutcome } from '../../src-main/sync/push-job.js';
import { call, readyUser, seedDirectory, startTestServer, type TestServer } from '../server/server-helpers.js';
import { RegistrationService } from '../../src-main/services/registration-service.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { prepareDesktopBatch } from '../helpers/desktop-batch.js';
import { tempDir } from '../helpers/temp-dir.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

/**
 * The app's background pusher against the real server: it waits out a network that is gone and
 * continues when kicked (the app kicks when the connection returns), leaves paused and cancelled
 * jobs alone, and holds a job until the clerk signs in again.
 */
const root = tempDir('zfbm-runner-');
const data = path.join(root, 'desk');
let ts: TestServer;
let proxy: TcpProxy;
let proxyPort = 0;
let db: Db;
let sync: SyncService;
let runner: OutboxRunner;
let user: { username: string; password: string };
let reviewer: { token: string };
const tokens = new MemoryTokenStore();
const outcomes: Array<[number, PushOutcome['state']]> = [];

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const serverHas = async (batchId: string) => (await value(ts.app.db, z.number(), 'SELECT COUNT(*) FROM batches WHERE id = ?', [batchId])) === 1;

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi' });
  const dir = await seedDirectory(ts.app);
  user = await readyUser(ts, 'unit', { unitId: dir.unit.id });
  reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
  proxy = new TcpProxy(Number(new URL(ts.url).port));
  const url = await proxy.start();
  proxyPort = proxy.port;
  // Prepare the batches before the runner's store is open (the helper opens and closes its own).
  await prepareDesktopBatch(data, 1);
  db = openStore(data);
  const actor = { name: '测试员', now: () => new Date() };
  const blobs = new BlobStore(db, data);
  sync = new SyncService({ db, tokens, actor, blobPath: (s) => blobs.pathOf(s) });
  sync.configure({ serverUrl: url, proxy: 'none', timeoutSeconds: 5 });
  await sync.login(user.username, user.password);
  runner = new OutboxRunner(sync, db, actor, { onOutcome: (id, o) => outcomes.push([id, o.state]) });
}, 120_000);
afterAll(async () => {
  await runner.stop();
  db.close();
  await proxy.stop().catch(() => undefined);
  await ts.stop();
});

/** A second connection makes the batch, as the clerk's import would while the runner works. */
async function newBatch(): Promise<string> {
  return (await prepareDesktopBatch(data, 2)).batchId;
}

describe('outbox runner', () => {
  it('with the network gone the job waits, keeps its place, and goes when the connection returns', async () => {
    const batchId = db.prepare('SELECT id FROM batches ORDER BY created_at LIMIT 1').pluck().get() as string;
    await proxy.stop();
    const job = sync.submitBatch(batchId);
    runner.start();
    await until('a failed attempt', () => (getJob(db, job.id)?.attempts ?? 0) >= 1);
    const waiting = getJob(db, job.id)!;
    expect(waiting.state).toBe('queued');
    expect(waiting.errorMessage).toMatch(/连不上同步服务器|超时/);
    expect(new Date(waiting.nextAttemptAt).getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(await serverHas(batchId)).toBe(false);

    await proxy.start(proxyPort);
    runner.kick();
    await until('done', () => getJob(db, job.id)?.state === 'done');
    expect(await serverHas(batchId)).toBe(true);
    expect(db.prepare('SELECT DISTINCT status FROM persons WHERE batch_id = ?').pluck().all(batchId)).toEqual(['submitted']);
  });

  it('leaves a paused job alone until resumed, and never sends a cancelled one', async () => {
    const paused = await newBatch();
    const cancelled = await newBatch();
    // Queued and paused (or cancelled) in one go, before the runner can take them.
    const p = db.transaction(() => {
      const j = sync.submitBatch(paused);
      expect(sync.pause(j.id)).toBe(true);
      return j;
    })();
    const c = db.transaction(() => {
      const j = sync.submitBatch(cancelled);
      expect(sync.cancel(j.id)).toBe(true);
      return j;
    })();
    runner.kick();
    await new Promise((r) => setTimeout(r, 1500));
    expect(getJob(db, p.id)!.state).toBe('paused');
    expect(await serverHas(paused)).toBe(false);

    expect(sync.resume(p.id)).toBe(true);
    runner.kick();
    await until('resumed job done', () => getJob(db, p.id)?.state === 'done');
    expect(await serverHas(paused)).toBe(true);
    expect(getJob(db, c.id)!.state).toBe('cancelled');
    expect(await serverHas(cancelled)).toBe(false);
    expect(outcomes.filter(([id]) => id === c.id)).toEqual([]);
  });

  it('signed out, the job waits for a sign-in instead of failing, then goes', async () => {
    const batchId = await newBatch();
    tokens.clear();
    const job = sync.submitBatch(batchId);
    runner.kick();
    await until('waiting for login', () => outcomes.some(([id, state]) => id === job.id && state === 'waiting_login'));
    expect(getJob(db, job.id)!.state).toBe('queued');
    expect(await serverHas(batchId)).toBe(false);
    await sync.login(user.username, user.password);
    runner.kick();
    await until('done after login', () => getJob(db, job.id)?.state === 'done');
    expect(await serverHas(batchId)).toBe(true);
  });

  it('a returned person, edited, stays here until 重新提交; then goes out in the background', async () => {
    const batchId = db.prepare('SELECT id FROM batches ORDER BY created_at LIMIT 1').pluck().get() as string;
    const person = db.prepare('SELECT id FROM persons WHERE batch_id = ? ORDER BY id LIMIT 1').pluck().get(batchId) as number;
    const serverPerson = await value(ts.app.db, z.number(), 'SELECT id FROM persons WHERE batch_id = ? AND person_key = ?', [batchId, String(person)]);
    const reject = await call(ts.url, 'POST', '/api/v1/review/decisions', {
      token: reviewer.token,
      body: { items: [{ personId: serverPerson, version: 1 }], result: 'rejected', comment: '学历填写有误，请核对。' },
    });
    expect(reject.status, reject.text).toBe(200);
    await sync.pull();
    expect(db.prepare('SELECT status FROM persons WHERE id = ?').pluck().get(person)).toBe('rejected');

    const svc = new RegistrationService(db, { tables: loadCodeTables(), actor: { name: '测试员', now: () => new Date() }, today: () => '2026-11-23' });
    svc.updatePerson(person, { education: '硕士研究生' });
    // Saving queues nothing: the clerk's 重新提交 does.
    expect(db.prepare("SELECT COUNT(*) FROM outbox WHERE batch_id = ? AND state IN ('queued', 'running')").pluck().get(batchId)).toBe(0);
    svc.resubmit(person);
    runner.kick(); // the app kicks after every change it makes; the runner also polls
    await until('version 2 on the server', async () => (await value(ts.app.db, z.number(), 'SELECT version FROM persons WHERE id = ?', [serverPerson])) === 2);
    await until('the desktop knows', () => db.prepare('SELECT status FROM persons WHERE id = ?').pluck().get(person) === 'submitted');
    expect(db.prepare('SELECT server_version FROM persons WHERE id = ?').pluck().get(person)).toBe(2);
  });
});
