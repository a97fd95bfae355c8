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
 * For the whole-flow Playwright test: the real sync server (one review stage, the Guangxi photo
 * spec) with a city, a county, a unit, the unit's account (initial password) and a county reviewer;
 * an empty desktop data folder with the app's backend (background pusher running) behind the web
 * bridge. Prints one JSON line and runs until killed; everything is removed on exit.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-flow-'));
const config = defaultConfig(path.join(root, 'server'), { port: 0, host: '127.0.0.1', logLevel: 'silent', reviewStages: 1, photoSpec: 'guangxi' });
const app = buildServer(config, { logger: false, consoleDir: CONSOLE_DIR });
const serverUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const admin = { userId: null, name: 'e2e', now: () => new Date() };
const city = addJurisdiction(app.db, { name: '南宁市司法局', level: 'city', parentId: null }, admin);
const county = addJurisdiction(app.db, { name: '青秀区司法局', level: 'county', parentId: city.id }, admin);
const unit = addUnit(app.db, { name: '青秀区市场监督管理局', jurisdictionId: county.id }, admin);
const clerk = await addUser(app.db, { username: 'qingxiu_scj', role: 'unit', unitId: unit.id, jurisdictionId: null }, admin);
const reviewer = await addUser(app.db, { username: 'qingxiu_sfj', role: 'reviewer', unitId: null, jurisdictionId: county.id }, admin);

const work = path.join(root, 'work');
fs.mkdirSync(work);
const backend = openDesktopBackend({ dataDir: path.join(root, 'desk'), tokens: new MemoryTokenStore(), log: (m, e) => process.stderr.write(`${m}: ${String(e)}\n`) });
const bridge = await startWebBridge(backend.handlers, { staticDir: RENDERER_DIR });
process.stdout.write(
  JSON.stringify({
    url: bridge.url,
    token: bridge.token,
    serverUrl,
    work,
    clerk: { username: 'qingxiu_scj', password: clerk.initialPassword },
    reviewer: { username: 'qingxiu_sfj', password: reviewer.initialPassword },
  }) + '\n',
);

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
