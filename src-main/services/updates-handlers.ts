import { CodedError } from '../../src-shared/coded-error.js';
import type { ImplFor } from './handler-types.js';

/**
 * updates.*: where the backend answers them — the web bridge (npm start's browser mode, the
 * Playwright tests) and a worker asked directly — there is no installer to update: 不可用. The
 * installed app answers them in the Electron main process before anything reaches the worker
 * (src-main/electron/auto-update.ts, src-main/updates/update-controller.ts).
 */
export function updatesHandlers(): ImplFor<'updates.state' | 'updates.restartNow'> {
  return {
    'updates.state': () => ({
      phase: 'unavailable' as const,
      text: '',
      currentVersion: '',
      version: '',
      percent: 0,
      lastCheckAt: '',
      lastResult: '这个运行方式（浏览器模式或开发版）不自动更新；安装正式版安装程序后自动更新。',
    }),
    'updates.restartNow': () => {
      throw new CodedError('updates.unavailable', '这个运行方式（浏览器模式或开发版）不能自动更新，请安装正式版安装程序。', { userFacing: true });
    },
  };
}
