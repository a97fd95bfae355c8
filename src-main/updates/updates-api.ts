import { isUserFacing } from '../../src-shared/coded-error.js';
import type { Result } from '../../src-shared/contract/desktop-api.js';
import type { UpdateController } from './update-controller.js';

/**
 * The updates.* methods of the desktop-api as the installed app answers them: in main, from the
 * controller, before anything is forwarded to the backend worker (which answers them "不可用").
 * Undefined for every other method.
 */
export function answerUpdatesCall(controller: UpdateController, method: string): Promise<Result<unknown>> | undefined {
  if (method === 'updates.state') return Promise.resolve({ ok: true, value: controller.state() });
  if (method === 'updates.restartNow') {
    return controller.restartNow().then(
      (value) => ({ ok: true as const, value }),
      (e: unknown) => ({ ok: false as const, error: isUserFacing(e) ? { code: e.code, message: e.message } : { code: 'internal', message: '重启安装没有完成，请关闭程序后重新打开：新版本会在退出时自动安装。' } }),
    );
  }
  return undefined;
}
