import { z } from 'zod';
import type { Db } from '../store/open-store.js';
import { readSetting, writeSetting } from '../store/settings-repo.js';

/**
 * How to reach the sync server: its address, the unit account, the proxy and an extra trusted CA
 * certificate (intranet servers with their own CA). Kept in the store's settings table; no secret
 * here (the token lives in the token store). Certificate checks are never switched off: a server
 * whose certificate is not trusted needs its CA file here.
 */
export const connectionSettingsSchema = z.object({
  serverUrl: z
    .string()
    .trim()
    // An address typed as host[:port][/path] (192.168.1.10:8720) is the intranet's plain http: the clerk
    // need not know the word. Anything else (a scheme, or a typo like "http//…") is left to be refused.
    .transform((s) => (/^[a-z0-9.-]+(:\d+)?(\/(?!\/).*)?$/i.test(s) ? `http://${s}` : s))
    .pipe(
      z
        .string()
        .min(1, '请填写同步服务器地址，例如 https://zfbm.example.gov.cn 或 http://192.168.1.10:8720。')
        .refine((s) => {
          try {
            const u = new URL(s);
            return (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === '';
          } catch {
            return false;
          }
        }, '同步服务器地址写法不对：请照司法局提供的地址填写，以 http:// 或 https:// 开头，或只写地址和端口，例如 https://zfbm.example.gov.cn、192.168.1.10:8720。')
        .transform((s) => s.replace(/\/+$/, '')),
    ),
  username: z.string().trim().max(64).default(''),
  /** 'none': connect directly; 'system': the system's (the app asks Electron; the CLI reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY); or a proxy URL. */
  proxy: z
    .string()
    .trim()
    .default('system')
    .refine((s) => s === 'none' || s === 'system' || /^https?:\/\/[^\s/]+(:\d+)?\/?$/.test(s), '代理设置应为 none（不用代理）、system（系统代理）或代理地址，例如 http://10.0.0.1:8080。'),
  /** A PEM file with the CA certificate(s) that signed an intranet server's certificate; added to the trusted roots. */
  caFile: z.string().trim().default(''),
  /** Per request, in seconds. */
  timeoutSeconds: z.number().int().min(5).max(600).default(60),
});
export type ConnectionSettings = z.infer<typeof connectionSettingsSchema>;
export type ConnectionSettingsInput = z.input<typeof connectionSettingsSchema>;

const KEY = 'sync.connection';

export function loadConnectionSettings(db: Db): ConnectionSettings | undefined {
  const row = readSetting(db, KEY);
  if (!row) return undefined;
  const parsed = connectionSettingsSchema.safeParse(JSON.parse(row));
  return parsed.success ? parsed.data : undefined;
}

export function saveConnectionSettings(db: Db, input: ConnectionSettingsInput): ConnectionSettings {
  const settings = connectionSettingsSchema.parse(input);
  writeSetting(db, KEY, JSON.stringify(settings));
  return settings;
}
