import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDesktopBackend } from '../../src-main/services/desktop-backend.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { CONSOLE_DIR } from './built-pages.js';
import { serveDesktop } from './seed/desktop-seed.js';
import { seedLog } from './seed/seed-process.js';
import { startSeedServer } from './seed/server-seed.js';

/**
 * For the whole-flow Playwright test: the real sync server (one review stage, the Guangxi photo
 * spec) with a city, a county, a unit, the unit's account (initial password) and a county reviewer;
 * an empty desktop data folder with the app's backend (background pusher running) behind the web
 * bridge. Prints one JSON line and runs until killed; everything is removed on exit.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-flow-'));
const server = await startSeedServer(root, { reviewStages: 1, photoSpec: 'guangxi', consoleDir: CONSOLE_DIR });
const clerk = await server.account('qingxiu_scj', 'unit', { unitId: server.unit.id });
const reviewer = await server.account('qingxiu_sfj', 'reviewer', { jurisdictionId: server.county.id });

const work = path.join(root, 'work');
fs.mkdirSync(work);
const backend = openDesktopBackend({ dataDir: path.join(root, 'desk'), tokens: new MemoryTokenStore(), log: seedLog });
await serveDesktop(backend.handlers, root, { serverUrl: server.url, work, clerk, reviewer }, [() => backend.close(), () => server.app.close()]);
