import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasOpenssl, makePrivateCa, type PrivateCa } from '../helpers/private-ca.js';
import { makeProdCheckout } from '../helpers/prod-checkout.js';
import { REPO_ROOT, serverTempDir } from './server-helpers.js';

/**
 * Issue 13, a real deployment: `npm run build:server` (here scripts/build-server.mjs, built aside so
 * that nothing else's out/ changes), a checkout with production dependencies only, and
 * `node out/server/main.js` with TLS — health, login and the console over HTTPS with HSTS.
 */

const OPENSSL = hasOpenssl();
if (!OPENSSL) console.warn('production-build.test: skipped, the openssl command is missing (apt-get install -y openssl).');

/** A minimal environment: nothing of the test runner's (NODE_OPTIONS, loaders) reaches the bundle. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...extra };
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  bytes: Buffer;
}

function request(ca: PrivateCa, url: string, init: { method?: string; body?: unknown; raw?: Buffer; token?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const data = init.raw ?? (init.body === undefined ? undefined : Buffer.from(JSON.stringify(init.body)));
    const headers: Record<string, string | number> = {};
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (data !== undefined) {
      headers['content-type'] = init.raw ? 'application/octet-stream' : 'application/json';
      headers['content-length'] = data.length;
    }
    const req = https.request(url, { method: init.method ?? 'GET', ca: fs.readFileSync(ca.caFile), agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

describe.skipIf(!OPENSSL)('the built server in a checkout with production dependencies only', () => {
  const tmp = serverTempDir();
  const checkout = path.join(tmp, 'checkout');
  const data = path.join(tmp, 'data');
  let ca: PrivateCa;
  let child: ChildProcess | undefined;
  let output = '';
  let url = '';

  beforeAll(async () => {
    const built = path.join(tmp, 'built');
    const build = await run([path.join(REPO_ROOT, 'scripts', 'build-server.mjs'), '--out', built], REPO_ROOT, { ...process.env });
    expect(build.code, build.stderr).toBe(0);
    makeProdCheckout({ repoRoot: REPO_ROOT, builtOut: built, dest: checkout });
    fs.mkdirSync(path.join(tmp, 'ca'));
    ca = makePrivateCa(path.join(tmp, 'ca'));
  }, 120_000);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('has no devDependencies: the bundle runs without tsx, vite, esbuild, vitest or typescript, and holds fastify, exceljs and zod itself', async () => {
    for (const dev of ['tsx', 'vite', 'esbuild', 'vitest', 'typescript', 'electron', '@types/node', 'fastify', '@fastify/static', 'exceljs', 'zod', 'react', 'antd']) {
      expect(fs.existsSync(path.join(checkout, 'node_modules', dev)), dev).toBe(false);
    }
    for (const prod of ['better-sqlite3', 'sharp']) expect(fs.existsSync(path.join(checkout, 'node_modules', prod)), prod).toBe(true);
    // And Node cannot find them from the checkout either (it is outside the repository).
    const probe = await run(['-e', "import('tsx').then(() => process.exit(0), () => process.exit(3))"], checkout, cleanEnv({}));
    expect(probe.code).toBe(3);
  });

  it('adds an administrator with out/server/admin.js', async () => {
    const r = await run(['out/server/admin.js', 'add-user', '--username', 'chief', '--role', 'admin', '--data', data, '--json'], checkout, cleanEnv({}));
    expect(r.code, r.stderr).toBe(0);
    const added = JSON.parse(r.stdout) as { username: string; initialPassword: string };
    expect(added.username).toBe('chief');
    fs.writeFileSync(path.join(tmp, 'password'), added.initialPassword);
    // The store holds ID numbers: nothing in the data folder is readable by other accounts.
    if (process.platform !== 'win32') {
      for (const f of [data, path.join(data, 'server.sqlite3')]) expect(fs.statSync(f).mode & 0o007, f).toBe(0);
    }
  });

  it('serves /healthz, the API and the console over HTTPS with HSTS', async () => {
    child = spawn(process.execPath, ['out/server/main.js', '--port', '0', '--host', '127.0.0.1'], {
      cwd: checkout,
      env: cleanEnv({ TLS_CERT: ca.certFile, TLS_KEY: ca.keyFile, DATA_DIR: data, LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child!.on('close', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const m = /同步服务器已启动，地址：(https:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        url = m[1]!;
        break;
      }
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).toContain(`数据文件夹 (data directory)：${data}`);
    expect(output).not.toMatch(/HTTP 明文/);

    const health = await request(ca, `${url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000');
    const h = JSON.parse(health.body) as Record<string, unknown>;
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(h).toMatchObject({ status: 'ok', version, database: 'ok', disk: 'ok' });
    expect(typeof h.freeDiskBytes).toBe('number');
    expect(health.body).not.toContain(data);

    const password = fs.readFileSync(path.join(tmp, 'password'), 'utf8');
    const login = await request(ca, `${url}/api/v1/auth/login`, { method: 'POST', body: { username: 'chief', password } });
    expect(login.status, login.body).toBe(200);
    expect(login.headers['strict-transport-security']).toBe('max-age=31536000');
    const token = (JSON.parse(login.body) as { token: string; mustChangePassword: boolean }).token;
    expect(token.length).toBeGreaterThan(20);
    const changed = await request(ca, `${url}/api/v1/auth/change-password`, {
      method: 'POST',
      token,
      body: { oldPassword: password, newPassword: 'Harbor7Lantern42' },
    });
    expect(changed.status, changed.body).toBe(200);

    // exceljs (outside the bundle, also loaded by file name) works: an export, and the record reader.
    const xlsx = await request(ca, `${url}/api/v1/exports/approved.xlsx`, { token });
    expect(xlsx.status, xlsx.body).toBe(200);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const preview = await request(ca, `${url}/api/v1/admin/records/exam_score/preview?fileName=x.xlsx`, { method: 'POST', token, raw: xlsx.bytes });
    expect(preview.status, preview.body).toBe(422);
    expect((JSON.parse(preview.body) as { error: { code: string } }).error.code).toBe('records.file_invalid');

    const page = await request(ca, `${url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000');
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(page.body);
    expect(script, page.body).not.toBeNull();
    const asset = await request(ca, `${url}${script![1]}`);
    expect(asset.status).toBe(200);

    const missing = await request(ca, `${url}/api/v1/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers['strict-transport-security']).toBe('max-age=31536000');

    // JSON log lines with request ids; neither the password nor the token in them.
    const logLines = output.split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.some((l) => (JSON.parse(l) as { reqId?: string }).reqId !== undefined)).toBe(true);
    expect(output).not.toContain(password);
    expect(output).not.toContain(token);

    child.kill('SIGTERM');
    expect(await exited, output).toBe(0);
  });

  it('refuses a key that does not belong to the certificate: exit 2, one Chinese line (started through a symlink)', async () => {
    // As deployments often do: /opt/zfbm-sync/current -> the release folder.
    const current = path.join(tmp, 'current');
    fs.symlinkSync(checkout, current);
    const r = await run([path.join(current, 'out', 'server', 'main.js'), '--port', '0', '--tls-cert', ca.certFile, '--tls-key', ca.caFile.replace(/ca\.pem$/, 'ca.key')], checkout, cleanEnv({ DATA_DIR: data }));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/不配对/);
  });
});
