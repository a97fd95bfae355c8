import { z } from 'zod';
import type { Result } from '../../src-shared/contract/desktop-api.js';
import type { StoredToken } from '../sync/token-store.js';
import type { UpdaterFeed } from './updater.js';

/**
 * 同步设置 → where the desktop asks for updates, with what it sends (issue 21). The sync server
 * serves electron-updater's generic feed under `<服务器地址>/updates/win/` to signed-in units: the same
 * token sync sends, the same proxy choice and the same extra CA file, so a PC that syncs also updates
 * and nothing new has to be set up. `x-install-id` lets the server place this PC in a staged rollout;
 * it is a random UUID (install-id.ts), nothing personal. Pure: the file read is injected.
 */
export interface FeedSources {
  /** As 同步设置 keeps them (settings.get): proxy 'none' | 'system' | a proxy URL; caFile '' for none. */
  settings: { serverUrl: string; proxy: string; caFile: string };
  /** The sign-in kept on this PC, if any. */
  token: StoredToken | undefined;
  installId: string;
  now: Date;
  readTextFile: (file: string) => string;
}

export const FEED_PATH = '/updates/win/';

export type FeedAnswer = { ok: true; feed: UpdaterFeed } | { ok: false; reason: string };

export function updaterFeed(s: FeedSources): FeedAnswer {
  const server = s.settings.serverUrl.trim().replace(/\/+$/, '');
  if (!server) return { ok: false, reason: '还没有设置同步服务器，在“同步设置”中填写后会自动检查更新。' };
  const token = s.token;
  // A token is for the server it was issued by: never send it to another address typed since.
  if (!token || token.serverUrl.replace(/\/+$/, '') !== server || Date.parse(token.expiresAt) <= s.now.getTime()) {
    return { ok: false, reason: '还没有登录同步服务器，在“同步设置”中登录后会自动检查更新。' };
  }
  const caPem: string[] = [];
  if (s.settings.caFile) {
    let pem: string;
    try {
      pem = s.readTextFile(s.settings.caFile);
    } catch {
      return { ok: false, reason: `无法读取 CA 证书文件“${s.settings.caFile}”，没有检查更新。请在“同步设置”中检查路径，或清除此项。` };
    }
    const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    if (!certs) return { ok: false, reason: `“${s.settings.caFile}”不是 PEM 格式的证书文件，没有检查更新。请向服务器管理员索取 PEM 格式的 CA 证书。` };
    caPem.push(...certs);
  }
  return {
    ok: true,
    feed: {
      url: `${server}${FEED_PATH}`,
      headers: { authorization: `Bearer ${token.token}`, 'x-install-id': s.installId },
      proxy: proxyFor(s.settings.proxy),
      caPem,
    },
  };
}

/** sync's proxy choice in Chromium's words (session.setProxy): none → direct, system → system, a URL → that proxy for every scheme. */
export function proxyFor(proxy: string): UpdaterFeed['proxy'] {
  const p = proxy.trim();
  if (p === 'none') return { mode: 'direct' };
  if (p === '' || p === 'system') return { mode: 'system' };
  return { mode: 'fixed_servers', proxyRules: p.replace(/\/+$/, '') };
}

/** What 同步设置's answer must hold for the feed (settings.get's view; the rest is not needed here). */
const settingsPart = z.object({ serverUrl: z.string(), proxy: z.string(), caFile: z.string() });

/** The feed as main builds it before each check: 同步设置 from the backend, the sign-in from main's token store. */
export async function feedFromBackend(src: {
  settings: () => Promise<Result<unknown>>;
  token: () => StoredToken | undefined;
  installId: () => string;
  now: () => Date;
  readTextFile: (file: string) => string;
}): Promise<FeedAnswer> {
  const r = await src.settings();
  if (!r.ok) return { ok: false, reason: `读不到同步设置，没有检查更新：${r.error.message}` };
  const settings = settingsPart.safeParse(r.value);
  if (!settings.success) return { ok: false, reason: '读不到同步设置，没有检查更新；稍后会自动再试。' };
  return updaterFeed({ settings: settings.data, token: src.token(), installId: src.installId(), now: src.now(), readTextFile: src.readTextFile });
}
