import type { Db } from '../../src-main/store/open-store.js';
import { RegistrationService } from '../../src-main/services/registration-service.js';
import { PhotoService } from '../../src-main/photos/photo-service.js';
import { BlobStore } from '../../src-main/blobs/blob-store.js';
import { SyncService } from '../../src-main/sync/sync-service.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { DesktopHandlers } from '../../src-main/services/desktop-handlers.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';

/** The desktop-api handlers over a data folder, wired as the app wires them (token kept in memory). */
export function makeHandlers(db: Db, dataDir: string, log?: (message: string, error: unknown) => void): DesktopHandlers {
  const actor = { name: '测试员', now: () => new Date() };
  const blobs = new BlobStore(db, dataDir);
  return new DesktopHandlers({
    db,
    registration: new RegistrationService(db, { tables: loadCodeTables(), actor, today: () => '2026-11-23' }),
    photos: new PhotoService(db, blobs, actor),
    sync: new SyncService({ db, tokens: new MemoryTokenStore(), actor, blobPath: (s) => blobs.pathOf(s) }),
    ...(log ? { log } : {}),
  });
}
