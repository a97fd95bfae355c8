import type { Session, WebContents, WebPreferences } from 'electron';

/**
 * The window's security settings in one place (after Electron's security checklist and Actual
 * Budget's desktop-electron security.ts). Only types come from Electron, so the logic runs in tests
 * against stand-in objects:
 *
 * - the renderer is a sandboxed web page: context isolation, the sandbox, no Node, web security on,
 *   no <webview>; it reaches main only through the preload's functions (preload.ts);
 * - it may not go anywhere: every navigation, redirect and frame navigation is stopped, window.open
 *   is denied, a <webview> is never attached, nothing is downloaded;
 * - it gets no permission (camera, notifications, geolocation, …): every request and check says no;
 * - its pages come from app://zfbm/ with the shared Content-Security-Policy (app-protocol.ts).
 */
export type SecurityLog = { warn(message: string): void };

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** Applied to every web contents the app creates (main.ts: app 'web-contents-created'). */
export function hardenWebContents(contents: WebContents, log: SecurityLog): void {
  const stop = (what: string) => (event: { preventDefault(): void; url?: string }, url?: unknown) => {
    event.preventDefault();
    log.warn(`blocked ${what} to ${String(event.url ?? url ?? '?')}`);
  };
  contents.on('will-navigate', stop('navigation'));
  contents.on('will-frame-navigate', stop('frame navigation'));
  contents.on('will-redirect', stop('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log.warn(`blocked window.open of ${url}`);
    return { action: 'deny' };
  });
}

/** Applied to the window's session before anything loads. */
export function hardenSession(session: Session, log: SecurityLog): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn(`denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event, item) => {
    event.preventDefault();
    log.warn(`blocked a download of ${item.getURL()}`);
  });
}
