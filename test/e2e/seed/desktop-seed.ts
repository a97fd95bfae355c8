import fs from 'node:fs';
import { openStore, type Db } from '../../../src-main/store/open-store.js';
import type { DesktopHandlers } from '../../../src-main/services/desktop-handlers.js';
import { startWebBridge, type WebBridge } from '../../../src-main/web-bridge.js';
import { makeHandlers } from '../../helpers/desktop-handlers.js';
import { RENDERER_DIR } from '../built-pages.js';
import { publishUntilKilled, seedLog } from './seed-process.js';

/** Calls a desktop handler as the page would, and fails the seed with the handler's own message. */
export function handlerCaller(handlers: DesktopHandlers) {
  return async <T = unknown>(method: string, input: unknown): Promise<T> => {
    const r = await handlers.handle(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  };
}

/** A desktop data folder's store with the app's handlers (no background pusher), as most desktop seeds need. */
export function openDesktop(data: string): { db: Db; handlers: DesktopHandlers; call: ReturnType<typeof handlerCaller> } {
  const db = openStore(data);
  const handlers = makeHandlers(db, data, seedLog);
  return { db, handlers, call: handlerCaller(handlers) };
}

/**
 * Serves the built renderer over the web bridge on these handlers, prints { url, token, ...info } and
 * runs until killed; then closes the bridge and the rest (`cleanups`, in order) and removes `root`.
 */
export async function serveDesktop(handlers: DesktopHandlers, root: string, info: Record<string, unknown>, cleanups: ReadonlyArray<() => unknown> = []): Promise<WebBridge> {
  const bridge = await startWebBridge(handlers, { staticDir: RENDERER_DIR });
  publishUntilKilled({ url: bridge.url, token: bridge.token, ...info }, [() => bridge.close(), ...cleanups, () => fs.rmSync(root, { recursive: true, force: true })]);
  return bridge;
}
