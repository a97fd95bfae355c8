import { DESKTOP_API, type DesktopClient, type DesktopMethod, type Result } from '../../src-shared/contract/desktop-api.js';

/**
 * The one object the screens call. In Electron the preload provides `window.zfbm` (one function per
 * method); in a browser this shim sends each call to the web bridge with the per-run token that the
 * bridge printed in the address (#token=…). Both satisfy the same DesktopClient type.
 */
declare global {
  interface Window {
    zfbm?: DesktopClient;
  }
}

function tokenFromAddress(): string {
  const m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  return m ? decodeURIComponent(m[1]!) : '';
}

function browserClient(): DesktopClient {
  const token = tokenFromAddress();
  const call = async (method: DesktopMethod, input: unknown): Promise<Result<unknown>> => {
    try {
      const res = await fetch(`./api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-zfbm-token': token },
        body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'bridge', message: '连接不到报名助手的后台，请重新打开程序。' } };
    }
  };
  return Object.fromEntries(Object.keys(DESKTOP_API).map((m) => [m, (input: unknown) => call(m as DesktopMethod, input)])) as DesktopClient;
}

export const api: DesktopClient = window.zfbm ?? browserClient();
