import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { buildServer } from '../../src-server/app.js';
import { defaultConfig } from '../../src-server/config.js';
import { addJurisdiction, addUnit, addUser } from '../../src-server/accounts/accounts.js';
import { openDesktopBackend } from '../../src-main/services/desktop-backend.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { startWebBridge } from '../../src-main/web-bridge.js';
import { prepareDesktopBatch } from '../helpers/desktop-batch.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { RENDERER_DIR } from './built-pages.js';

/**
 * For the auto-pull Playwright test: the real sync server (one review stage, the Guangxi spec) behind
 * a TCP proxy that stands for the office network; a desktop whose clerk has signed in (password
 * changed) and whose batch of three went to the server; its backend with the background puller on a
 * one-second interval, behind the web bridge. The reviewer (password changed) decides through the
 * server's API. A small control address turns the "network" off and on (POST /network/down, /up).
 * Prints one JSON line and runs until killed; everything is removed on exit.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-autopull-'));
const config = defaultConfig(path.join(root, 'server'), { port: 0, host: '127.0.0.1', logLevel: 'silent', reviewStages: 1, photoSpec: 'guangxi' });
const app = buildServer(config, { logger: false });
const serverUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const admin = { userId: null, name: 'e2e', now: () => new Date() };
const city = addJurisdiction(app.db, { name: '南宁市司法局', level: 'city', parentId: null }, admin);
const county = addJurisdiction(app.db, { name: '青秀区司法局', level: 'county', parentId: city.id }, admin);
const unit = addUnit(app.db, { name: '青秀区市场监督管理局', jurisdictionId: county.id }, admin);
const clerk = await addUser(app.db, { username: 'qingxiu_scj', role: 'unit', unitId: unit.id, jurisdictionId: null }, admin);
const reviewer = await addUser(app.db, { username: 'qingxiu_sfj', role: 'reviewer', unitId: null, jurisdictionId: county.id }, admin);

const proxy = new TcpProxy(Number(new URL(serverUrl).port));
const proxyUrl = await proxy.start();
const proxyPort = proxy.port;

const desk = path.join(root, 'desk');
fs.mkdirSync(desk);
const batch = await prepareDesktopBatch(desk, 3, (i) => ({ name: ['韦小宁', '黄海燕', '覃志强'][i]! }));
const backend = openDesktopBackend({ dataDir: desk, tokens: new MemoryTokenStore(), pullIntervalMs: 1000, pullMaxBackoffMs: 2000, log: (m, e) => process.stderr.write(`${m}: ${String(e)}\n`) });
const h = backend.handlers;
async function must(method: string, input: unknown): Promise<unknown> {
  const r = await h.handle(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
}
await must('sync.configure', { serverUrl: proxyUrl, proxy: 'none', timeoutSeconds: 30 });
await must('sync.login', { username: 'qingxiu_scj', password: clerk.initialPassword });
await must('sync.changePassword', { oldPassword: clerk.initialPassword, newPassword: 'Qingxiu2026ok' });
await must('sync.submit', { batchId: batch.batchId });
for (let i = 0; ; i++) {
  const s = (await must('sync.status', {})) as { persons: Record<string, number>; queue: unknown[] };
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

const bridge = await startWebBridge(backend.handlers, { staticDir: RENDERER_DIR });
process.stdout.write(
  JSON.stringify({
    url: bridge.url,
    token: bridge.token,
    serverUrl,
    controlUrl,
    reviewer: { username: 'qingxiu_sfj', password: reviewer.initialPassword },
  }) + '\n',
);

const stop = () => {
  void (async () => {
    control.close();
    await bridge.close();
    await backend.close();
    await proxy.stop().catch(() => undefined);
    await app.close();
    fs.rmSync(root, { recursive: true, force: true });
    process.exit(0);
  })();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
