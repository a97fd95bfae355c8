import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openDesktopBackend } from '../../src-main/services/desktop-backend.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { prepareDesktopBatch } from '../helpers/desktop-batch.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { handlerCaller, serveDesktop } from './seed/desktop-seed.js';
import { seedLog } from './seed/seed-process.js';
import { signInDesktop, startSeedServer } from './seed/server-seed.js';

/**
 * For the auto-pull Playwright test: the real sync server (one review stage, the Guangxi spec) behind
 * a TCP proxy that stands for the office network; a desktop whose clerk has signed in (password
 * changed) and whose batch of three went to the server; its backend with the background puller on a
 * one-second interval, behind the web bridge. The reviewer (initial password) decides through the
 * server's API. A small control address turns the "network" off and on (POST /network/down, /up).
 * Prints one JSON line and runs until killed; everything is removed on exit.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-autopull-'));
const server = await startSeedServer(root, { reviewStages: 1, photoSpec: 'guangxi' });
const clerk = await server.account('qingxiu_scj', 'unit', { unitId: server.unit.id });
const reviewer = await server.account('qingxiu_sfj', 'reviewer', { jurisdictionId: server.county.id });

const proxy = new TcpProxy(Number(new URL(server.url).port));
const proxyUrl = await proxy.start();
const proxyPort = proxy.port;

const desk = path.join(root, 'desk');
fs.mkdirSync(desk);
const batch = await prepareDesktopBatch(desk, 3, (i) => ({ name: ['韦小宁', '黄海燕', '覃志强'][i]! }));
const backend = openDesktopBackend({ dataDir: desk, tokens: new MemoryTokenStore(), pullIntervalMs: 1000, pullMaxBackoffMs: 2000, log: seedLog });
const call = handlerCaller(backend.handlers);
await signInDesktop(call, proxyUrl, clerk, 'Qingxiu2026ok', 30);
await call('sync.submit', { batchId: batch.batchId });
for (let i = 0; ; i++) {
  const s = await call<{ persons: Record<string, number>; queue: unknown[] }>('sync.status', {});
  if ((s.persons.submitted ?? 0) === 3 && s.queue.length === 0) break;
  if (i > 300) throw new Error(`the batch did not go: ${JSON.stringify(s)}`);
  await new Promise((r) => setTimeout(r, 100));
}
// The pulls after sign-in and after the push have run: what comes from here on is the test's.
while (backend.puller.busy) await new Promise((r) => setTimeout(r, 50));

const control = http.createServer((req, res) => {
  void (async () => {
    if (req.url === '/network/down') await proxy.stop();
    else if (req.url === '/network/up') await proxy.start(proxyPort);
    res.end('ok');
  })();
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const controlUrl = `http://127.0.0.1:${(control.address() as { port: number }).port}`;

await serveDesktop(backend.handlers, root, { serverUrl: server.url, controlUrl, reviewer }, [
  () => control.close(),
  () => backend.close(),
  () => proxy.stop(),
  () => server.app.close(),
]);
