import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src-main/store/open-store.js';
import { RegistrationService } from '../../src-main/services/registration-service.js';
import { PhotoService } from '../../src-main/photos/photo-service.js';
import { BlobStore } from '../../src-main/blobs/blob-store.js';
import { SyncService } from '../../src-main/sync/sync-service.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { DesktopHandlers } from '../../src-main/services/desktop-handlers.js';
import { startWebBridge } from '../../src-main/web-bridge.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
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
const actor = { name: '测试员', now: () => new Date() };
const blobs = new BlobStore(db, data);
const handlers = new DesktopHandlers({
  db,
  registration: new RegistrationService(db, { tables: loadCodeTables(), actor, today: () => '2026-11-23' }),
  photos: new PhotoService(db, blobs, actor),
  sync: new SyncService({ db, tokens: new MemoryTokenStore(), actor, blobPath: (s) => blobs.pathOf(s) }),
  log: (m, e) => process.stderr.write(`${m}: ${String(e)}\n`),
});
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
