/**
 * The one thing the update logic needs from electron-updater, small enough for a stand-in under plain
 * Node (test/unit/updates). src-main/electron/auto-update.ts adapts electron-updater's NsisUpdater to
 * it; nothing in src-main/updates imports electron.
 *
 * What electron-updater tells by events (checking, update-available, download-progress,
 * update-downloaded, error) comes back here as the outcome of the call that caused it: the check
 * answers the newer version or null, the download resolves when the file is verified or rejects
 * with an UpdaterFailure; only progress is an event, as it goes on during the download.
 */

/** Where and how to ask: what update-feed.ts makes of 同步设置, the sign-in and the install id. */
export interface UpdaterFeed {
  /** electron-updater's generic provider: `latest.yml`, the installer and its `.blockmap` are under it. Ends with '/'. */
  url: string;
  /** Sent with every request: authorization (the sync sign-in) and x-install-id. */
  headers: Record<string, string>;
  /** Chromium's proxy for the updater's own session: the same choice as sync's. */
  proxy: { mode: 'direct' } | { mode: 'system' } | { mode: 'fixed_servers'; proxyRules: string };
  /** Extra CA certificates (PEM) that sign an intranet server's certificate, as sync trusts them. */
  caPem: string[];
}

export interface UpdaterProgress {
  /** 0–100. */
  percent: number;
  transferred: number;
  total: number;
}

/** Why a check or a download failed. `code` is electron-updater's (ERR_CHECKSUM_MISMATCH, ERR_UPDATER_CHANNEL_FILE_NOT_FOUND …) when it gave one. */
export class UpdaterFailure extends Error {
  override name = 'UpdaterFailure';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Updater {
  /** The version running now. */
  readonly currentVersion: string;
  /** Points the updater at the feed; called before every check, as 同步设置 and the sign-in may have changed. */
  configure(feed: UpdaterFeed): Promise<void>;
  /** The newer version the feed offers, or null when there is none (also when the server has none for this PC). */
  checkForUpdates(): Promise<{ version: string } | null>;
  /**
   * Downloads the version the last check found into the updater's cache and verifies its sha512; a
   * file that fails is removed by the updater before this rejects.
   */
  downloadUpdate(): Promise<{ version: string }>;
  onProgress(listener: (p: UpdaterProgress) => void): () => void;
  /** Whether a downloaded version is installed when the app quits (electron-updater's autoInstallOnAppQuit). */
  setInstallOnQuit(on: boolean): void;
  /** Quits the app and runs the installer of the downloaded version. */
  quitAndInstall(): void;
}
