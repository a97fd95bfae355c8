import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, powerMonitor, session, shell } from 'electron';
import { createFileLogger } from '../log/file-logger.js';
import { BackendHost } from '../backend-worker/backend-host.js';
import { APP_ID, APP_TITLE } from './app-info.js';
import { appPaths } from './app-paths.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { registerDesktopApi, registerDialogs } from './ipc.js';
import { PROGRESS_CHANNEL } from './ipc-channels.js';
import { createMainWindow } from './main-window.js';
import { aboutText, menuTemplate } from './menu.js';
import { watchOnline } from './online-watch.js';
import { SafeStorageTokenStore } from './safe-storage-token-store.js';
import { hardenSession, hardenWebContents } from './security.js';
import { systemProxyFor } from './system-proxy.js';
import { startAutoUpdate } from './auto-update.js';
import { answerUpdatesCall } from '../updates/updates-api.js';

/**
 * The Electron main process, kept thin: it owns the window, the menu, the log file and what needs
 * Electron (the encrypted sign-in, the system proxy, the native dialogs); everything else runs in the
 * backend worker thread (src-main/backend-worker), so the window never waits on SQLite or sharp.
 * Bundled to out/main/main.js (package.json "main") by scripts/build-main.mjs.
 */
process.setSourceMapsEnabled(true);
const here = path.dirname(fileURLToPath(import.meta.url));

app.setAppUserModelId(APP_ID);
if (process.env.ZFBM_USER_DATA) app.setPath('userData', path.resolve(process.env.ZFBM_USER_DATA));
// Must happen before the app is ready.
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another window is open: it comes to the front (its 'second-instance' below), this one goes.
  app.quit();
} else {
  void run();
}

async function run(): Promise<void> {
  const paths = appPaths(app.getPath('userData'), process.argv);
  const log = createFileLogger({ dir: paths.logDir, ...(app.isPackaged ? {} : { echo: (line: string) => process.stdout.write(line) }) });
  log.info(`${APP_TITLE} ${app.getVersion()} starting (Electron ${process.versions.electron}, ${process.platform} ${process.arch}); data folder ${paths.dataDir}`);
  process.on('uncaughtException', (e) => log.error('uncaught exception in main', e));
  process.on('unhandledRejection', (e) => log.error('unhandled rejection in main', e));
  // The shipped code tables and photo specs sit beside app.asar (electron-builder.yml extraResources).
  if (app.isPackaged && !process.env.ZFBM_RESOURCES) process.env.ZFBM_RESOURCES = process.resourcesPath;

  let win: BrowserWindow | undefined = undefined;
  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));

  await app.whenReady();
  hardenSession(session.defaultSession, log);
  serveRenderer(session.defaultSession.protocol, path.join(here, '..', 'renderer'));

  const tokens = SafeStorageTokenStore.inUserData(paths.userData);
  const host = new BackendHost({
    workerFile: path.join(here, 'backend-worker.js'),
    config: { dataDir: paths.dataDir, runOutbox: true },
    tokens,
    systemProxy: systemProxyFor,
    log: (message, error) => (error === undefined ? log.info(message) : log.error(message, error)),
  });
  try {
    await host.start();
  } catch (e) {
    log.error('the backend could not start', e);
    dialog.showErrorBox(APP_TITLE, e instanceof Error ? e.message : String(e));
    await host.close();
    app.exit(1);
    return;
  }

  // 自动更新 (issue 21), only in the installed Windows app: the feed from 同步设置 and the sign-in.
  // The backend is closed before the installer starts (it stops a running app after about a second).
  let closingBackend: Promise<void> | undefined;
  const closeBackend = () =>
    (closingBackend ??= (async () => {
      updates?.stop();
      await host.close().catch((e: unknown) => log.error('closing the backend failed', e));
      log.info('closed');
    })());
  const updates =
    app.isPackaged && process.platform === 'win32'
      ? startAutoUpdate({ call: (method, input) => host.call(method, input), tokens, userData: paths.userData, window: () => win, log, prepareQuit: closeBackend })
      : undefined;
  registerDesktopApi(ipcMain, (method, input) => (updates && answerUpdatesCall(updates, method)) || host.call(method, input), log);
  registerDialogs(
    ipcMain,
    (request) => {
      const parent = win && !win.isDestroyed() ? win : undefined;
      if (request.kind === 'save') return parent ? dialog.showSaveDialog(parent, request.options) : dialog.showSaveDialog(request.options);
      return parent ? dialog.showOpenDialog(parent, request.options) : dialog.showOpenDialog(request.options);
    },
    log,
  );

  const openFolder = (dir: string) =>
    void shell.openPath(dir).then((problem) => {
      if (problem) log.warn(`opening ${dir} failed: ${problem}`);
    });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        {
          // Presses F1 in the page, whose own handler opens the manual at the screen shown (see menu.ts).
          openManual: () => {
            if (!win || win.isDestroyed()) return;
            win.webContents.focus();
            win.webContents.sendInputEvent({ type: 'keyDown', keyCode: 'F1' });
            win.webContents.sendInputEvent({ type: 'keyUp', keyCode: 'F1' });
          },
          openDataFolder: () => openFolder(paths.dataDir),
          openLogFolder: () => openFolder(paths.logDir),
          showAbout: () => {
            const text = aboutText({ version: app.getVersion(), electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node, dataDir: paths.dataDir, logDir: paths.logDir, ...(updates ? { update: updates.state() } : {}) });
            void dialog.showMessageBox({ type: 'info', title: `关于${APP_TITLE}`, message: text.message, detail: text.detail, buttons: ['确定'] });
          },
        },
        { devTools: !app.isPackaged },
      ),
    ),
  );

  win = createMainWindow({ preload: path.join(here, 'preload.js'), stateFile: paths.windowStateFile, log });
  host.onProgress((entries) => {
    if (win && !win.isDestroyed()) win.webContents.send(PROGRESS_CHANNEL, entries);
  });

  // The background pusher continues when the PC wakes up or the network returns.
  powerMonitor.on('resume', () => {
    log.info('resumed from sleep: waking the upload queue');
    host.kick();
  });
  const stopWatching = watchOnline(
    () => net.isOnline(),
    () => {
      log.info('network back: waking the upload queue');
      host.kick();
    },
  );

  app.on('window-all-closed', () => app.quit());
  let closing = false;
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    stopWatching();
    // A downloaded update installs at 'quit', which comes only after this: never during an upload or import.
    void closeBackend().finally(() => {
      closed = true;
      app.quit();
    });
  });
}
