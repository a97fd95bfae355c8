import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_API, type DesktopClient, type Result } from '../../src-shared/contract/desktop-api.js';
import { DESKTOP_DIALOGS, type DesktopDialogs, type DesktopEvents } from '../../src-shared/contract/desktop-dialogs.js';
import { apiChannel, dialogChannel, PROGRESS_CHANNEL } from './ipc-channels.js';

/**
 * The window's preload (sandboxed, bundled to out/main/preload.js). It gives the page exactly:
 *
 * - `window.zfbm`: one function per desktop-api method, built from the contract's keys, each sending
 *   its input on that method's own channel and answering the Result (never throwing);
 * - `window.zfbmDialogs`: the native open and save dialogs (desktop-dialogs.ts);
 * - `window.zfbmEvents.onProgress`: progress of long jobs as main pushes it.
 *
 * Never ipcRenderer itself, nor any other Electron or Node object.
 */
const UNREACHABLE: Result<never> = { ok: false, error: { code: 'ipc', message: '连接不到报名助手的后台，请关闭程序后重新打开。' } };

const api = Object.fromEntries(
  Object.keys(DESKTOP_API).map((method) => {
    const channel = apiChannel(method);
    return [method, (input: unknown) => ipcRenderer.invoke(channel, input).catch(() => UNREACHABLE)];
  }),
) as DesktopClient;

const dialogs = Object.fromEntries(
  Object.keys(DESKTOP_DIALOGS).map((name) => {
    const channel = dialogChannel(name);
    return [name, (input?: unknown) => ipcRenderer.invoke(channel, input ?? {})];
  }),
) as DesktopDialogs;

const events: DesktopEvents = {
  onProgress(listener) {
    const forward = (_event: unknown, entries: unknown) => {
      if (Array.isArray(entries)) listener(entries);
    };
    ipcRenderer.on(PROGRESS_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('zfbm', api);
contextBridge.exposeInMainWorld('zfbmDialogs', dialogs);
contextBridge.exposeInMainWorld('zfbmEvents', events);
