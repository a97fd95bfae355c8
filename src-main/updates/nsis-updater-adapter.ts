import type { NsisUpdater, ProgressInfo } from 'electron-updater';
import { certificateVerdict } from './extra-ca.js';
import { UpdaterFailure, type Updater, type UpdaterFeed, type UpdaterProgress } from './updater.js';

/**
 * electron-updater's NsisUpdater behind the Updater interface. The generic provider reads latest.yml,
 * the installer and its .blockmap under the feed URL from 同步设置; every request carries the sync
 * sign-in and the install id (requestHeaders). electron-updater makes its requests with Electron's
 * `net` on a session of its own (partition "electron-updater", electronHttpExecutor.js), so that
 * session gets sync's proxy (setProxy) and trusts sync's extra CA (setCertificateVerifyProc, where
 * Chromium's verdict stands unless only the CA was unknown to it). No automatic download: the
 * controller decides. A downloaded version installs on quit once electron-updater has checked its
 * sha512 against latest.yml (and its code signature when the running app is signed: electron-builder
 * writes the publisher into app-update.yml); a file that fails is deleted by electron-updater
 * (AppUpdater.executeDownload) before the download rejects.
 *
 * No electron import: src-main/electron/auto-update.ts passes the real session; the tests run the real
 * NsisUpdater under Node with Node's HTTP and a stand-in session (test/unit/updates).
 */
export interface UpdaterSession {
  setProxy(config: { mode: 'direct' | 'system' } | { mode: 'fixed_servers'; proxyRules: string }): Promise<void>;
  closeAllConnections(): Promise<void>;
  setCertificateVerifyProc(proc: (request: VerifyRequest, callback: (verdict: number) => void) => void): void;
}

/** The part of Electron's certificate-verify request the check reads. */
export interface VerifyRequest {
  hostname: string;
  verificationResult: string;
  certificate: ChainLink;
}
interface ChainLink {
  data: string;
  issuerCert?: ChainLink;
}

export interface AdapterLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function adaptNsisUpdater(updater: NsisUpdater, opts: { session: UpdaterSession; log: AdapterLog; prepareQuit: () => Promise<void>; now?: () => Date }): Updater {
  const now = opts.now ?? (() => new Date());
  const text = (m: unknown) => `updater: ${m instanceof Error ? m.message : String(m)}`;
  updater.logger = { info: (m: unknown) => opts.log.info(text(m)), warn: (m: unknown) => opts.log.warn(text(m)), error: (m: unknown) => opts.log.error(text(m)), debug: () => undefined };
  updater.autoDownload = false;
  // On from the start: electron-updater adds its quit handler when a download completes only if this is set then.
  updater.autoInstallOnAppQuit = true;
  // Full installers only: no NSIS web installer is built.
  updater.disableWebInstaller = true;
  // Without a listener electron-updater's error event would be unhandled; each call rejects as well.
  updater.on('error', () => undefined);

  let caPem: string[] = [];
  let found = '';
  opts.session.setCertificateVerifyProc((request, callback) => {
    const chainPem: string[] = [];
    for (let c: ChainLink | undefined = request.certificate; c && chainPem.length < 10; c = c.issuerCert === c ? undefined : c.issuerCert) chainPem.push(c.data);
    callback(certificateVerdict({ hostname: request.hostname, verificationResult: request.verificationResult, chainPem }, caPem, now()));
  });

  const failure = (e: unknown): UpdaterFailure => {
    const code = typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : '';
    return new UpdaterFailure(code, e instanceof Error ? e.message : String(e));
  };

  return {
    currentVersion: updater.currentVersion.version,
    async configure(feed: UpdaterFeed) {
      updater.setFeedURL({ provider: 'generic', url: feed.url });
      updater.requestHeaders = { ...feed.headers };
      caPem = [...feed.caPem];
      await opts.session.setProxy(feed.proxy);
      // Connections made under the previous proxy or CA are not reused.
      await opts.session.closeAllConnections();
    },
    async checkForUpdates() {
      try {
        const r = await updater.checkForUpdates();
        found = r && r.isUpdateAvailable ? r.updateInfo.version : '';
      } catch (e) {
        throw failure(e);
      }
      return found ? { version: found } : null;
    },
    async downloadUpdate() {
      try {
        await updater.downloadUpdate();
      } catch (e) {
        throw failure(e);
      }
      return { version: found };
    },
    onProgress(listener: (p: UpdaterProgress) => void) {
      const forward = (p: ProgressInfo) => listener({ percent: p.percent, transferred: p.transferred, total: p.total });
      updater.on('download-progress', forward);
      return () => {
        updater.off('download-progress', forward);
      };
    },
    setInstallOnQuit(on: boolean) {
      updater.autoInstallOnAppQuit = on;
    },
    quitAndInstall() {
      // Silent, and the new version opens again: the clerk already said 立即重启.
      void opts.prepareQuit().finally(() => updater.quitAndInstall(true, true));
    },
  };
}
