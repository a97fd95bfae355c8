import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/content-security-policy.js';
import { startWebBridge } from '../../../src-main/web-bridge.js';
import type { DesktopHandlers } from '../../../src-main/services/desktop-handlers.js';
import { rendererFile } from '../../../src-main/electron/renderer-files.js';
import { watchOnline } from '../../../src-main/electron/online-watch.js';
import { aboutText, menuTemplate } from '../../../src-main/electron/menu.js';
import { appPaths, dataArg } from '../../../src-main/electron/app-paths.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** The small plain-Node parts of the Electron shell. */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const root = tempDir('zfbm-shell-');

describe('one Content-Security-Policy', () => {
  it('index.html’s <meta> carries the shared policy, and the web bridge sends it', async () => {
    const html = fs.readFileSync(path.join(REPO, 'src-renderer', 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self';/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);

    const site = path.join(root, 'site');
    fs.mkdirSync(site);
    fs.writeFileSync(path.join(site, 'index.html'), '<!doctype html>');
    const bridge = await startWebBridge({} as DesktopHandlers, { staticDir: site });
    try {
      const res = await fetch(`${bridge.url}/index.html`);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    } finally {
      await bridge.close();
    }
  });
});

describe('rendererFile (what app://zfbm/ serves)', () => {
  const dir = path.join(root, 'renderer');
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-abc.js'), '');
  fs.writeFileSync(path.join(dir, 'assets', '中文 名.css'), '');
  fs.writeFileSync(path.join(root, 'secret.json'), '{}');
  fs.writeFileSync(path.join(dir, 'notes.exe'), '');

  it('serves the renderer’s files with their type; / is index.html; query and hash are ignored', () => {
    expect(rendererFile(dir, 'app://zfbm/')).toEqual({ file: path.join(dir, 'index.html'), type: 'text/html; charset=utf-8' });
    expect(rendererFile(dir, 'app://zfbm/index.html#/batches?x=1')?.file).toBe(path.join(dir, 'index.html'));
    expect(rendererFile(dir, 'app://zfbm/assets/index-abc.js?v=2')).toEqual({ file: path.join(dir, 'assets', 'index-abc.js'), type: 'text/javascript; charset=utf-8' });
    expect(rendererFile(dir, 'app://zfbm/assets/%E4%B8%AD%E6%96%87%20%E5%90%8D.css')?.file).toBe(path.join(dir, 'assets', '中文 名.css'));
  });

  it('never anything outside the folder, of another host or scheme, of an unlisted type, or a folder', () => {
    for (const u of [
      'app://zfbm/../secret.json',
      'app://zfbm/%2e%2e/secret.json',
      'app://zfbm/assets/..%2F..%2Fsecret.json',
      'app://zfbm/%2e%2e%5csecret.json',
      'app://other/index.html',
      'https://zfbm/index.html',
      'file:///index.html',
      'app://zfbm/notes.exe',
      'app://zfbm/assets',
      'app://zfbm/missing.js',
      'app://zfbm/%E0%A4%A',
      'app://zfbm/index.html%00.js',
      'nonsense',
    ]) {
      expect(rendererFile(dir, u), u).toBeUndefined();
    }
  });
});

describe('watchOnline', () => {
  afterEach(() => vi.useRealTimers());

  it('calls back once each time the network returns, not while it stays up or down', () => {
    vi.useFakeTimers();
    const states = [true, false, false, true, true, false, true];
    let i = 0;
    let backs = 0;
    const stop = watchOnline(() => states[Math.min(i++, states.length - 1)]!, () => backs++, 1000);
    vi.advanceTimersByTime(1000 * 6);
    expect(backs).toBe(2);
    stop();
    vi.advanceTimersByTime(10_000);
    expect(backs).toBe(2);
  });

  it('a failing check keeps the last known state', () => {
    vi.useFakeTimers();
    let backs = 0;
    const answers: Array<boolean | Error> = [false, new Error('x'), true];
    let i = 0;
    const stop = watchOnline(
      () => {
        const a = answers[Math.min(i++, answers.length - 1)]!;
        if (a instanceof Error) throw a;
        return a;
      },
      () => backs++,
      500,
    );
    vi.advanceTimersByTime(1000);
    expect(backs).toBe(1);
    stop();
  });
});

describe('menu', () => {
  it('is 文件 / 编辑 / 视图 / 帮助; 帮助 opens the 使用说明 (F1), the log folder and shows 关于', () => {
    const calls: string[] = [];
    const actions = { openManual: () => calls.push('manual'), openDataFolder: () => calls.push('data'), openLogFolder: () => calls.push('logs'), showAbout: () => calls.push('about') };
    const menu = menuTemplate(actions, { devTools: false });
    expect(menu.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    const items = (label: string) => menu.find((m) => m.label === label)!.submenu as Array<{ label?: string; role?: string; click?: () => void }>;
    expect(items('帮助').map((i) => i.label).filter(Boolean)).toEqual(['使用说明', '打开日志文件夹', '关于执法人员报名助手']);
    // F1 is shown but not taken from the page, whose own F1 handler opens the manual at its screen.
    expect(items('帮助')[0]).toMatchObject({ accelerator: 'F1', registerAccelerator: false });
    for (const label of ['使用说明', '打开日志文件夹', '关于执法人员报名助手']) items('帮助').find((i) => i.label === label)!.click!();
    items('文件')[0]!.click!();
    expect(calls).toEqual(['manual', 'logs', 'about', 'data']);
    expect(items('编辑').filter((i) => i.role).map((i) => `${i.role}:${i.label}`)).toEqual(['undo:撤销', 'redo:重做', 'cut:剪切', 'copy:复制', 'paste:粘贴', 'selectAll:全选']);
    expect(menu.flatMap((m) => m.submenu as Array<{ role?: string }>).some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(items('视图').some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect((menuTemplate(actions, { devTools: true })[2]!.submenu as Array<{ role?: string }>).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('关于 names the version and where the data and logs are', () => {
    const t = aboutText({ version: '0.1.0', electron: '45.4.1', chrome: '140', node: '22.20.0', dataDir: 'C:\\data', logDir: 'C:\\logs' });
    expect(t.message).toBe('执法人员报名助手 0.1.0');
    expect(t.detail).toContain('数据文件夹：C:\\data');
    expect(t.detail).toContain('日志文件夹：C:\\logs');
    expect(t.detail).toContain('Electron 45.4.1');
  });
});

describe('appPaths', () => {
  it('keeps data, logs and the window state under userData; --data moves the data folder', () => {
    const u = path.join(root, 'userData');
    expect(appPaths(u, ['electron', '.'])).toEqual({ userData: u, dataDir: path.join(u, 'data'), logDir: path.join(u, 'logs'), windowStateFile: path.join(u, 'window-state.json') });
    expect(appPaths(u, ['x', `--data=${path.join(root, 'd1')}`]).dataDir).toBe(path.join(root, 'd1'));
    expect(dataArg(['x', '--data', '/tmp/d2'])).toBe('/tmp/d2');
    expect(dataArg(['x', '--data', '--other'])).toBeUndefined();
    expect(dataArg(['x', '--data='])).toBeUndefined();
  });
});
