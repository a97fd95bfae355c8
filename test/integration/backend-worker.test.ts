import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_CLOSING, BACKEND_CRASHED, BACKEND_FAILED, BackendHost, BackendStartError, type BackendHostOptions } from '../../src-main/backend-worker/backend-host.js';
import type { ProgressEntry } from '../../src-main/services/progress-hub.js';
import { MemoryTokenStore, type StoredToken } from '../../src-main/sync/token-store.js';
import { tempDir } from '../helpers/temp-dir.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';

/**
 * The backend worker thread and main's host for it, under plain Node: calls round-trip and are
 * matched to their answers whatever order they finish in, progress flows to main, the worker asks
 * main for the system proxy and hands it every sign-in change, a crashed worker answers its calls in
 * flight with a Chinese error and is started again, a store that cannot open is reported and not
 * retried, and close lets calls in flight finish. First with a stand-in backend served by the real
 * worker runtime, then with the real bundle (scripts/build-main.mjs) over a real data folder.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = tempDir('zfbm-backend-worker-');
// The bundles require their npm packages at run time, so they are built inside the repository (out/
// is ignored by git), where node_modules is found.
fs.mkdirSync(path.join(REPO, 'out'), { recursive: true });
const buildDir = fs.mkdtempSync(path.join(REPO, 'out', 'test-backend-worker-'));
afterAll(() => fs.rmSync(buildDir, { recursive: true, force: true }));
const fakeWorker = path.join(buildDir, 'fake-worker.cjs');
const bundleDir = path.join(buildDir, 'main');
const CHINESE = /[\u4e00-\u9fff]/;
const hosts: BackendHost[] = [];

/** The stand-in: the real runtime (worker-runtime.ts), a backend whose methods do what a test needs. */
const FAKE_WORKER_SOURCE = `
import { parentPort, workerData } from 'node:worker_threads';
import { runBackendWorker } from '../../src-main/backend-worker/worker-runtime.js';
import { ProgressHub } from '../../src-main/services/progress-hub.js';
import { StoreError } from '../../src-main/store/store-error.js';

runBackendWorker(parentPort!, workerData, (opts) => {
  if (opts.dataDir === '/locked') throw new StoreError('locked', '数据库正被另一个程序使用（可能已经打开了一个报名助手窗口），请关闭它后再试。');
  // A fault of ours whose message happens to be Chinese: not the clerk's business for all that.
  if (opts.dataDir === '/broken') throw Object.assign(new Error('内部状态不一致'), { code: 'inconsistent' });
  const progress = new ProgressHub();
  let kicks = 0;
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const handle = async (method: string, input: any): Promise<any> => {
    switch (method) {
      case 'echo': await wait(input.delayMs ?? 0); return { ok: true, value: input.value };
      case 'crash': setImmediate(() => { throw new Error('boom in the worker'); }); return new Promise(() => {});
      case 'hang': return new Promise(() => {});
      case 'throw': throw new Error('a handler that throws');
      case 'unclonable': return { ok: true, value: { f: () => 1 } };
      case 'progress':
        for (let i = 1; i <= input.n; i++) { progress.report('push', i, input.n, '正在上传 ' + i + '/' + input.n); await wait(5); }
        progress.done('push');
        return { ok: true, value: null };
      case 'proxy': return { ok: true, value: await opts.systemProxy!(input.url) };
      case 'login': opts.tokens.save(input.token); return { ok: true, value: null };
      case 'logout': opts.tokens.clear(); return { ok: true, value: null };
      case 'token': return { ok: true, value: opts.tokens.load() ?? null };
      case 'kicks': return { ok: true, value: kicks };
      case 'log': opts.log!('something odd', new Error('odd detail')); return { ok: true, value: null };
      case 'today': return { ok: true, value: opts.today ? opts.today() : null };
      default: return { ok: false, error: { code: 'unknown_method', message: '没有这个功能' } };
    }
  };
  return { handlers: { handle }, progress, runner: { kick: () => { kicks++; } }, close: async () => { await wait(50); } };
});
`;

beforeAll(async () => {
  fs.mkdirSync(path.dirname(fakeWorker), { recursive: true });
  await build({
    stdin: { contents: FAKE_WORKER_SOURCE, resolveDir: path.join(REPO, 'test', 'integration'), loader: 'ts', sourcefile: 'fake-worker.ts' },
    outfile: fakeWorker,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
  });
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'build-main.mjs'), '--outdir', bundleDir], { cwd: REPO, stdio: 'ignore' });
}, 120_000);

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
});

interface LogLine {
  message: string;
  error?: unknown;
}

function fakeHost(opts: Partial<BackendHostOptions> = {}): { host: BackendHost; logs: LogLine[]; tokens: MemoryTokenStore } {
  const logs: LogLine[] = [];
  const tokens = (opts.tokens as MemoryTokenStore | undefined) ?? new MemoryTokenStore();
  const host = new BackendHost({
    workerFile: fakeWorker,
    config: { dataDir: path.join(dir, 'fake-data'), runOutbox: false },
    tokens,
    log: (message, error) => logs.push({ message, error }),
    restarts: { max: 2, windowMs: 60_000, delayMs: 20 },
    ...opts,
  });
  hosts.push(host);
  return { host, logs, tokens };
}

const TOKEN = (n: number): StoredToken => ({ serverUrl: 'https://zfbm.example.gov.cn', username: `clerk${n}`, token: `t-${n}`, expiresAt: '2030-01-01T00:00:00.000Z' });

describe('backend worker protocol (stand-in backend)', () => {
  it('matches concurrent calls to their answers, whatever order they finish in', async () => {
    const { host } = fakeHost();
    await host.start();
    const calls = Array.from({ length: 30 }, (_, i) => host.call('echo', { value: { i, text: `第${i}个` }, delayMs: (30 - i) * 3 }));
    const results = await Promise.all(calls);
    results.forEach((r, i) => expect(r).toEqual({ ok: true, value: { i, text: `第${i}个` } }));
    await host.close();
  });

  it('queues calls made before the worker is ready, and starts it on the first call', async () => {
    const { host } = fakeHost();
    const r = await host.call('echo', { value: 'early' });
    expect(r).toEqual({ ok: true, value: 'early' });
    expect(host.status).toBe('ready');
    await host.close();
  });

  it('passes progress to main as it happens, ending with an empty list', async () => {
    const { host } = fakeHost();
    const seen: ProgressEntry[][] = [];
    host.onProgress((entries) => seen.push(entries));
    expect(await host.call('progress', { n: 3 })).toEqual({ ok: true, value: null });
    expect(seen.map((e) => e.map((x) => `${x.task} ${x.done}/${x.total} ${x.text}`))).toEqual([['push 1/3 正在上传 1/3'], ['push 2/3 正在上传 2/3'], ['push 3/3 正在上传 3/3'], []]);
    await host.close();
  });

  it('asks main for the system proxy, and hands every sign-in change to main’s token store', async () => {
    const asked: string[] = [];
    const tokens = new MemoryTokenStore();
    tokens.save(TOKEN(1));
    const { host } = fakeHost({ tokens, systemProxy: async (url) => (asked.push(url), 'http://proxy.example:3128') });
    expect(await host.call('proxy', { url: 'https://zfbm.example.gov.cn' })).toEqual({ ok: true, value: 'http://proxy.example:3128' });
    expect(asked).toEqual(['https://zfbm.example.gov.cn']);

    // The worker starts with the token main holds, and every change reaches main before the call's answer.
    expect(await host.call('token', {})).toEqual({ ok: true, value: TOKEN(1) });
    expect(await host.call('login', { token: TOKEN(2) })).toEqual({ ok: true, value: null });
    expect(tokens.load()).toEqual(TOKEN(2));
    expect(await host.call('logout', {})).toEqual({ ok: true, value: null });
    expect(tokens.load()).toBeUndefined();
    await host.close();
  });

  it('without a system-proxy function main refuses the callback, and the call says so without crashing', async () => {
    const { host } = fakeHost();
    // The stand-in calls opts.systemProxy!, which the runtime leaves out: the handler throws.
    const r = await host.call('proxy', { url: 'https://x.example' });
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await host.call('echo', { value: 1 })).toEqual({ ok: true, value: 1 });
    await host.close();
  });

  it('a handler that throws or answers what cannot cross threads gets a Chinese internal error; the worker lives on', async () => {
    const { host, logs } = fakeHost();
    for (const m of ['throw', 'unclonable']) {
      const r = await host.call(m, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(CHINESE) } });
    }
    expect(logs.some((l) => l.message.includes('[backend] desktop-api throw threw'))).toBe(true);
    expect(logs.some((l) => l.message.includes('unclonable'))).toBe(true);
    expect(await host.call('echo', { value: 'alive' })).toEqual({ ok: true, value: 'alive' });
    await host.close();
  });

  it('forwards the worker’s log lines with their error and stack, kicks the pusher, pins today', async () => {
    const { host, logs } = fakeHost({ config: { dataDir: path.join(dir, 'fake-data'), runOutbox: false, today: '2026-11-23' } });
    await host.call('log', {});
    const line = logs.find((l) => l.message === '[backend] something odd');
    expect(line?.error).toBeInstanceOf(Error);
    expect((line!.error as Error).message).toBe('odd detail');
    expect((line!.error as Error).stack).toContain('fake-worker');
    host.kick();
    host.kick();
    expect(await host.call('kicks', {})).toEqual({ ok: true, value: 2 });
    expect(await host.call('today', {})).toEqual({ ok: true, value: '2026-11-23' });
    await host.close();
  });

  it('a crash answers the calls in flight with a Chinese error, starts a new worker, which has the current sign-in', async () => {
    const tokens = new MemoryTokenStore();
    const { host, logs } = fakeHost({ tokens });
    await host.call('login', { token: TOKEN(3) });
    const slow = host.call('echo', { value: 'never', delayMs: 5_000 });
    const crash = host.call('crash', {});
    const progress: ProgressEntry[][] = [];
    host.onProgress((e) => progress.push(e));
    expect(await crash).toEqual({ ok: false, error: BACKEND_CRASHED });
    expect(await slow).toEqual({ ok: false, error: BACKEND_CRASHED });
    expect(BACKEND_CRASHED.message).toMatch(CHINESE);
    // What was in progress died with the thread: the window is told.
    expect(progress).toEqual([[]]);
    expect(logs.some((l) => /stopped unexpectedly/.test(l.message) && (l.error as Error | undefined)?.message === 'boom in the worker')).toBe(true);
    // A call made while it restarts waits for the new worker.
    expect(await host.call('echo', { value: 'after' })).toEqual({ ok: true, value: 'after' });
    expect(await host.call('token', {})).toEqual({ ok: true, value: TOKEN(3) });
    await host.close();
  });

  it('a worker that keeps crashing is given up on: every call then says to restart the app', async () => {
    const { host } = fakeHost();
    for (let i = 0; i < 3; i++) expect(await host.call('crash', {})).toEqual({ ok: false, error: BACKEND_CRASHED });
    // The third crash within the window exceeds max 2 restarts.
    expect(await host.call('echo', { value: 1 })).toEqual({ ok: false, error: BACKEND_FAILED });
    expect(host.status).toBe('failed');
    await expect(host.start()).rejects.toBeInstanceOf(BackendStartError);
    await host.close();
  });

  it('a store that cannot open is reported in Chinese and not retried', async () => {
    const { host } = fakeHost({ config: { dataDir: '/locked', runOutbox: false } });
    const err = await host.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BackendStartError);
    expect((err as BackendStartError).error).toEqual({ code: 'store.locked', message: expect.stringMatching(/数据库正被另一个程序使用/) });
    expect(await host.call('echo', { value: 1 })).toEqual({ ok: false, error: (err as BackendStartError).error });
    await host.close();
  });

  it('an open that fails with an error not meant for the clerk says the backend did not start, with the reason', async () => {
    const { host } = fakeHost({ config: { dataDir: '/broken', runOutbox: false } });
    const err = await host.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as BackendStartError).error).toEqual({ code: 'backend.open', message: expect.stringMatching(/^报名助手的后台没能启动：内部状态不一致。请重新打开程序/) });
    await host.close();
  });

  it('close lets a call in flight finish, then refuses new ones', async () => {
    const { host } = fakeHost();
    await host.start();
    const inFlight = host.call('echo', { value: 'finished', delayMs: 300 });
    await new Promise((r) => setTimeout(r, 20));
    const closed = host.close();
    expect(await host.call('echo', { value: 'late' })).toEqual({ ok: false, error: BACKEND_CLOSING });
    expect(await inFlight).toEqual({ ok: true, value: 'finished' });
    await closed;
    expect(host.status).toBe('closed');
  });

  it('close does not wait for ever: a call that hangs is ended with the worker', async () => {
    const { host, logs } = fakeHost({ closeTimeoutMs: 300 });
    await host.start();
    const hung = host.call('hang', {});
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await host.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await hung).toEqual({ ok: false, error: BACKEND_CLOSING });
    expect(logs.some((l) => /did not close in time/.test(l.message))).toBe(true);
  });
});

describe('backend worker bundle (the real backend)', () => {
  it('opens the store in the worker and answers the desktop-api: lists, imports a workbook, refuses bad input', async () => {
    const data = path.join(dir, 'real-data');
    const logs: LogLine[] = [];
    const host = new BackendHost({
      workerFile: path.join(bundleDir, 'backend-worker.js'),
      config: { dataDir: data, runOutbox: false },
      tokens: new MemoryTokenStore(),
      log: (message, error) => logs.push({ message, error }),
      // As the packaged app points at its resources (process.resourcesPath).
      env: { ZFBM_RESOURCES: path.join(REPO, 'resources') },
    });
    hosts.push(host);
    await host.start();
    expect(fs.existsSync(path.join(data, 'zfbm.sqlite3'))).toBe(true);
    expect(await host.call('batches.list', {})).toEqual({ ok: true, value: [] });

    const template = path.join(dir, '模板.xlsx');
    expect(await host.call('template.write', { file: template })).toEqual({ ok: true, value: { file: template } });
    const filled = path.join(dir, '采集表.xlsx');
    await writeTemplate(filled, [validRow({ name: '冯一' }), validRow({ name: '陈二' })]);
    expect(await host.call('import.file', { file: filled })).toMatchObject({ ok: true, value: { unchanged: false, batch: { persons: 2, invalid: 2, noPhoto: 2 } } });
    const list = await host.call('batches.list', {});
    expect(list).toMatchObject({ ok: true, value: [{ persons: 2 }] });

    expect(await host.call('persons.get', { personId: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(CHINESE) } });
    expect(await host.call('no.such', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await host.call('progress.current', {})).toEqual({ ok: true, value: [] });
    await host.close();
    expect(logs.filter((l) => l.error !== undefined)).toEqual([]);

    // A second host over the same folder sees what the first wrote.
    const again = new BackendHost({ workerFile: path.join(bundleDir, 'backend-worker.js'), config: { dataDir: data, runOutbox: false }, tokens: new MemoryTokenStore(), env: { ZFBM_RESOURCES: path.join(REPO, 'resources') } });
    hosts.push(again);
    expect(await again.call('batches.list', {})).toMatchObject({ ok: true, value: [{ persons: 2 }] });
    await again.close();
  });

  it('a database made by a newer version is refused with the store’s Chinese message', async () => {
    const data = path.join(dir, 'newer');
    fs.mkdirSync(data, { recursive: true });
    // A store whose schema is from the future.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.join(data, 'zfbm.sqlite3'));
    db.exec("CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT; INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01');");
    db.close();
    const host = new BackendHost({ workerFile: path.join(bundleDir, 'backend-worker.js'), config: { dataDir: data, runOutbox: false }, tokens: new MemoryTokenStore(), env: { ZFBM_RESOURCES: path.join(REPO, 'resources') } });
    hosts.push(host);
    const err = await host.start().then(
      () => undefined,
      (e: unknown) => e as BackendStartError,
    );
    expect(err?.error.code).toMatch(/^store\./);
    expect(err?.error.message).toMatch(/更新版本/);
    await host.close();
  });
});
