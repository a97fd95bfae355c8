import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { NsisUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import { NodeHttpExecutor } from 'builder-util/out/nodeHttpExecutor.js';
import { configureRequestOptions, configureRequestUrl, type DownloadOptions } from 'builder-util-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adaptNsisUpdater, type UpdaterSession } from '../../../src-main/updates/nsis-updater-adapter.js';
import { updaterFeed } from '../../../src-main/updates/update-feed.js';
import { UpdateController } from '../../../src-main/updates/update-controller.js';
import type { Updater } from '../../../src-main/updates/updater.js';
import { HandClock } from './hand-clock.js';

/**
 * The real electron-updater (NsisUpdater, its generic provider, its download, sha512 check and cache)
 * under plain Node: Electron's `net` replaced by builder-util's Node HTTP executor — how
 * electron-updater's own tests run it — and Electron's app by a stand-in (AppAdapter), against a feed
 * served on 127.0.0.1 the way the sync server serves /updates/win/.
 */
const INSTALLER = 'zfbm-setup-0.2.0-x64.exe';
const TOKEN = 'tok-123';
const INSTALL_ID = '6f1c2f7e-93b8-4d55-9a1e-0c1f5b8b2a11';

const CHANNEL_FILE = /^\/updates\/win\/latest(-linux[-a-z0-9]*)?\.yml$/;
/** The paths asked for, with the platform's channel file named as on Windows. */
const pathsAsked = () => served.requests.map((r) => (CHANNEL_FILE.test(r.path) ? '/updates/win/latest.yml' : r.path));

const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');

/**
 * Electron's executor (electronHttpExecutor.js) with Node's request in place of Electron's `net`: its
 * download() line for line, so the stream, the sha512 check (builder-util-runtime's DigestTransform)
 * and what electron-updater does with a failure are the real ones.
 */
class NodeDownloadExecutor extends NodeHttpExecutor {
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions = { headers: options.headers || undefined, redirect: 'manual' };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, { destination, options, onCancel, callback: (error) => (error == null ? resolve(destination) : reject(error)), responseHandler: null }, 0);
    });
  }
}

interface Served {
  mode: 'ok' | 'mismatch' | '404' | '204';
  requests: { path: string; authorization: string | undefined; installId: string | undefined }[];
}

let server: http.Server;
let base = '';
const bytes = randomBytes(300_000);
const served: Served = { mode: 'ok', requests: [] };

function latestYml(): string {
  const hash = served.mode === 'mismatch' ? sha512(Buffer.from('another file')) : sha512(bytes);
  return [
    'version: 0.2.0',
    'files:',
    `  - url: ${INSTALLER}`,
    `    sha512: ${hash}`,
    `    size: ${bytes.length}`,
    `path: ${INSTALLER}`,
    `sha512: ${hash}`,
    "releaseDate: '2026-12-07T08:00:00.000Z'",
    '',
  ].join('\n');
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    served.requests.push({ path: url.pathname, authorization: req.headers.authorization, installId: req.headers['x-install-id'] as string | undefined });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
    // On Windows electron-updater asks for latest.yml; on this Linux test machine for latest-linux.yml.
    if (CHANNEL_FILE.test(url.pathname)) {
      if (served.mode === '404') return void res.writeHead(404).end();
      if (served.mode === '204') return void res.writeHead(204).end();
      return void res.writeHead(200, { 'content-type': 'text/yaml' }).end(latestYml());
    }
    if (url.pathname === `/updates/win/${INSTALLER}`) return void res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length }).end(bytes);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let dir = '';
let quitHandlers: Array<(code: number) => void> = [];
let sessionCalls: unknown[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-updater-'));
  served.requests = [];
  served.mode = 'ok';
  quitHandlers = [];
  sessionCalls = [];
});

/** The installed app as electron-updater sees it: version 0.1.0, app-update.yml as electron-builder writes it (publish: generic). */
function realUpdater(): { updater: Updater; cacheDir: string } {
  fs.writeFileSync(path.join(dir, 'app-update.yml'), 'provider: generic\nurl: https://sync-server.invalid/updates/win/\nupdaterCacheDirName: zhifa-baoming-zhushou-updater\n');
  const app: AppAdapter = {
    version: '0.1.0',
    name: 'zhifa-baoming-zhushou',
    isPackaged: true,
    appUpdateConfigPath: path.join(dir, 'app-update.yml'),
    userDataPath: path.join(dir, 'userData'),
    baseCachePath: path.join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: (handler) => void quitHandlers.push(handler),
  };
  const nsis = new NsisUpdater(null, app);
  (nsis as unknown as { httpExecutor: NodeHttpExecutor }).httpExecutor = new NodeDownloadExecutor();
  // No old installer cached on this "PC": a full download, as on a first update.
  nsis.disableDifferentialDownload = true;
  const session: UpdaterSession = {
    setProxy: async (config) => void sessionCalls.push({ setProxy: config }),
    closeAllConnections: async () => void sessionCalls.push('closeAllConnections'),
    setCertificateVerifyProc: () => void sessionCalls.push('setCertificateVerifyProc'),
  };
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  return { updater: adaptNsisUpdater(nsis, { session, log, prepareQuit: async () => undefined }), cacheDir: path.join(dir, 'cache', 'zhifa-baoming-zhushou-updater') };
}

function feed(proxy = 'system') {
  const answer = updaterFeed({
    settings: { serverUrl: base, proxy, caFile: '' },
    token: { serverUrl: base, username: 'u1', token: TOKEN, expiresAt: '2099-01-01T00:00:00Z' },
    installId: INSTALL_ID,
    now: new Date('2026-12-07T08:00:00Z'),
    readTextFile: (f) => fs.readFileSync(f, 'utf8'),
  });
  if (!answer.ok) throw new Error(answer.reason);
  return answer.feed;
}

function filesUnder(d: string): string[] {
  return fs.existsSync(d) ? (fs.readdirSync(d, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(d, f)).isFile()).sort() : [];
}

describe('electron-updater behind the Updater interface, against a local feed', () => {
  it('finds 0.2.0, downloads it with progress, checks its sha512, keeps it for install on quit; every request carries the sign-in and the install id', async () => {
    const { updater, cacheDir } = realUpdater();
    await updater.configure(feed('http://10.0.0.1:8080'));
    expect(sessionCalls).toEqual(['setCertificateVerifyProc', { setProxy: { mode: 'fixed_servers', proxyRules: 'http://10.0.0.1:8080' } }, 'closeAllConnections']);
    expect(updater.currentVersion).toBe('0.1.0');
    expect(await updater.checkForUpdates()).toEqual({ version: '0.2.0' });
    const percents: number[] = [];
    updater.onProgress((p) => percents.push(p.percent));
    expect(await updater.downloadUpdate()).toEqual({ version: '0.2.0' });
    expect(percents.length).toBeGreaterThan(0);
    const kept = filesUnder(cacheDir).filter((f) => f.endsWith('.exe'));
    expect(kept).toEqual([path.join('pending', INSTALLER)]);
    expect(sha512(fs.readFileSync(path.join(cacheDir, kept[0]!)))).toBe(sha512(bytes));
    // electron-updater's own quit handler: the installer runs when the app quits.
    expect(quitHandlers).toHaveLength(1);
    expect(pathsAsked()).toEqual(['/updates/win/latest.yml', `/updates/win/${INSTALLER}`]);
    expect(served.requests.every((r) => r.authorization === `Bearer ${TOKEN}` && r.installId === INSTALL_ID)).toBe(true);
  });

  it('a download whose sha512 does not match latest.yml is deleted and said in Chinese; nothing installs on quit', async () => {
    served.mode = 'mismatch';
    const { updater, cacheDir } = realUpdater();
    const clock = new HandClock();
    const asked: string[] = [];
    const controller = new UpdateController({
      updater,
      feed: async () => ({ ok: true, feed: feed() }),
      busy: async () => null,
      // 稍后: installing would start the installer, which this test never does.
      ask: async (v) => {
        asked.push(v);
        return false;
      },
      clock,
      log: { info: () => undefined, warn: () => undefined },
    });
    await controller.checkNow();
    expect(controller.state()).toMatchObject({ phase: 'error', text: '更新出错：下载的更新文件校验失败，已丢弃，将在下次检查时重新下载。' });
    expect(pathsAsked()).toEqual(['/updates/win/latest.yml', `/updates/win/${INSTALLER}`]);
    expect(filesUnder(cacheDir)).toEqual([]);
    expect(quitHandlers).toHaveLength(0);
    expect(asked).toEqual([]);

    // Put right on the server: the next check downloads it again.
    served.mode = 'ok';
    await controller.checkNow();
    expect(controller.state()).toMatchObject({ phase: 'downloaded', text: '新版本 0.2.0 已下载，重启后安装' });
    expect(filesUnder(cacheDir).filter((f) => f.endsWith('.exe'))).toEqual([path.join('pending', INSTALLER)]);
    expect(quitHandlers).toHaveLength(1);
    expect(asked).toEqual(['0.2.0']);
  });

  it.each(['404', '204'] as const)('a server with nothing for this PC (%s) reads 已是最新版本, not an error', async (mode) => {
    served.mode = mode;
    const { updater } = realUpdater();
    const controller = new UpdateController({
      updater,
      feed: async () => ({ ok: true, feed: feed() }),
      busy: async () => null,
      ask: async () => false,
      clock: new HandClock(),
      log: { info: () => undefined, warn: () => undefined },
    });
    await controller.checkNow();
    expect(controller.state()).toMatchObject({ phase: 'idle', text: '', lastResult: '已是最新版本（0.1.0）' });
  });
});
