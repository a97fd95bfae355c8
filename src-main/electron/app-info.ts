/**
 * Names that must agree between the app and its installer (electron-builder.yml's appId and
 * productName; a test checks them). Plain constants, importable without Electron.
 */
export const APP_ID = 'cn.zfbm.desktop';
export const APP_TITLE = '执法人员报名助手';
/** The window's pages are served from here (app-protocol.ts), never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'zfbm';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True for an address of our own pages, false for anything else (other hosts, file:, https:, junk). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '' && u.port === '';
  } catch {
    return false;
  }
}
