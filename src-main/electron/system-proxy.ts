import { session } from 'electron';
import { proxyUrlFromPac } from '../sync/pac-result.js';

/** The proxy Windows (or the PAC script it names) sets for `url`, as Chromium resolves it; '' for direct. */
export async function systemProxyFor(url: string): Promise<string> {
  return proxyUrlFromPac(await session.defaultSession.resolveProxy(url));
}
