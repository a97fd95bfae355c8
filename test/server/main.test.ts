import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILE, openDb } from '../../src-server/db/open-db.js';
import { REPO_ROOT, serverTempDir } from './server-helpers.js';

interface Running {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
  waitFor: (re: RegExp, ms?: number) => Promise<RegExpExecArray>;
}

/** `npm run server -- …` as a child process. */
function npmRunServer(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'server', '--', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: process.platform === 'win32',
  });
  let out = '';
  const listeners: Array<() => void> = [];
  const onData = (d: Buffer) => {
    out += d.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    output: () => out,
    waitFor: (re, ms = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`timed out waiting for ${re}; output so far:\n${out}`));
        }, ms);
        listeners.push(check);
        check();
      }),
  };
}

describe('npm run server (child process)', () => {
  const root = serverTempDir();

  it('prints where it listens in Chinese and English, serves, and stops cleanly on SIGTERM', async () => {
    const data = path.join(root, 'data');
    const run = npmRunServer(['--port', '0', '--data', data]);
    const [, url] = await run.waitFor(/同步服务器已启动，地址：(http:\/\/127\.0\.0\.1:\d+)/);
    await run.waitFor(/Sync server listening on http:\/\/127\.0\.0\.1:\d+/);
    const [, pid] = await run.waitFor(/PID\)：(\d+)/);

    const res = await fetch(`${url}/api/v1/me`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('auth.token_missing');

    process.kill(Number(pid), 'SIGTERM');
    const { code } = await run.exited;
    expect(code, run.output()).toBe(0);
    expect(run.output()).toContain('收到 SIGTERM，正在停止');
    expect(run.output()).toContain('同步服务器已停止');
    // The store was closed properly: no WAL left to replay, and it opens again.
    expect(fs.existsSync(path.join(data, `${DB_FILE}-wal`))).toBe(false);
    openDb(data).close();
  });

  it.skipIf(process.platform === 'win32')('stops too when only npm is told to stop (its shell does not pass SIGTERM on)', async () => {
    const run = npmRunServer(['--port', '0', '--data', path.join(root, 'npm-only')]);
    const [, url] = await run.waitFor(/地址：(http:\/\/127\.0\.0\.1:\d+)/);
    run.child.kill('SIGTERM');
    await run.waitFor(/启动它的 npm 已退出，正在停止[\s\S]*同步服务器已停止/, 15_000);
    await run.exited;
    await expect(fetch(`${url}/api/v1/me`)).rejects.toThrow();
  });

  it('exits 2 with a Chinese line for a database made by a newer version', async () => {
    const data = path.join(root, 'newer');
    openDb(data).close();
    const raw = new Database(path.join(data, DB_FILE));
    raw.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (42, 'future', 'x')").run();
    raw.close();
    const run = npmRunServer(['--port', '0', '--data', data]);
    const { code } = await run.exited;
    expect(code).toBe(2);
    expect(run.output()).toMatch(/更新版本的同步服务器.*请升级同步服务器后再启动/);
    expect(run.output()).not.toContain('同步服务器已启动');
  });

  it('exits 2 with a Chinese line for a bad setting', async () => {
    const run = npmRunServer(['--port', 'eighty', '--data', path.join(root, 'bad')]);
    const { code } = await run.exited;
    expect(code).toBe(2);
    expect(run.output()).toMatch(/端口（PORT \/ --port）必须是整数/);
  });

  it('exits 2 when the port is taken', async () => {
    const first = npmRunServer(['--port', '0', '--data', path.join(root, 'p1')]);
    const [, port] = await first.waitFor(/地址：http:\/\/127\.0\.0\.1:(\d+)/);
    const [, pid] = await first.waitFor(/PID\)：(\d+)/);
    const second = npmRunServer(['--port', port!, '--data', path.join(root, 'p2')]);
    const { code } = await second.exited;
    expect(code).toBe(2);
    expect(second.output()).toContain(`端口 ${port} 已被其他程序占用`);
    process.kill(Number(pid), 'SIGTERM');
    expect((await first.exited).code).toBe(0);
  });
});
