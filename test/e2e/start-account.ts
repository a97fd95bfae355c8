import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDesktopBackend } from '../../src-main/services/desktop-backend.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { CONSOLE_DIR } from './built-pages.js';
import { handlerCaller, serveDesktop } from './seed/desktop-seed.js';
import { seedLog } from './seed/seed-process.js';
import { signInDesktop, startSeedServer } from './seed/server-seed.js';

/**
 * For account.spec.ts: the real sync server (Fujian photo spec) with a county, its unit and the unit's
 * account, already signed in on an empty desktop (first password changed), behind the web bridge. The
 * desktop's clock runs three days behind the real one, so a header that shows the main process's date
 * (not the browser's) can be told. Prints one JSON line and runs until killed.
 */
const DESK_CLOCK_OFFSET_MS = -3 * 86_400_000;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-account-'));
const server = await startSeedServer(root, { reviewStages: 1, photoSpec: 'fujian', consoleDir: CONSOLE_DIR });
const work = path.join(root, 'work');
fs.mkdirSync(work);
const backend = openDesktopBackend({
  dataDir: path.join(root, 'desk'),
  tokens: new MemoryTokenStore(),
  actor: { name: 'e2e', now: () => new Date(Date.now() + DESK_CLOCK_OFFSET_MS) },
  log: seedLog,
});
const clerk = await signInDesktop(handlerCaller(backend.handlers), server.url, await server.account('qingxiu_scj', 'unit', { unitId: server.unit.id }), 'Qingxiu2026ok');
await serveDesktop(backend.handlers, root, { serverUrl: server.url, work, clerk, clockOffsetMs: DESK_CLOCK_OFFSET_MS }, [() => backend.close(), () => server.app.close()]);
