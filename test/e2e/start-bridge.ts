import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src-main/store/open-store.js';
import { makeHandlers } from '../helpers/desktop-handlers.js';
import { startWebBridge } from '../../src-main/web-bridge.js';
import { prepareDesktopBatch } from '../helpers/desktop-batch.js';

/**
 * For the Playwright tests: a desktop data folder with one imported batch, the real handlers and the
 * web bridge serving the built renderer. Prints one JSON line { url, token, dataDir } and runs until
 * killed; the folder is removed on exit.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-e2e-'));
const data = path.join(dataDir, 'desk');
const batch = await prepareDesktopBatch(data, 3, (i) => ({ name: ['周一', '吴二', '郑三'][i]! }));
const db = openStore(data);
const handlers = makeHandlers(db, data, (m, e) => process.stderr.write(`${m}: ${String(e)}\n`));
const bridge = await startWebBridge(handlers, { staticDir: path.resolve('out/renderer') });
process.stdout.write(JSON.stringify({ url: bridge.url, token: bridge.token, dataDir, batchNumber: batch.number }) + '\n');
const stop = () => {
  void bridge.close().then(() => {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
