import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerDeps } from '../../src-server/app.js';
import { defaultConfig, type ServerConfig } from '../../src-server/config.js';
import { addJurisdiction, addUnit, addUser, type Actor } from '../../src-server/accounts/accounts.js';
import type { Role } from '../../src-shared/contract/sync-api.js';
import { freshPgDatabase, testPgUrl } from '../helpers/pg-database.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A fresh directory, removed when the test file is done. */
export function serverTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-server-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A clock the test moves: `clock.advance(ms)`. */
export class TestClock {
  private offset = 0;
  now = (): Date => new Date(Date.now() + this.offset);
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface TestServer {
  app: FastifyInstance;
  url: string;
  dir: string;
  clock: TestClock;
  config: ServerConfig;
  /** Closes the server (if still open) and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * The real server on 127.0.0.1 with a random port and its own temp data directory. The caller stops
 * it (afterAll or finally). `prepare` may add routes (for tests of the hooks) before it listens.
 */
export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  deps: ServerDeps = {},
  prepare?: (app: FastifyInstance) => void,
): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-server-'));
  const clock = new TestClock();
  // Under `npm run test:pg` every test server gets a database of its own on the throwaway PostgreSQL.
  const pg = testPgUrl && overrides.databaseUrl === undefined && !deps.store ? await freshPgDatabase() : null;
  const config = defaultConfig(path.join(dir, 'data'), {
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    ...(pg ? { databaseUrl: pg.url } : {}),
    ...overrides,
  });
  // The test runs in this process: its own synchronous work (LibreOffice, openssl) holds the server's
  // event loop too, which must not count as overload. Tests of the overload refusal pass their own.
  const app = await buildServer(config, { now: clock.now, logger: false, overload: { maxEventLoopDelayMs: 0 }, ...deps });
  prepare?.(app);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const stop = async () => {
    // A test may have closed it already (to test the close).
    if (app.server.listening) await app.close();
    await pg?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { app, url, dir, clock, config, stop };
}

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** One HTTP request with fetch; `body` is sent as JSON unless `raw` is given. */
export async function call(
  url: string,
  method: string,
  route: string,
  opts: { token?: string; body?: unknown; raw?: string | Uint8Array; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  let body: string | Uint8Array | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(url + route, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON; the test looks at text
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

const CHINESE = /[\u4e00-\u9fff]/;

/** An error answer of the contract: status, code, a Chinese message and never a stack trace. */
export function expectError(res: Answer, status: number, code: string): string {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = res.body as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(CHINESE);
  expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
  return body.error.message;
}

const cliActor: Actor = { userId: null, name: 'test', now: () => new Date() };

/** A city bureau, a county bureau under it and a unit under the county, made directly in the store. */
export async function seedDirectory(app: FastifyInstance, suffix = '') {
  const city = await addJurisdiction(app.db, { name: `南宁市司法局${suffix}`, level: 'city', parentId: null }, cliActor);
  const county = await addJurisdiction(app.db, { name: `青秀区司法局${suffix}`, level: 'county', parentId: city.id }, cliActor);
  const unit = await addUnit(app.db, { name: `青秀区市场监督管理局${suffix}`, jurisdictionId: county.id }, cliActor);
  return { city, county, unit };
}

let userCounter = 0;
/** A new user with its initial password (must change it at first login). */
export async function seedUser(
  app: FastifyInstance,
  role: Role,
  where: { unitId?: number; jurisdictionId?: number } = {},
): Promise<{ username: string; password: string; id: number }> {
  const username = `${role}${++userCounter}_${Math.random().toString(36).slice(2, 7)}`;
  const { user, initialPassword } = await addUser(
    app.db,
    { username, role, unitId: where.unitId ?? null, jurisdictionId: where.jurisdictionId ?? null },
    cliActor,
  );
  return { username, password: initialPassword, id: user.id };
}

/** Logs in and returns the token. */
export async function login(url: string, username: string, password: string): Promise<string> {
  const res = await call(url, 'POST', '/api/v1/auth/login', { body: { username, password } });
  expect(res.status, res.text).toBe(200);
  return (res.body as { token: string }).token;
}

/** A user that has done its first login and changed its password: ready to work. */
export async function readyUser(
  ts: TestServer,
  role: Role,
  where: { unitId?: number; jurisdictionId?: number } = {},
): Promise<{ username: string; password: string; token: string; id: number }> {
  const u = await seedUser(ts.app, role, where);
  const first = await login(ts.url, u.username, u.password);
  const newPassword = `Changed${Math.random().toString(36).slice(2, 8)}9`;
  const res = await call(ts.url, 'POST', '/api/v1/auth/change-password', {
    token: first,
    body: { oldPassword: u.password, newPassword },
  });
  expect(res.status, res.text).toBe(200);
  return { username: u.username, password: newPassword, token: first, id: u.id };
}

export interface ProcResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run -s server-admin -- …` as a child process, exactly as an administrator runs it. */
export function runAdminCli(args: string[], env: Record<string, string> = {}): Promise<ProcResult> {
  return new Promise((resolve) => {
    execFile(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      ['run', '-s', 'server-admin', '--', ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, shell: process.platform === 'win32' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr: stderr.split('\n').filter((l) => !/^npm warn/i.test(l)).join('\n') });
      },
    );
  });
}
