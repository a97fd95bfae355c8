import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NsisUpdater } from 'electron-updater';
import { beforeAll, describe, expect, it } from 'vitest';
import { feedFromBackend, proxyFor, updaterFeed, type FeedSources } from '../../../src-main/updates/update-feed.js';
import { loadOrCreateInstallId, INSTALL_ID_FILE } from '../../../src-main/updates/install-id.js';
import { ACCEPT, CHROMIUM_VERDICT, certificateVerdict, trustedByExtraCa } from '../../../src-main/updates/extra-ca.js';
import { adaptNsisUpdater, type UpdaterSession, type VerifyRequest } from '../../../src-main/updates/nsis-updater-adapter.js';
import { hasOpenssl, makePrivateCa, type PrivateCa } from '../../helpers/private-ca.js';

const NOW = new Date('2026-12-07T08:00:00Z');
const TOKEN = { serverUrl: 'https://zfbm.example.gov.cn', username: 'u1', token: 'tok', expiresAt: '2026-12-08T00:00:00Z' };

function sources(over: Partial<FeedSources['settings']> = {}, rest: Partial<FeedSources> = {}): FeedSources {
  return {
    settings: { serverUrl: 'https://zfbm.example.gov.cn', proxy: 'system', caFile: '', ...over },
    token: TOKEN,
    installId: '6f1c2f7e-93b8-4d55-9a1e-0c1f5b8b2a11',
    now: NOW,
    readTextFile: (f) => fs.readFileSync(f, 'utf8'),
    ...rest,
  };
}

describe('updaterFeed: 同步设置 → where and how the updater asks', () => {
  it('the feed is the sync server’s /updates/win/ with the sign-in and the install id as headers', () => {
    expect(updaterFeed(sources({ serverUrl: 'https://zfbm.example.gov.cn/' }, { token: { ...TOKEN, serverUrl: 'https://zfbm.example.gov.cn/' } }))).toEqual({
      ok: true,
      feed: {
        url: 'https://zfbm.example.gov.cn/updates/win/',
        headers: { authorization: 'Bearer tok', 'x-install-id': '6f1c2f7e-93b8-4d55-9a1e-0c1f5b8b2a11' },
        proxy: { mode: 'system' },
        caPem: [],
      },
    });
  });

  it('sync’s proxy choice becomes Chromium’s: none → direct, system → system, a URL → that proxy', () => {
    expect(proxyFor('none')).toEqual({ mode: 'direct' });
    expect(proxyFor('system')).toEqual({ mode: 'system' });
    expect(proxyFor('')).toEqual({ mode: 'system' });
    expect(proxyFor('http://10.0.0.1:8080/')).toEqual({ mode: 'fixed_servers', proxyRules: 'http://10.0.0.1:8080' });
    const feed = updaterFeed(sources({ proxy: 'http://10.0.0.1:8080' }));
    expect(feed.ok && feed.feed.proxy).toEqual({ mode: 'fixed_servers', proxyRules: 'http://10.0.0.1:8080' });
  });

  it('the CA file’s certificates go with the feed; an unreadable or non-PEM file is said in Chinese and nothing is asked', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-feed-'));
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    fs.writeFileSync(path.join(dir, 'ca.pem'), `# two CAs\n${pem}\n${pem.replace('MIIB', 'MIIC')}\n`);
    const feed = updaterFeed(sources({ caFile: path.join(dir, 'ca.pem') }));
    expect(feed.ok && feed.feed.caPem).toEqual([pem, pem.replace('MIIB', 'MIIC')]);
    expect(updaterFeed(sources({ caFile: path.join(dir, 'missing.pem') }))).toEqual({ ok: false, reason: expect.stringMatching(/^无法读取 CA 证书文件“.*missing\.pem”，没有检查更新。/) });
    fs.writeFileSync(path.join(dir, 'ca.der'), 'binary');
    expect(updaterFeed(sources({ caFile: path.join(dir, 'ca.der') }))).toEqual({ ok: false, reason: expect.stringMatching(/不是 PEM 格式的证书文件/) });
  });

  it('no server, no sign-in, an expired one or one for another server: no check, and 关于 says what to do', () => {
    expect(updaterFeed(sources({ serverUrl: '' }))).toEqual({ ok: false, reason: '还没有设置同步服务器，在“同步设置”中填写后会自动检查更新。' });
    const notSignedIn = { ok: false, reason: '还没有登录同步服务器，在“同步设置”中登录后会自动检查更新。' };
    expect(updaterFeed(sources({}, { token: undefined }))).toEqual(notSignedIn);
    expect(updaterFeed(sources({}, { token: { ...TOKEN, expiresAt: '2026-12-07T07:59:59Z' } }))).toEqual(notSignedIn);
    // The address was changed after signing in: the token is never sent to the other server.
    expect(updaterFeed(sources({ serverUrl: 'https://other.example.gov.cn' }))).toEqual(notSignedIn);
  });

  it('feedFromBackend reads 同步设置 from the backend’s settings.get and the sign-in at each check', async () => {
    const signIn: { token?: typeof TOKEN } = {};
    const src = {
      settings: async () => ({ ok: true as const, value: { serverUrl: 'https://zfbm.example.gov.cn', proxy: 'none', caFile: '', unitName: 'x' } }),
      token: () => signIn.token,
      installId: () => 'id-1',
      now: () => NOW,
      readTextFile: () => '',
    };
    expect((await feedFromBackend(src)).ok).toBe(false);
    signIn.token = TOKEN;
    expect(await feedFromBackend(src)).toMatchObject({ ok: true, feed: { proxy: { mode: 'direct' }, headers: { 'x-install-id': 'id-1' } } });
    expect(await feedFromBackend({ ...src, settings: async () => ({ ok: false as const, error: { code: 'backend.crashed', message: '后台出错了。' } }) })).toEqual({
      ok: false,
      reason: '读不到同步设置，没有检查更新：后台出错了。',
    });
  });
});

describe('install id', () => {
  it('is made once, kept in the folder and the same on every later run; a damaged file gets a new one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-install-id-'));
    const first = loadOrCreateInstallId(dir);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(loadOrCreateInstallId(dir, () => 'should-not-be-used')).toBe(first);
    expect(fs.readFileSync(path.join(dir, INSTALL_ID_FILE), 'utf8').trim()).toBe(first);
    fs.writeFileSync(path.join(dir, INSTALL_ID_FILE), 'garbage');
    const second = loadOrCreateInstallId(dir);
    expect(second).not.toBe(first);
    expect(loadOrCreateInstallId(dir)).toBe(second);
  });
});

describe.skipIf(!hasOpenssl())('the extra CA reaches the updater’s session (openssl)', () => {
  let ca: PrivateCa;
  let otherCa: PrivateCa;
  let chain: string[];
  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-ca-'));
    fs.mkdirSync(path.join(dir, 'a'));
    fs.mkdirSync(path.join(dir, 'b'));
    ca = makePrivateCa(path.join(dir, 'a'));
    otherCa = makePrivateCa(path.join(dir, 'b'));
    chain = [fs.readFileSync(ca.certFile, 'utf8')];
  });
  const pem = (f: string) => fs.readFileSync(f, 'utf8');

  it('a server certificate signed by the CA file is trusted for its own address only, within its validity', () => {
    expect(trustedByExtraCa({ chainPem: chain, hostname: '127.0.0.1', caPem: [pem(ca.caFile)], now: new Date() })).toBe(true);
    expect(trustedByExtraCa({ chainPem: chain, hostname: '127.0.0.2', caPem: [pem(ca.caFile)], now: new Date() })).toBe(false);
    expect(trustedByExtraCa({ chainPem: chain, hostname: '127.0.0.1', caPem: [pem(otherCa.caFile)], now: new Date() })).toBe(false);
    expect(trustedByExtraCa({ chainPem: chain, hostname: '127.0.0.1', caPem: [pem(ca.caFile)], now: new Date(Date.now() + 5 * 86_400_000) })).toBe(false);
    // A leaf is no CA: the server's own certificate as "CA file" trusts nothing.
    expect(trustedByExtraCa({ chainPem: chain, hostname: '127.0.0.1', caPem: [pem(ca.certFile)], now: new Date() })).toBe(false);
  });

  it('Chromium’s verdict stands unless it failed only on the unknown CA', () => {
    const r = { hostname: '127.0.0.1', chainPem: chain };
    expect(certificateVerdict({ ...r, verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID' }, [pem(ca.caFile)], new Date())).toBe(ACCEPT);
    expect(certificateVerdict({ ...r, verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID' }, [], new Date())).toBe(CHROMIUM_VERDICT);
    expect(certificateVerdict({ ...r, verificationResult: 'net::ERR_CERT_REVOKED' }, [pem(ca.caFile)], new Date())).toBe(CHROMIUM_VERDICT);
    expect(certificateVerdict({ ...r, verificationResult: 'net::OK' }, [pem(ca.caFile)], new Date())).toBe(CHROMIUM_VERDICT);
  });

  it('configure() hands 同步设置’s CA file and proxy to the updater’s session', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-ca-session-'));
    const app = {
      version: '0.1.0',
      name: 'zfbm',
      isPackaged: true,
      appUpdateConfigPath: path.join(dir, 'app-update.yml'),
      userDataPath: dir,
      baseCachePath: dir,
      whenReady: () => Promise.resolve(),
      relaunch: () => undefined,
      quit: () => undefined,
      onQuit: () => undefined,
    };
    let proc: ((r: VerifyRequest, cb: (v: number) => void) => void) | undefined;
    const proxies: unknown[] = [];
    const session: UpdaterSession = {
      setProxy: async (c) => void proxies.push(c),
      closeAllConnections: async () => undefined,
      setCertificateVerifyProc: (p) => void (proc = p),
    };
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const updater = adaptNsisUpdater(new NsisUpdater(null, app), { session, log, prepareQuit: async () => undefined });
    const verdict = () => new Promise<number>((resolve) => proc!({ hostname: '127.0.0.1', verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID', certificate: { data: chain[0]! } }, resolve));

    expect(await verdict()).toBe(CHROMIUM_VERDICT);
    const feed = updaterFeed(sources({ serverUrl: 'https://127.0.0.1:8443', proxy: 'http://proxy.corp:3128', caFile: ca.caFile }, { token: { ...TOKEN, serverUrl: 'https://127.0.0.1:8443' } }));
    if (!feed.ok) throw new Error(feed.reason);
    await updater.configure(feed.feed);
    expect(await verdict()).toBe(ACCEPT);
    expect(proxies).toEqual([{ mode: 'fixed_servers', proxyRules: 'http://proxy.corp:3128' }]);

    // The CA file cleared in 同步设置: the next check no longer trusts it.
    const plain = updaterFeed(sources({ serverUrl: 'https://127.0.0.1:8443', proxy: 'none' }, { token: { ...TOKEN, serverUrl: 'https://127.0.0.1:8443' } }));
    if (!plain.ok) throw new Error(plain.reason);
    await updater.configure(plain.feed);
    expect(await verdict()).toBe(CHROMIUM_VERDICT);
    expect(proxies.at(-1)).toEqual({ mode: 'direct' });
  });
});
