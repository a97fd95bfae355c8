import { expect, it } from 'vitest';
import { connectionSettingsSchema } from '../../../src-main/sync/connection-settings.js';

/**
 * The server address as the clerk types it: host[:port][/path] without a scheme is the intranet's
 * plain http and gets http://; a scheme is kept; a typo that only looks like one is refused (it would
 * otherwise be saved as a server called "ftp" or "http").
 */
const parse = (serverUrl: string) => {
  const r = connectionSettingsSchema.safeParse({ serverUrl });
  return r.success ? r.data.serverUrl : `refused: ${r.error.issues[0]!.message}`;
};

it('adds http:// to an address typed without a scheme', () => {
  expect(parse('192.168.1.10:8720')).toBe('http://192.168.1.10:8720');
  expect(parse(' zfbm.example.gov.cn/ ')).toBe('http://zfbm.example.gov.cn');
  expect(parse('localhost:3000/zfbm')).toBe('http://localhost:3000/zfbm');
});

it('keeps a scheme given, and refuses what is none', () => {
  expect(parse('https://zfbm.example.gov.cn/')).toBe('https://zfbm.example.gov.cn');
  for (const typo of ['ftp//127.0.0.1', 'http//zfbm.example.gov.cn', 'ftp://zfbm.example.gov.cn', 'http://user:pw@x.cn']) expect(parse(typo)).toMatch(/^refused: .*写法不对/);
  expect(parse('   ')).toMatch(/^refused: 请填写同步服务器地址/);
});
