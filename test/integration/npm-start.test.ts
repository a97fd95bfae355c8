import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * `npm start` where Electron cannot run (its binary missing, as on this machine; forced here with
 * ELECTRON_OVERRIDE_DIST_PATH so the test means the same everywhere): it builds what is stale, says
 * why in Chinese and English, and serves the app in browser mode — the printed address (with its
 * token) opens the renderer, the API answers with the token and refuses without it, Ctrl+C stops it.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const root = tempDir('zfbm-npm-start-');
const data = path.join(root, '数据');
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

function waitFor(proc: ChildProcess, out: { text: string }, re: RegExp, ms: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; output so far:\n${out.text}`)), ms);
    const check = () => {
      const m = re.exec(out.text);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    proc.stdout!.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before printing ${re}:\n${out.text}`));
    });
    check();
  });
}

describe('npm start without a runnable Electron', () => {
  it('falls back to browser mode: explains why, prints the address with its token, serves the renderer and the API, stops on Ctrl+C', async () => {
    const out = { text: '' };
    child = spawn(process.execPath, [path.join(REPO, 'scripts', 'start.mjs'), '--data', data, '--port', '0'], {
      cwd: REPO,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: path.join(root, 'no-electron-here') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.setEncoding('utf8').on('data', (s: string) => (out.text += s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (out.text += s));

    const m = await waitFor(child, out, /(http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)/, 240_000);
    const [, base, token] = m;
    expect(out.text).toContain('无法启动 Electron 窗口，改用浏览器模式。');
    expect(out.text).toContain('Cannot start the Electron window; starting browser mode instead.');
    expect(out.text).toContain('原因：Electron 程序文件不存在');
    expect(out.text).toContain('Reason: The Electron binary is missing');
    expect(out.text).toContain(`数据文件夹 / data folder: ${data}`);

    const page = await fetch(`${base}/index.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await page.text()).toContain('<title>执法人员报名助手</title>');

    const api = (t: string) => fetch(`${base}/api/batches.list`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zfbm-token': t }, body: '{}' });
    const ok = await api(token!);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, value: [] });
    expect((await api('wrong-token')).status).toBe(401);
    expect(fs.existsSync(path.join(data, 'zfbm.sqlite3'))).toBe(true);

    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 300_000);
});
