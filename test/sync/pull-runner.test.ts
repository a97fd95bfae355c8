import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRows } from '../../src-server/db/sql.js';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import { BlobStore } from '../../src-main/blobs/blob-store.js';
import { SyncService } from '../../src-main/sync/sync-service.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { PullRunner } from '../../src-main/sync/pull-runner.js';
import { markNewsSeen, pullAndRecord, readNews, type PullResult } from '../../src-main/sync/pull-news.js';
import { createDesktopBackend, type DesktopBackend } from '../../src-main/services/desktop-backend.js';
import { resetPassword } from '../../src-server/accounts/accounts.js';
import { call, readyUser, seedDirectory, startTestServer, type TestServer } from '../server/server-helpers.js';
import { prepareDesktopBatch } from '../helpers/desktop-batch.js';
import { tempDir } from '../helpers/temp-dir.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

/**
 * The background puller against the real server on 127.0.0.1: a reviewer's rejection reaches the
 * desktop within the (injected, short) interval with nobody asking; pulls asked for together are one
 * pull; a server that cannot be reached makes it wait longer each time, up to the cap, and the
 * status records the failed contact; the network back, it pulls at once and the wait is the interval
 * again. Wired in the backend, a push that went through brings the decisions at once.
 */
const root = tempDir('zfbm-puller-');
let ts: TestServer;
let proxy: TcpProxy;
let proxyPort = 0;
let unit: { username: string; password: string; id: number };
let reviewer: { token: string };
const actor = { name: '测试员', now: () => new Date() };

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The reviewer decides on the server's copy of one desktop person (its key is the desktop id). */
async function decide(batchId: string, desktopPersonId: number, result: 'rejected' | 'approved', comment = ''): Promise<void> {
  const serverPerson = (await rawRows(ts.app.db, 'SELECT id, version FROM persons WHERE batch_id = ? AND person_key = ?', [batchId, String(desktopPersonId)]))[0] as { id: number; version: number };
  const r = await call(ts.url, 'POST', '/api/v1/review/decisions', { token: reviewer.token, body: { items: [{ personId: serverPerson.id, version: serverPerson.version }], result, comment } });
  expect(r.status, r.text).toBe(200);
}

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi' });
  const dir = await seedDirectory(ts.app);
  unit = await readyUser(ts, 'unit', { unitId: dir.unit.id });
  reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
  proxy = new TcpProxy(Number(new URL(ts.url).port));
  await proxy.start();
  proxyPort = proxy.port;
}, 120_000);
afterAll(async () => {
  await proxy.stop().catch(() => undefined);
  await ts.stop();
});

describe('PullRunner', () => {
  const data = path.join(root, 'runner');
  let db: Db;
  let sync: SyncService;
  let runner: PullRunner<PullResult>;
  let pulls = 0;
  const errors: unknown[] = [];
  let batch: Awaited<ReturnType<typeof prepareDesktopBatch>>;

  beforeAll(async () => {
    batch = await prepareDesktopBatch(data, 2);
    db = openStore(data);
    const blobs = new BlobStore(db, data);
    sync = new SyncService({ db, tokens: new MemoryTokenStore(), actor, blobPath: (s) => blobs.pathOf(s) });
    sync.configure({ serverUrl: `http://127.0.0.1:${proxyPort}`, proxy: 'none', timeoutSeconds: 5 });
    await sync.login(unit.username, unit.password);
    const job = sync.submitBatch(batch.batchId);
    expect((await sync.pushUntilSettled(job.id)).state).toBe('done');
    runner = new PullRunner(
      () => {
        pulls++;
        return pullAndRecord(sync, db, actor);
      },
      { intervalMs: 400, maxBackoffMs: 1500, onError: (e) => errors.push(e) },
    );
  }, 60_000);
  afterAll(async () => {
    await runner.stop();
    db.close();
  });

  it('pulls at start, then a rejection arrives within the interval without anyone asking', async () => {
    runner.start();
    await until('the first pull', () => pulls >= 1 && !runner.busy);
    expect(sync.lastContact.okAt).not.toBe('');
    const before = pulls;
    await decide(batch.batchId, batch.personIds[0]!, 'rejected', '照片不是近期照片，请更换。');
    const asked = Date.now();
    await until('the rejection on the desktop, and its notice', () => readNews(db).rejected > 0, 3000);
    expect(Date.now() - asked).toBeLessThan(1500);
    expect(pulls).toBeGreaterThan(before);
    expect(db.prepare('SELECT status FROM persons WHERE id = ?').pluck().get(batch.personIds[0])).toBe('rejected');
    expect(readNews(db)).toMatchObject({ rejected: 1, approved: 0, since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    // Later pulls bring nothing more: the notice stays as it is until the clerk has seen it.
    const now = pulls;
    await until('two more pulls', () => pulls >= now + 2);
    expect(readNews(db).rejected).toBe(1);
    markNewsSeen(db);
    expect(readNews(db)).toEqual({ rejected: 0, approved: 0, trainingOpened: 0, since: '' });
    expect(errors).toEqual([]);
  });

  it('pulls asked for together are one pull, and all get its answer', async () => {
    await until('idle', () => !runner.busy);
    const before = pulls;
    const [a, b, c] = await Promise.all([runner.pullNow(), runner.pullNow(), runner.pullNow()]);
    expect(pulls).toBe(before + 1);
    expect(a).toBe(b);
    expect(b).toBe(c);
  });

  it('an unreachable server: waits longer each time up to the cap, the failure recorded; back, it pulls at once', async () => {
    await until('idle', () => !runner.busy);
    await proxy.stop();
    const failedBefore = errors.length;
    await expect(runner.pullNow()).rejects.toMatchObject({ kind: 'network' });
    expect(runner.nextDelayMs).toBe(800);
    await until('two more failures', () => errors.length >= failedBefore + 3, 10_000);
    expect(runner.nextDelayMs).toBe(1500);
    expect(sync.lastContact).toMatchObject({ failedAt: expect.stringMatching(/Z$/), failure: '网络不通或服务器没有开', detail: expect.stringMatching(/连不上同步服务器/) });
    expect(sync.lastContact.failedAt > sync.lastContact.okAt).toBe(true);

    await proxy.start(proxyPort);
    await decide(batch.batchId, batch.personIds[1]!, 'rejected', '所学专业请写全称。');
    await runner.pullNow(); // what the app does when the network returns
    expect(runner.nextDelayMs).toBe(400);
    expect(sync.lastContact.okAt > sync.lastContact.failedAt).toBe(true);
    expect(db.prepare('SELECT status FROM persons WHERE id = ?').pluck().get(batch.personIds[1])).toBe('rejected');
    expect(readNews(db).rejected).toBe(1);
  });
});

describe('the desktop backend', () => {
  const data = path.join(root, 'backend');
  let backend: DesktopBackend;
  const logged: string[] = [];

  afterAll(async () => {
    await backend.close();
  });

  it('a push that went through brings the decisions at once, not after the interval', async () => {
    const first = await prepareDesktopBatch(data, 1);
    const second = await prepareDesktopBatch(data, 1);
    const db = openStore(data);
    // An interval far longer than the test: only the push can be what pulls.
    backend = createDesktopBackend(db, { dataDir: data, tokens: new MemoryTokenStore(), actor, today: () => '2026-11-23', pullIntervalMs: 600_000, log: (m, e) => logged.push(`${m}: ${String(e)}`) });
    const h = backend.handlers;
    expect(await h.handle('sync.configure', { serverUrl: `127.0.0.1:${proxyPort}`, proxy: 'none' })).toMatchObject({ ok: true, value: { serverUrl: `http://127.0.0.1:${proxyPort}` } });
    expect(await h.handle('sync.login', { username: unit.username, password: unit.password })).toMatchObject({ ok: true });
    expect(await h.handle('sync.submit', { batchId: first.batchId })).toMatchObject({ ok: true });
    await until('first batch on the server', () => db.prepare('SELECT status FROM persons WHERE id = ?').pluck().get(first.personIds[0]) === 'submitted');
    await until('the pull after that push', () => !backend.puller.busy);

    await decide(first.batchId, first.personIds[0]!, 'rejected', '请补充佐证材料。');
    expect(await h.handle('sync.submit', { batchId: second.batchId })).toMatchObject({ ok: true });
    await until('the rejection, brought by the pull after the second push', () => db.prepare('SELECT status FROM persons WHERE id = ?').pluck().get(first.personIds[0]) === 'rejected', 10_000);
    await until('that pull recorded', () => !backend.puller.busy);
    const status = await h.handle('sync.status', {});
    expect(status).toMatchObject({
      ok: true,
      value: { signedIn: { username: unit.username, mustChangePassword: false }, news: { rejected: 1, approved: 0 }, contact: { okAt: expect.stringMatching(/Z$/), failure: '' } },
    });
    expect(await h.handle('sync.seenNews', {})).toEqual({ ok: true, value: { ok: true } });
    expect(await h.handle('sync.status', {})).toMatchObject({ ok: true, value: { news: { rejected: 0, approved: 0, since: '' } } });
    expect(logged).toEqual([]);
  }, 60_000);

  it('the administrator resets the password: 未登录 at the next request, then 需修改密码 until it is changed', async () => {
    const h = backend.handlers;
    const fresh = await resetPassword(ts.app.db, unit.id, { userId: null, name: 'test', now: () => new Date() });
    expect(await h.handle('sync.pull', {})).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^auth\./) } });
    expect(await h.handle('sync.status', {})).toMatchObject({ ok: true, value: { signedIn: null } });

    expect(await h.handle('sync.login', { username: unit.username, password: fresh })).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    expect(await h.handle('sync.status', {})).toMatchObject({ ok: true, value: { signedIn: { username: unit.username, mustChangePassword: true } } });
    // The server takes nothing else meanwhile; that is the clerk's to do, not a fault for the log.
    expect(await h.handle('sync.pull', {})).toMatchObject({ ok: false, error: { code: 'auth.must_change_password' } });
    expect(await h.handle('sync.changePassword', { oldPassword: fresh, newPassword: 'Changed2026again' })).toEqual({ ok: true, value: { ok: true } });
    expect(await h.handle('sync.status', {})).toMatchObject({ ok: true, value: { signedIn: { username: unit.username, mustChangePassword: false } } });
    expect(await h.handle('sync.pull', {})).toMatchObject({ ok: true });
    expect(logged).toEqual([]);
  }, 30_000);
});
