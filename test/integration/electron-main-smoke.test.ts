import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP_API } from '../../src-shared/contract/desktop-api.js';
import { DESKTOP_DIALOGS } from '../../src-shared/contract/desktop-dialogs.js';
import { CONTENT_SECURITY_POLICY } from '../../src-main/content-security-policy.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * The built main bundle (out/main/main.js) run by plain Node with a stand-in for the `electron`
 * module, since no Electron binary can be downloaded here (test/e2e/electron.spec.ts runs the real
 * one where it exists). It checks main's wiring as Electron would see it: the app:// scheme
 * registered before ready, the single-instance lock, the backend worker started on the data folder,
 * one IPC handler per contract method and dialog (refusing strangers), the renderer served with the
 * shared CSP and nothing outside it, the window's secure preferences and blocked navigation, the
 * Chinese menu, progress forwarded, the pusher kicked on resume, and the store closed before quitting.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const root = tempDir('zfbm-main-smoke-');
fs.mkdirSync(path.join(REPO, 'out'), { recursive: true });
const buildDir = fs.mkdtempSync(path.join(REPO, 'out', 'test-main-smoke-'));
const mainDir = path.join(buildDir, 'main');
const rendererDir = path.join(buildDir, 'renderer');
afterAll(() => fs.rmSync(buildDir, { recursive: true, force: true }));

/** A stand-in `electron`: records what main does, then plays the clerk and the OS. */
const FAKE_ELECTRON = String.raw`
const Module = require('node:module');
const { EventEmitter } = require('node:events');
const path = require('node:path');
const report = (what, data) => process.stdout.write(JSON.stringify({ what, data }) + '\n');
const state = { registeredSchemes: null, readyResolved: false, handlers: new Map(), protocolHandler: null, windows: [], sent: [], menu: null, quitCalls: 0, lock: null };
const app = new EventEmitter();
let resolveReady;
const ready = new Promise((r) => (resolveReady = r));
Object.assign(app, {
  isPackaged: false,
  setAppUserModelId: (id) => report('appUserModelId', id),
  setPath: (name, p) => report('setPath', [name, p]),
  getPath: (name) => (name === 'userData' ? process.env.ZFBM_USER_DATA : '/tmp'),
  getVersion: () => '0.1.0',
  requestSingleInstanceLock: () => { state.lock = true; return true; },
  whenReady: () => ready,
  quit: () => {
    state.quitCalls++;
    const e = { prevented: false, preventDefault() { this.prevented = true; } };
    app.emit('before-quit', e);
    report('before-quit', { prevented: e.prevented, call: state.quitCalls });
    if (!e.prevented) { report('quit', null); setTimeout(() => process.exit(0), 50); }
  },
  exit: (code) => { report('exit', code); process.exit(code); },
});
class WebContents extends EventEmitter {
  constructor() { super(); this.openHandler = null; }
  setWindowOpenHandler(h) { this.openHandler = h; }
  send(channel, payload) { state.sent.push([channel, payload]); }
  reload() {}
}
class BrowserWindow extends EventEmitter {
  constructor(opts) {
    super();
    this.opts = opts;
    this.webContents = new WebContents();
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  static getAllWindows() { return state.windows; }
  loadURL(url) { this.url = url; setTimeout(() => this.emit('ready-to-show'), 10); return Promise.resolve(); }
  isDestroyed() { return false; } isVisible() { return !!this.shown; } show() { this.shown = true; } focus() {} maximize() {}
  isMinimized() { return false; } restore() {} isMaximized() { return false; } getNormalBounds() { return { x: 10, y: 10, width: 1280, height: 800 }; }
}
const session = new EventEmitter();
Object.assign(session, {
  protocol: { handle: (scheme, h) => { state.protocolHandler = [scheme, h]; } },
  setPermissionRequestHandler: (h) => (state.permission = h),
  setPermissionCheckHandler: () => {},
  setDevicePermissionHandler: () => {},
  resolveProxy: async () => 'DIRECT',
});
const powerMonitor = new EventEmitter();
const electron = {
  app, BrowserWindow, powerMonitor,
  protocol: { registerSchemesAsPrivileged: (s) => { state.registeredSchemes = { schemes: s, beforeReady: !state.readyResolved }; } },
  session: { defaultSession: session },
  ipcMain: { handle: (channel, h) => state.handlers.set(channel, h) },
  dialog: { showErrorBox: (t, m) => report('errorBox', [t, m]), showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showSaveDialog: async () => ({ canceled: true, filePath: '' }), showMessageBox: async () => ({ response: 0 }) },
  Menu: { buildFromTemplate: (t) => t, setApplicationMenu: (m) => { state.menu = m; } },
  net: { isOnline: () => true },
  shell: { openPath: async () => '' },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
  safeStorage: { isEncryptionAvailable: () => false, encryptString: (s) => Buffer.from(s), decryptString: (b) => b.toString() },
};
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'electron' ? electron : load.call(this, request, ...rest); };

const ours = { senderFrame: { url: 'app://zfbm/index.html', parent: null } };
const stranger = { senderFrame: { url: 'https://evil.example/', parent: null } };
setTimeout(() => { state.readyResolved = true; resolveReady(); }, 100);
(async () => {
  await ready;
  const until = async (f) => { for (let i = 0; i < 400 && !f(); i++) await new Promise((r) => setTimeout(r, 25)); };
  await until(() => state.windows.length > 0 && state.windows[0].shown);
  const win = state.windows[0];
  const batches = await state.handlers.get('zfbm:api:batches.list')(ours, {});
  const refused = await state.handlers.get('zfbm:api:batches.list')(stranger, {});
  const badInput = await state.handlers.get('zfbm:api:persons.get')(ours, { personId: 'x' });
  const dialog = await state.handlers.get('zfbm:dialog:openFile')(ours, {});
  const [scheme, serve] = state.protocolHandler;
  const page = await serve(new Request('app://zfbm/index.html'));
  const outside = await serve(new Request('app://zfbm/../main/main.js'));
  const nav = { prevented: false, url: 'https://evil.example/', preventDefault() { this.prevented = true; } };
  win.webContents.emit('will-navigate', nav);
  let permission;
  state.permission({}, 'media', (g) => (permission = g), {});
  report('scenario', {
    lock: state.lock,
    schemes: state.registeredSchemes,
    channels: [...state.handlers.keys()],
    batches, refused, badInput, dialog,
    scheme, page: { status: page.status, csp: page.headers.get('content-security-policy'), body: await page.text() }, outside: outside.status,
    window: { url: win.url, prefs: win.opts.webPreferences, title: win.opts.title, shown: win.shown },
    navigationPrevented: nav.prevented,
    windowOpen: win.webContents.openHandler({ url: 'https://evil.example/' }),
    permission,
    menu: state.menu.map((m) => [m.label, m.submenu.filter((i) => i.label).map((i) => i.label)]),
  });
  powerMonitor.emit('resume');
  await new Promise((r) => setTimeout(r, 100));
  win.emit('close');
  app.quit();
})().catch((e) => { report('failed', String(e && e.stack || e)); process.exit(1); });
`;

let lines: Array<{ what: string; data: unknown }> = [];
let stderr = '';
let exitCode: number | null = null;
const data = path.join(root, 'data');
const userData = path.join(root, 'userData');

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'build-main.mjs'), '--outdir', mainDir], { cwd: REPO, stdio: 'ignore' });
  fs.mkdirSync(rendererDir, { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>执法人员报名助手</title>');
  const fake = path.join(buildDir, 'fake-electron.cjs');
  fs.writeFileSync(fake, FAKE_ELECTRON);
  const child = spawn(process.execPath, ['-r', fake, path.join(mainDir, 'main.js'), `--data=${data}`], {
    cwd: REPO,
    env: { ...process.env, ZFBM_USER_DATA: userData },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  exitCode = await new Promise<number | null>((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (code) => (clearTimeout(t), resolve(code)));
  });
  lines = out
    .split('\n')
    .filter((l) => l.startsWith('{"what"'))
    .map((l) => JSON.parse(l) as { what: string; data: unknown });
}, 120_000);

function reported(what: string): unknown {
  const l = lines.find((x) => x.what === what);
  if (!l) throw new Error(`main did not report ${what}; stderr:\n${stderr}\nlines: ${JSON.stringify(lines)}`);
  return l.data;
}

describe('out/main/main.js under a stand-in Electron', () => {
  it('runs the scenario and quits cleanly, after closing the backend', () => {
    expect(lines.find((l) => l.what === 'failed')?.data).toBeUndefined();
    expect(exitCode).toBe(0);
    expect(reported('appUserModelId')).toBe('cn.zfbm.desktop');
    // The first quit is held until the backend has closed; the second goes through.
    expect(lines.filter((l) => l.what === 'before-quit').map((l) => l.data)).toEqual([
      { prevented: true, call: 1 },
      { prevented: false, call: 2 },
    ]);
    expect(reported('quit')).toBeNull();
  });

  it('registers app:// before ready, takes the single-instance lock, opens the store in the given data folder', () => {
    const s = reported('scenario') as Record<string, unknown>;
    expect(s.lock).toBe(true);
    expect(s.schemes).toEqual({ schemes: [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }], beforeReady: true });
    expect(fs.existsSync(path.join(data, 'zfbm.sqlite3'))).toBe(true);
  });

  it('one IPC channel per method and dialog; calls reach the backend worker; strangers and bad input are refused', () => {
    const s = reported('scenario') as Record<string, unknown>;
    expect((s.channels as string[]).sort()).toEqual([...Object.keys(DESKTOP_API).map((m) => `zfbm:api:${m}`), ...Object.keys(DESKTOP_DIALOGS).map((d) => `zfbm:dialog:${d}`)].sort());
    expect(s.batches).toEqual({ ok: true, value: [] });
    expect(s.refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(s.badInput).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(s.dialog).toBeNull();
  });

  it('serves the renderer from app:// with the shared CSP, nothing outside it', () => {
    const s = reported('scenario') as { scheme: string; page: { status: number; csp: string; body: string }; outside: number };
    expect(s.scheme).toBe('app');
    expect(s.page).toEqual({ status: 200, csp: CONTENT_SECURITY_POLICY, body: '<!doctype html><title>执法人员报名助手</title>' });
    expect(s.outside).toBe(404);
  });

  it('opens the window on app://zfbm/ with secure preferences; navigation, new windows and permissions are refused', () => {
    const s = reported('scenario') as { window: { url: string; prefs: Record<string, unknown>; title: string; shown: boolean }; navigationPrevented: boolean; windowOpen: unknown; permission: boolean };
    expect(s.window.url).toBe('app://zfbm/index.html');
    expect(s.window.title).toBe('执法人员报名助手');
    expect(s.window.shown).toBe(true);
    expect(s.window.prefs).toMatchObject({ preload: path.join(mainDir, 'preload.js'), contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(s.navigationPrevented).toBe(true);
    expect(s.windowOpen).toEqual({ action: 'deny' });
    expect(s.permission).toBe(false);
  });

  it('sets the Chinese menu, logs to userData/logs (the resume kick, the blocked navigation, the close), saves the window’s place', () => {
    const s = reported('scenario') as { menu: Array<[string, string[]]> };
    expect(s.menu.map((m) => m[0])).toEqual(['文件', '编辑', '视图', '帮助']);
    expect(s.menu[3]![1]).toEqual(['使用说明', '打开日志文件夹', '关于执法人员报名助手']);
    const log = fs.readFileSync(path.join(userData, 'logs', 'main.log'), 'utf8');
    expect(log).toContain(`data folder ${data}`);
    expect(log).toContain('resumed from sleep: waking the upload queue');
    expect(log).toContain('blocked navigation to https://evil.example/');
    expect(log).toMatch(/INFO {2}closed\n$/);
    // The window's place, saved as it closed.
    expect(JSON.parse(fs.readFileSync(path.join(userData, 'window-state.json'), 'utf8'))).toEqual({ bounds: { x: 10, y: 10, width: 1280, height: 800 }, maximized: false });
  });
});
