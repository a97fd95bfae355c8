import type { IpcMain, IpcMainInvokeEvent, OpenDialogReturnValue, SaveDialogReturnValue } from 'electron';
import { DESKTOP_API, type Result } from '../../src-shared/contract/desktop-api.js';
import { DESKTOP_DIALOGS, type DesktopDialogMethod } from '../../src-shared/contract/desktop-dialogs.js';
import { dialogAnswer, dialogRequest, type DialogRequest } from './dialog-options.js';
import { apiChannel, dialogChannel, isTrustedSender } from './ipc-channels.js';

/**
 * Main's IPC handlers: one channel per desktop-api method, each forwarding the renderer's input as
 * it came (`unknown`) to the backend, which parses it with the contract's zod schema before anything
 * uses it; and one channel per native dialog, parsed here. Every handler first checks that the
 * message comes from our own page's top frame. Only types come from Electron (main.ts passes
 * ipcMain and the dialog function), so tests drive it with stand-ins.
 */
export interface IpcLog {
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

const FORBIDDEN: Result<never> = { ok: false, error: { code: 'forbidden', message: '这个请求不是来自报名助手自己的页面，已拒绝。' } };

function senderOk(event: IpcMainInvokeEvent, channel: string, log: IpcLog): boolean {
  if (isTrustedSender(event.senderFrame)) return true;
  log.warn(`refused ${channel} from ${event.senderFrame?.url ?? 'a closed frame'}`);
  return false;
}

export function registerDesktopApi(ipc: Pick<IpcMain, 'handle'>, call: (method: string, input: unknown) => Promise<Result<unknown>>, log: IpcLog): void {
  for (const method of Object.keys(DESKTOP_API)) {
    const channel = apiChannel(method);
    ipc.handle(channel, async (event, ...args: unknown[]) => {
      if (!senderOk(event, channel, log)) return FORBIDDEN;
      try {
        return await call(method, args[0]);
      } catch (e) {
        log.error(`desktop-api ${method}: forwarding failed`, e);
        return { ok: false, error: { code: 'internal', message: '程序内部出错，这次操作没有完成。请重试；如果一直出现，请把日志文件发给技术支持。' } };
      }
    });
  }
}

/** Shows the dialog over the window; Electron's dialog.showOpenDialog / showSaveDialog in the app. */
export type ShowDialog = (request: DialogRequest) => Promise<OpenDialogReturnValue | SaveDialogReturnValue>;

export function registerDialogs(ipc: Pick<IpcMain, 'handle'>, show: ShowDialog, log: IpcLog): void {
  for (const method of Object.keys(DESKTOP_DIALOGS) as DesktopDialogMethod[]) {
    const channel = dialogChannel(method);
    ipc.handle(channel, async (event, ...args: unknown[]) => {
      const empty = method === 'openFiles' ? [] : null;
      if (!senderOk(event, channel, log)) return empty;
      const request = dialogRequest(method, args[0]);
      if (!request) {
        log.warn(`refused ${channel}: the request does not match the contract`);
        return empty;
      }
      try {
        return dialogAnswer(method, await show(request));
      } catch (e) {
        log.error(`${channel}: the dialog failed`, e);
        return empty;
      }
    });
  }
}
