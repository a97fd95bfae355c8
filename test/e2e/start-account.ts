import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildServer } from '../../src-server/app.js';
import { defaultConfig } from '../../src-server/config.js';
import { addJurisdiction, addUnit, addUser } from '../../src-server/accounts/accounts.js';
import { openDesktopBackend } from '../../src-main/services/desktop-backend.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { startWebBridge } from '../../src-main/web-bridge.js';
import { CONSOLE_DIR, RENDERER_DIR } from './built-pages.js';

/**
 * For account.spec.ts: the real sync server (Fujian photo spec) with a county, its unit and the unit's
 * account, already signed in on an empty desktop (first password changed to `password`), behind the
 * web bridge. The desktop's clock runs three days behind the real one, so a header that shows the
 * main process's date (not the browser's) can be told. Prints one JSON line and runs until killed.
 */
const DESK_CLOCK_OFFSET_MS = -3 * 86_400_000;
const PASSWORD = 'Qingxiu2026ok';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-account-'));
const config = defaultConfig(path.join(root, 'server'), { port: 0, host: '127.0.0.1', logLevel: 'silent', reviewStages: 1, photoSpec: 'fujian' });
const app = buildServer(config, { logger: false, consoleDir: CONSOLE_DIR });
const serverUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const admin = { userId: null, name: 'e2e', now: () => new Date() };
const city = addJurisdiction(app.db, { name: '南宁市司法局', level: 'city', parentId: null }, admin);
const county = addJurisdiction(app.db, { name: '青秀区司法局', level: 'county', parentId: city.id }, admin);
const unit = addUnit(app.db, { name: '青秀区市场监督管理局', jurisdictionId: county.id }, admin);
const clerk = await addUser(app.db, { username: 'qingxiu_scj', role: 'unit', unitId: unit.id, jurisdictionId: null }, admin);

const work = path.join(root, 'work');
fs.mkdirSync(work);
const backend = openDesktopBackend({
  dataDir: path.join(root, 'desk'),
  tokens: new MemoryTokenStore(),
  actor: { name: 'e2e', now: () => new Date(Date.now() + DESK_CLOCK_OFFSET_MS) },
  log: (m, e) => process.stderr.write(`${m}: ${String(e)}\n`),
});
const call = async (method: string, input: unknown) => {
  const r = await backend.handlers.handle(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
};
await call('sync.configure', { serverUrl, proxy: 'none' });
await call('sync.login', { username: 'qingxiu_scj', password: clerk.initialPassword });
await call('sync.changePassword', { oldPassword: clerk.initialPassword, newPassword: PASSWORD });
const bridge = await startWebBridge(backend.handlers, { staticDir: RENDERER_DIR });
process.stdout.write(JSON.stringify({ url: bridge.url, token: bridge.token, serverUrl, work, clerk: { username: 'qingxiu_scj', password: PASSWORD }, clockOffsetMs: DESK_CLOCK_OFFSET_MS }) + '\n');

const stop = () => {
  void (async () => {
    await bridge.close();
    await backend.close();
    await app.close();
    fs.rmSync(root, { recursive: true, force: true });
    process.exit(0);
  })();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
