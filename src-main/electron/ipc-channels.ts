import { isAppUrl } from './app-info.js';

/**
 * The IPC channel names shared by preload.ts and main, and the check every handler makes of who is
 * calling. One channel per desktop-api method and per dialog, so that a name outside the contract
 * has no handler at all. No Electron import: the preload bundles it, tests import it.
 */
export const apiChannel = (method: string): string => `zfbm:api:${method}`;
export const dialogChannel = (name: string): string => `zfbm:dialog:${name}`;
export const PROGRESS_CHANNEL = 'zfbm:event:progress';

/** The frame an IPC message came from, as Electron's WebFrameMain shows it. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/** Only our own page's top frame may call main: not a subframe, not a page that got navigated elsewhere. */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}
