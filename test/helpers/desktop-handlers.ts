import type { Db } from '../../src-main/store/open-store.js';
import type { DesktopMethod, DesktopOutput, Result } from '../../src-shared/contract/desktop-api.js';
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

/**
 * Calls into a backend made in a beforeAll (hence the getter): `ok` answers the typed value or fails the
 * test with the handler's code and message; `refused` answers the error of a call that must fail.
 */
export function backendCalls(backend: () => DesktopBackend): {
  ok: <M extends DesktopMethod>(method: M, input: unknown) => Promise<DesktopOutput<M>>;
  refused: (method: string, input: unknown) => Promise<{ code: string; message: string }>;
} {
  return {
    async ok<M extends DesktopMethod>(method: M, input: unknown): Promise<DesktopOutput<M>> {
      const r = await backend().handlers.handle(method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value as DesktopOutput<M>;
    },
    async refused(method: string, input: unknown) {
      const r = (await backend().handlers.handle(method, input)) as Result<unknown>;
      if (r.ok) throw new Error(`${method} was not refused`);
      return r.error;
    },
  };
}

/** Waits (polling every 50 ms) until `cond` holds, or fails naming `what` after `ms`. */
export async function until(what: string, cond: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
