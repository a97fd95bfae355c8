import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { value } from '../../src-server/db/sql.js';
import { BackendHost } from '../../src-main/backend-worker/backend-host.js';
import type { ProgressEntry } from '../../src-main/services/progress-hub.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { prepareDesktopBatch } from '../helpers/desktop-batch.js';
import { tempDir } from '../helpers/temp-dir.js';
import { readyUser, seedDirectory, startTestServer, type TestServer } from '../server/server-helpers.js';

/**
 * The window's sync path as the Electron app runs it, minus Electron: the real backend bundle in a
 * worker thread, main's side holding the sign-in (safeStorage in the app, a memory store here) and
 * answering the system proxy, against the real sync server. Signing in hands the token to main;
 * submitting lets the worker's background pusher send the batch while progress reaches main; a new
 * worker (the next start) is signed in with the token main kept.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const root = tempDir('zfbm-worker-sync-');
const data = path.join(root, 'desk');
fs.mkdirSync(path.join(REPO, 'out'), { recursive: true });
const buildDir = fs.mkdtempSync(path.join(REPO, 'out', 'test-worker-sync-'));
const tokens = new MemoryTokenStore();
const proxyAsked: string[] = [];
const hosts: BackendHost[] = [];
let ts: TestServer;
let user: { username: string; password: string };
let batchId = '';

function newHost(): BackendHost {
  const host = new BackendHost({
    workerFile: path.join(buildDir, 'backend-worker.js'),
    config: { dataDir: data, runOutbox: true },
    tokens,
    systemProxy: async (url) => {
      proxyAsked.push(url);
      return ''; // direct, as Chromium answers for a server on this machine
    },
    log: (message, error) => {
      if (error !== undefined) process.stderr.write(`${message}: ${String(error)}\n`);
    },
  });
  hosts.push(host);
  return host;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'build-main.mjs'), '--outdir', buildDir], { cwd: REPO, stdio: 'ignore' });
  ts = await startTestServer({ photoSpec: 'guangxi' });
  const dir = await seedDirectory(ts.app);
  user = await readyUser(ts, 'unit', { unitId: dir.unit.id });
  batchId = (await prepareDesktopBatch(data, 2)).batchId;
}, 180_000);

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  await ts?.stop();
  fs.rmSync(buildDir, { recursive: true, force: true });
});

describe('the backend worker against the sync server', () => {
  it('signs in through main’s token store and proxy, pushes a batch in the background with progress, stays signed in after a restart', async () => {
    const host = newHost();
    const progress: ProgressEntry[][] = [];
    host.onProgress((e) => progress.push(e));

    expect(await host.call('sync.configure', { serverUrl: ts.url, proxy: 'system', timeoutSeconds: 10 })).toMatchObject({ ok: true, value: { serverUrl: ts.url, proxy: 'system' } });
    expect(await host.call('sync.login', { username: user.username, password: user.password })).toMatchObject({ ok: true, value: { mustChangePassword: false } });
    // The worker asked main for the proxy, and main holds the token now.
    expect(proxyAsked.length).toBeGreaterThan(0);
    expect(proxyAsked.every((u) => u.startsWith(ts.url))).toBe(true);
    expect(tokens.load()).toMatchObject({ username: user.username, serverUrl: ts.url });

    const submitted = await host.call('sync.submit', { batchId });
    expect(submitted).toMatchObject({ ok: true, value: { jobId: expect.any(Number) } });
    await until('the server to have the batch', async () => (await value(ts.app.db, z.number(), 'SELECT COUNT(*) FROM batches WHERE id = ?', [batchId]) === 1 ? true : undefined));
    const status = await until('the queue to empty', async () => {
      const s = (await host.call('sync.status', {})) as { ok: true; value: { queue: unknown[]; persons: Record<string, number> } };
      return s.value.queue.length === 0 ? s.value : undefined;
    });
    expect(status.persons).toMatchObject({ submitted: 2 });
    // Progress reached main while the push ran, in Chinese, and was cleared when it ended.
    const texts = progress.flat().map((e) => `${e.task}: ${e.text}`);
    expect(texts.some((t) => /^push: 正在(上传|提交|和服务器核对)/.test(t))).toBe(true);
    await until('progress to be cleared', async () => (progress.at(-1)?.length === 0 ? true : undefined), 10_000);
    await host.close();

    // The next start: a new worker, signed in with the token main kept.
    const again = newHost();
    const s = (await again.call('sync.status', {})) as { ok: true; value: { signedIn: { username: string } | null } };
    expect(s.value.signedIn).toMatchObject({ username: user.username });
    expect(await again.call('sync.logout', {})).toEqual({ ok: true, value: { ok: true } });
    expect(tokens.load()).toBeUndefined();
    await again.close();
  }, 180_000);
});
