import { BrowserWindow, screen } from 'electron';
import type { Logger } from '../log/file-logger.js';
import { APP_TITLE, APP_URL } from './app-info.js';
import { secureWebPreferences } from './security.js';
import { loadWindowState, MIN_SIZE, restoreBounds, saveWindowState } from './window-state.js';

/**
 * The one window: where it was last time (window-state.ts), the secure preferences (security.ts),
 * our pages from app://zfbm/. Shown once its first paint is ready, so the clerk never sees a white
 * frame; its place is saved when it closes. A renderer that crashes is logged and reloaded.
 */
export function createMainWindow(opts: { preload: string; stateFile: string; log: Logger }): BrowserWindow {
  const saved = loadWindowState(opts.stateFile);
  const bounds = restoreBounds(saved.bounds, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: APP_TITLE,
    show: false,
    backgroundColor: '#f5f5f5',
    webPreferences: secureWebPreferences(opts.preload),
  });
  if (saved.maximized) win.maximize();
  const show = () => {
    if (!win.isDestroyed() && !win.isVisible()) win.show();
  };
  win.once('ready-to-show', show);
  // Should the first paint never come (a broken renderer build), show the window anyway.
  setTimeout(show, 8000).unref();

  win.on('close', () => {
    try {
      saveWindowState(opts.stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (e) {
      opts.log.warn('saving the window position failed', e);
    }
  });

  let lastCrash = 0;
  win.webContents.on('render-process-gone', (_event, details) => {
    opts.log.error(`the window's renderer stopped: ${details.reason} (exit code ${details.exitCode})`);
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    // Reload once; a renderer that keeps crashing is left for the clerk to close.
    if (Date.now() - lastCrash > 30_000) win.webContents.reload();
    lastCrash = Date.now();
  });
  win.webContents.on('did-fail-load', (_event, code, description, url) => opts.log.error(`loading ${url} failed: ${code} ${description}`));

  void win.loadURL(APP_URL).catch((e: unknown) => opts.log.error(`loading ${APP_URL} failed`, e));
  return win;
}
