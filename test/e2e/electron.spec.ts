import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { DESKTOP_API } from '../../src-shared/contract/desktop-api.js';

/**
 * The real app in Electron (out/main/main.js, as package.json's "main" names it), where an Electron
 * binary exists: the window's title, window.zfbm with one function per contract method and nothing
 * of Node in the page, the secure web preferences, a call through IPC to the backend worker, and
 * navigation and new windows refused. Where Electron cannot run (its binary is never downloaded on
 * the build machines here) the test is skipped, and the reason is printed so the CI log shows it.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The binary as node_modules/electron/index.js names it, without requiring that module: where the
 * binary is missing, requiring it starts a download, which cannot succeed on these machines.
 */
function electronBinary(): { bin?: string; reason?: string } {
  const pkgDir = path.join(REPO, 'node_modules', 'electron');
  let name = '';
  try {
    name = fs.readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
  } catch {
    // not downloaded
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const bin = override ? path.join(override, name || 'electron') : name ? path.join(pkgDir, 'dist', name) : undefined;
  if (!bin || !fs.existsSync(bin)) {
    return { reason: `no Electron binary (${bin ?? 'node_modules/electron/path.txt missing'}): npm could not download it on this machine; run node node_modules/electron/install.js where the internet is reachable` };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display (DISPLAY is not set): run the e2e tests under xvfb-run to include the Electron test' };
  }
  const probe = spawnSync(bin, ['-e', "require('better-sqlite3')(':memory:').close()"], { cwd: REPO, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (probe.status !== 0) {
    return { reason: 'better-sqlite3 is built for Node.js, not Electron: run npx electron-builder install-app-deps first (npm rebuild better-sqlite3 afterwards for the vitest tests)' };
  }
  return { bin };
}

const found = electronBinary();
let app: ElectronApplication | undefined;
let tmp = '';

test.afterAll(async () => {
  await app?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the Electron app: title, window.zfbm and no Node in the page, secure preferences, IPC to the backend, no navigation', async () => {
  if (!found.bin) {
    console.log(`[electron.spec] SKIPPED: ${found.reason}`);
    test.skip(true, found.reason);
    return;
  }
  test.setTimeout(120_000);
  // The global setup built the renderer; the main-process bundles are built here.
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'build-main.mjs')], { cwd: REPO, stdio: 'ignore' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-electron-e2e-'));
  app = await electron.launch({
    executablePath: found.bin,
    args: [REPO, `--data=${path.join(tmp, 'data')}`, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, ZFBM_USER_DATA: path.join(tmp, 'userData') } as Record<string, string>,
    cwd: REPO,
  });
  const win = await app.firstWindow();
  await win.waitForLoadState('domcontentloaded');
  await expect(win).toHaveTitle('执法人员报名助手');
  expect(win.url()).toMatch(/^app:\/\/zfbm\//);

  const page = await win.evaluate(() => {
    const w = globalThis as unknown as { zfbm?: Record<string, unknown>; zfbmDialogs?: Record<string, unknown>; require?: unknown; process?: unknown };
    return {
      zfbm: w.zfbm ? Object.keys(w.zfbm).filter((k) => typeof w.zfbm![k] === 'function') : null,
      dialogs: w.zfbmDialogs ? Object.keys(w.zfbmDialogs) : null,
      require: typeof w.require,
      process: typeof w.process,
      module: typeof (globalThis as { module?: unknown }).module,
    };
  });
  expect(page.zfbm?.sort()).toEqual(Object.keys(DESKTOP_API).sort());
  expect(page.dialogs?.sort()).toEqual(['openFile', 'openFiles', 'openFolder', 'saveFile']);
  expect(page.require).toBe('undefined');
  expect(page.process).toBe('undefined');
  expect(page.module).toBe('undefined');

  // A call goes through IPC to the backend worker, which opened the store in the given folder.
  const list = await win.evaluate(() => (globalThis as unknown as { zfbm: Record<string, (i: unknown) => Promise<unknown>> }).zfbm['batches.list']!({}));
  expect(list).toEqual({ ok: true, value: [] });
  expect(fs.existsSync(path.join(tmp, 'data', 'zfbm.sqlite3'))).toBe(true);

  // One window, made by main (the page cannot make more).
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

  // Navigation and new windows are refused.
  const before = win.url();
  await win.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
  });
  await win.waitForTimeout(1000);
  expect(win.url()).toBe(before);
  expect(await win.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null)).toBe(true);
  expect(app.windows()).toHaveLength(1);
  // Inline script is not run (the Content-Security-Policy).
  const inlineRan = await win.evaluate(() => {
    type El = { textContent: string };
    const g = globalThis as unknown as { document: { createElement(t: string): El; body: { appendChild(e: El): void } }; __inlineRan?: boolean };
    const s = g.document.createElement('script');
    s.textContent = 'globalThis.__inlineRan = true';
    g.document.body.appendChild(s);
    return g.__inlineRan === true;
  });
  expect(inlineRan).toBe(false);
});
