import fs from 'node:fs';
import { dialog, type BrowserWindow } from 'electron';
import { NsisUpdater } from 'electron-updater';
import type { Result } from '../../src-shared/contract/desktop-api.js';
import type { TokenStore } from '../sync/token-store.js';
import { probeBusy } from '../updates/busy-probe.js';
import { loadOrCreateInstallId } from '../updates/install-id.js';
import { adaptNsisUpdater } from '../updates/nsis-updater-adapter.js';
import { UpdateController } from '../updates/update-controller.js';
import { feedFromBackend } from '../updates/update-feed.js';
import { APP_TITLE } from './app-info.js';

/**
 * The installed app updating itself (issue 21; README: 发布与更新): electron-updater's NsisUpdater on
 * Electron (its app, its `net` on the "electron-updater" session) behind src-main/updates, where the
 * logic and its tests are. The feed comes from 同步设置 (the backend's settings.get) and main's sign-in;
 * busy means an upload or an import runs (the backend's sync.status and progress.current); the
 * question is a message box over the window. `prepareQuit` closes the backend before 立即重启 starts
 * the installer, which stops a still-running app after about a second. Undefined, with the reason in
 * the log, when the updater cannot start: the program works on without it.
 */
export interface AutoUpdateLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export function startAutoUpdate(opts: {
  call: (method: string, input: unknown) => Promise<Result<unknown>>;
  tokens: TokenStore;
  userData: string;
  window: () => BrowserWindow | undefined;
  log: AutoUpdateLog;
  prepareQuit: () => Promise<void>;
}): UpdateController | undefined {
  const { log } = opts;
  try {
    const nsis = new NsisUpdater();
    const controller = new UpdateController({
      updater: adaptNsisUpdater(nsis, { session: nsis.netSession, log, prepareQuit: opts.prepareQuit }),
      feed: () =>
        feedFromBackend({
          settings: () => opts.call('settings.get', undefined),
          token: () => opts.tokens.load(),
          installId: () => loadOrCreateInstallId(opts.userData),
          now: () => new Date(),
          readTextFile: (file) => fs.readFileSync(file, 'utf8'),
        }),
      busy: () => probeBusy((method) => opts.call(method, undefined)),
      ask: async (version) => {
        const options = {
          type: 'info' as const,
          title: APP_TITLE,
          message: `新版本 ${version} 已下载，重启后安装`,
          detail: '立即重启：请先保存正在填写的内容；程序关闭、安装新版本后自动重新打开。\n稍后：下次退出程序时自动安装。',
          buttons: ['立即重启', '稍后'],
          defaultId: 1,
          cancelId: 1,
        };
        const win = opts.window();
        const parent = win && !win.isDestroyed() ? win : undefined;
        return (await (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options))).response === 0;
      },
      clock: { now: () => Date.now(), setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) },
      log,
    });
    controller.start();
    return controller;
  } catch (e) {
    log.error('the updater could not start; the program goes on without updating itself', e);
    return undefined;
  }
}
