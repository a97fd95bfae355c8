import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, defaultDataDir, defaultConfig, loadConfig, resolveDataDir, REPO_ROOT as CONFIG_ROOT } from '../../src-server/config.js';
import { buildServer } from '../../src-server/app.js';
import { isLoopbackHost, readTlsFiles } from '../../src-server/tls.js';
import { hasOpenssl, makePrivateCa, type PrivateCa } from '../helpers/private-ca.js';
import { call, REPO_ROOT, serverTempDir, startTestServer } from './server-helpers.js';

/** Issue 13: TLS settings, the default data folder and GET /healthz. */

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('TLS settings', () => {
  it('are off by default, read from TLS_CERT/TLS_KEY or the flags (flags win), relative to the working folder', () => {
    expect(loadConfig([], { DATA_DIR: '/d' }).tls).toBeNull();
    expect(loadConfig([], { DATA_DIR: '/d', TLS_CERT: ' ', TLS_KEY: '' }).tls).toBeNull();
    expect(loadConfig([], { DATA_DIR: '/d', TLS_CERT: 'c.pem', TLS_KEY: '/etc/k.pem' }, '/srv').tls).toEqual({
      certFile: path.resolve('/srv', 'c.pem'),
      keyFile: path.resolve('/etc/k.pem'),
    });
    expect(loadConfig(['--tls-cert', '/a/c.pem', '--tls-key', '/a/k.pem'], { DATA_DIR: '/d', TLS_CERT: '/x', TLS_KEY: '/y' }).tls).toEqual({
      certFile: path.resolve('/a/c.pem'),
      keyFile: path.resolve('/a/k.pem'),
    });
  });

  it('need both files, and say which one is missing, in Chinese', () => {
    expect(configError(() => loadConfig([], { DATA_DIR: '/d', TLS_CERT: '/c.pem' }))).toMatch(/只设置了证书.*还缺私钥（TLS_KEY/);
    expect(configError(() => loadConfig(['--tls-key', '/k.pem'], { DATA_DIR: '/d' }))).toMatch(/只设置了私钥.*还缺证书（TLS_CERT/);
    expect(configError(() => loadConfig(['--tls-cert', '', '--tls-key', '/k'], { DATA_DIR: '/d' }))).toMatch(/不能为空/);
  });

  it('know which addresses are this computer only', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'sync.example.cn']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('the default data folder', () => {
  const linux = (env: NodeJS.ProcessEnv, writable: boolean) => defaultDataDir(env, 'linux', () => writable);

  it('is /var/lib/zfbm-sync on Linux when this user may write there', () => {
    expect(linux({ HOME: '/home/a' }, true)).toBe('/var/lib/zfbm-sync');
  });

  it('else under the user data folder: XDG_DATA_HOME, or ~/.local/share', () => {
    expect(linux({ HOME: '/home/a' }, false)).toBe('/home/a/.local/share/zfbm-sync');
    expect(linux({ HOME: '/home/a', XDG_DATA_HOME: '/data/x' }, false)).toBe('/data/x/zfbm-sync');
    // The XDG spec ignores a relative value.
    expect(linux({ HOME: '/home/a', XDG_DATA_HOME: 'rel' }, false)).toBe('/home/a/.local/share/zfbm-sync');
  });

  it('is %ProgramData%\\zfbm-sync on Windows', () => {
    expect(defaultDataDir({ ProgramData: 'D:\\ProgramData' }, 'win32')).toBe('D:\\ProgramData\\zfbm-sync');
    expect(defaultDataDir({}, 'win32')).toBe('C:\\ProgramData\\zfbm-sync');
  });

  it('is outside the code, and the same for the server and the admin command line', () => {
    const here = defaultDataDir();
    expect(path.isAbsolute(here)).toBe(true);
    expect(here.startsWith(REPO_ROOT + path.sep)).toBe(false);
    expect(loadConfig([], { HOME: process.env.HOME }).dataDir).toBe(defaultDataDir({ HOME: process.env.HOME }));
    expect(resolveDataDir(undefined, { HOME: process.env.HOME })).toBe(defaultDataDir({ HOME: process.env.HOME }));
  });

  it('does not move the code: the app root is the folder with package.json', () => {
    expect(CONFIG_ROOT).toBe(REPO_ROOT);
  });
});

const OPENSSL = hasOpenssl();
if (!OPENSSL) console.warn('deployment-config.test: TLS file tests skipped, the openssl command is missing.');

describe.skipIf(!OPENSSL)('TLS files and HTTPS', () => {
  const dir = serverTempDir();
  let ca: PrivateCa;
  beforeAll(() => {
    ca = makePrivateCa(dir);
  });

  it('refuses missing, non-PEM, mismatched and password-protected files with one Chinese line', () => {
    const junk = path.join(dir, 'junk.pem');
    fs.writeFileSync(junk, 'not a certificate');
    const caKey = path.join(dir, 'ca.key');
    expect(configError(() => readTlsFiles({ certFile: path.join(dir, 'nope.pem'), keyFile: ca.keyFile }))).toMatch(/找不到证书文件（TLS_CERT/);
    expect(configError(() => readTlsFiles({ certFile: dir, keyFile: ca.keyFile }))).toMatch(/是一个文件夹/);
    expect(configError(() => readTlsFiles({ certFile: junk, keyFile: ca.keyFile }))).toMatch(/不是 PEM 格式的证书/);
    expect(configError(() => readTlsFiles({ certFile: ca.certFile, keyFile: junk }))).toMatch(/不是 PEM 格式的私钥/);
    expect(configError(() => readTlsFiles({ certFile: ca.certFile, keyFile: caKey }))).toMatch(/不配对/);
    const locked = path.join(dir, 'locked.key');
    fs.writeFileSync(
      locked,
      // The same key, encrypted with a passphrase.
      crypto.createPrivateKey(fs.readFileSync(ca.keyFile)).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }),
    );
    expect(configError(() => readTlsFiles({ certFile: ca.certFile, keyFile: locked }))).toMatch(/设置了密码/);
    for (const m of [configError(() => readTlsFiles({ certFile: ca.certFile, keyFile: caKey }))]) expect(m.split('\n')).toHaveLength(1);
    const ok = readTlsFiles({ certFile: ca.certFile, keyFile: ca.keyFile });
    expect(ok.subject).toContain('127.0.0.1');
    expect(ok.validTo.getTime()).toBeGreaterThan(Date.now());
  });

  it('a bad file stops buildServer before the store is opened', async () => {
    const data = path.join(dir, 'never');
    const config = defaultConfig(data, { tls: { certFile: ca.certFile, keyFile: path.join(dir, 'ca.key') } });
    await expect(buildServer(config, { logger: false })).rejects.toThrow(ConfigError);
    expect(fs.existsSync(data)).toBe(false);
  });

  it('serves HTTPS with HSTS on every answer, errors included', async () => {
    const ts = await startTestServer({ tls: { certFile: ca.certFile, keyFile: ca.keyFile } });
    try {
      expect(ts.url).toMatch(/^https:/);
      const get = (route: string) =>
        new Promise<{ status: number; hsts: unknown }>((resolve, reject) => {
          https
            .get(`${ts.url}${route}`, { ca: fs.readFileSync(ca.caFile), agent: false }, (res) => {
              res.resume();
              res.on('end', () => resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'] }));
            })
            .on('error', reject);
        });
      expect(await get('/healthz')).toEqual({ status: 200, hsts: 'max-age=31536000' });
      expect(await get('/api/v1/me')).toEqual({ status: 401, hsts: 'max-age=31536000' });
      expect(await get('/nothing')).toEqual({ status: 404, hsts: 'max-age=31536000' });
    } finally {
      await ts.stop();
    }
  });
});

describe('GET /healthz', () => {
  it('answers 200 without a token: status, version, database, free disk; no path', async () => {
    const ts = await startTestServer();
    try {
      const res = await call(ts.url, 'GET', '/healthz');
      expect(res.status).toBe(200);
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('cache-control')).toBe('no-store');
      const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
      expect(res.body).toEqual({ status: 'ok', version, database: 'ok', freeDiskBytes: expect.any(Number), disk: 'ok' });
      expect(res.text).not.toContain(ts.config.dataDir);
    } finally {
      await ts.stop();
    }
  });

  it('answers 503 when the disk is nearly full', async () => {
    const ts = await startTestServer({}, { minFreeDiskBytes: Number.MAX_SAFE_INTEGER });
    try {
      const res = await call(ts.url, 'GET', '/healthz');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'error', database: 'ok', disk: 'low' });
    } finally {
      await ts.stop();
    }
  });

  it('answers 503 when the database cannot be queried', async () => {
    const ts = await startTestServer();
    try {
      await ts.app.store.close();
      const res = await call(ts.url, 'GET', '/healthz');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'error', database: 'error' });
    } finally {
      await ts.app.close().catch(() => undefined);
      await ts.stop();
    }
  });
});

describe('the start message', () => {
  const dir = serverTempDir();

  /** `node --import tsx src-server/main.ts …` until it listens; its output, then SIGTERM. */
  async function startOutput(args: string[]): Promise<{ stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src-server', 'main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!stdout.includes('进程号 (PID)') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    expect(await closed, stdout + stderr).toBe(0);
    return { stdout, stderr };
  }

  it('warns in Chinese about plain HTTP on a network address, not on loopback', async () => {
    const open = await startOutput(['--port', '0', '--host', '0.0.0.0', '--data', path.join(dir, 'a')]);
    expect(open.stderr).toMatch(/警告：没有设置 TLS_CERT \/ TLS_KEY，服务器在 0\.0\.0\.0 上以 HTTP 明文监听/);
    expect(open.stdout).toContain(`数据文件夹 (data directory)：${path.join(dir, 'a')}`);
    const local = await startOutput(['--port', '0', '--data', path.join(dir, 'b')]);
    expect(local.stderr).not.toMatch(/HTTP 明文/);
  });
});
