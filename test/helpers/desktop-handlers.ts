import type { Db } from '../../src-main/store/open-store.js';
import type { DesktopHandlers } from '../../src-main/services/desktop-handlers.js';
import { createDesktopBackend, type DesktopBackend, type DesktopBackendOptions } from '../../src-main/services/desktop-backend.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';

export const TEST_ACTOR = { name: '测试员', now: () => new Date() };

/** The backend as the app wires it, over an open store: token in memory, today fixed, no background pusher unless asked. */
export function makeBackend(db: Db, dataDir: string, opts: Partial<DesktopBackendOptions> = {}): DesktopBackend {
  return createDesktopBackend(db, { dataDir, tokens: new MemoryTokenStore(), actor: TEST_ACTOR, today: () => '2026-11-23', runOutbox: false, ...opts });
}

/** The desktop-api handlers over a data folder, wired as the app wires them (token kept in memory). */
export function makeHandlers(db: Db, dataDir: string, log?: (message: string, error: unknown) => void): DesktopHandlers {
  return makeBackend(db, dataDir, log ? { log } : {}).handlers;
}
