import { CodedError } from '../../src-shared/coded-error.js';
import type { UpdateState } from '../../src-shared/contract/desktop-updates-api.js';
import type { FeedAnswer } from './update-feed.js';
import { failureWords, UP_TO_DATE } from './update-failure-words.js';
import type { Updater } from './updater.js';

/**
 * The desktop keeping itself current (issue 21), with everything Electron does behind `Updater`:
 * checks shortly after start and every few hours, downloads a newer version in the background (the
 * status bar shows how far), and once it is verified and on disk: installs it when the app quits, and
 * asks "新版本 x.y.z 已下载，重启后安装" (立即重启 / 稍后) — only while no upload and no import runs,
 * waiting until they end. A failed or mismatched download is said in Chinese and fetched again at the
 * next check. The time, the timers, the feed, the busy probe and the question are injected, so
 * test/unit/updates drives it with a stand-in updater and a hand-moved clock.
 */
export interface UpdateClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface UpdateLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface UpdateControllerDeps {
  updater: Updater;
  /** Where to ask, built afresh for every check from 同步设置 and the sign-in (update-feed.ts). */
  feed: () => Promise<FeedAnswer>;
  /** What stops a restart now ('正在上传批次'), or null (busy-probe.ts). */
  busy: () => Promise<string | null>;
  /** "新版本 x.y.z 已下载，重启后安装": true for 立即重启, false for 稍后. */
  ask: (version: string) => Promise<boolean>;
  clock: UpdateClock;
  log: UpdateLog;
  /** After start, before the first check: the window and the first sync come first. */
  firstCheckAfterMs?: number;
  checkEveryMs?: number;
  /** While busy, how often to look again before asking. */
  busyRetryMs?: number;
}

export const FIRST_CHECK_AFTER_MS = 60_000;
export const CHECK_EVERY_MS = 4 * 60 * 60_000;
export const BUSY_RETRY_MS = 30_000;

export class UpdateController {
  private s: UpdateState;
  private timer: unknown = undefined;
  private running: Promise<void> | undefined;
  private offering = false;
  private stopped = false;

  constructor(private readonly d: UpdateControllerDeps) {
    this.s = { phase: 'idle', text: '', currentVersion: d.updater.currentVersion, version: '', percent: 0, lastCheckAt: '', lastResult: '尚未检查' };
    d.updater.onProgress((p) => {
      if (this.s.phase !== 'downloading') return;
      const percent = Math.max(0, Math.min(100, Math.floor(p.percent)));
      this.s = { ...this.s, percent, text: `正在下载新版本 ${this.s.version}：${percent}%` };
    });
  }

  state(): UpdateState {
    return { ...this.s };
  }

  /** Schedules the first check; later ones follow every `checkEveryMs`. */
  start(): void {
    this.schedule(this.d.firstCheckAfterMs ?? FIRST_CHECK_AFTER_MS);
  }

  /** No more checks or questions (the app is closing). A downloaded update still installs on quit. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.d.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One check (and download) now; joins the one running. The scheduled checks call it. */
  checkNow(): Promise<void> {
    this.running ??= this.check().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * 立即重启 from the status bar: installs the downloaded version now. Refused, saying why, while an
   * upload or an import runs; 稍后 needs nothing: it installs when the app quits.
   */
  async restartNow(): Promise<{ ok: true }> {
    if (this.s.phase !== 'downloaded') throw new CodedError('updates.not_ready', '还没有下载好的新版本，不需要重启。', { userFacing: true });
    const reason = await this.d.busy();
    if (reason) throw new CodedError('updates.busy', `${reason}，现在不能重启。请等它完成后再点“立即重启”；不重启也会在退出程序时自动安装。`, { userFacing: true });
    this.d.log.info(`update: restarting to install ${this.s.version}`);
    this.d.updater.quitAndInstall();
    return { ok: true };
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer !== undefined) this.d.clock.clearTimeout(this.timer);
    this.timer = this.d.clock.setTimeout(() => {
      this.timer = undefined;
      void this.checkNow().finally(() => this.schedule(this.d.checkEveryMs ?? CHECK_EVERY_MS));
    }, ms);
  }

  private stamp(): string {
    return new Date(this.d.clock.now()).toISOString();
  }

  private async check(): Promise<void> {
    // One downloaded version is enough: it installs on quit; a newer one is found after that.
    if (this.s.phase === 'downloaded') return;
    let feed: FeedAnswer;
    try {
      feed = await this.d.feed();
    } catch (e) {
      this.failed(e, 'check');
      return;
    }
    if (!feed.ok) {
      this.s = { ...this.s, phase: 'idle', text: '', lastCheckAt: this.stamp(), lastResult: feed.reason };
      return;
    }
    this.s = { ...this.s, phase: 'checking', text: '正在检查更新…' };
    let version: string;
    try {
      await this.d.updater.configure(feed.feed);
      const found = await this.d.updater.checkForUpdates();
      if (!found) {
        this.s = { ...this.s, phase: 'idle', text: '', version: '', lastCheckAt: this.stamp(), lastResult: `${UP_TO_DATE}（${this.s.currentVersion}）` };
        this.d.log.info('update: none newer than the running version');
        return;
      }
      version = found.version;
    } catch (e) {
      this.failed(e, 'check');
      return;
    }
    this.d.log.info(`update: ${version} found, downloading`);
    this.s = { ...this.s, phase: 'downloading', version, percent: 0, text: `正在下载新版本 ${version}：0%`, lastCheckAt: this.stamp(), lastResult: `发现新版本 ${version}，正在下载` };
    try {
      await this.d.updater.downloadUpdate();
    } catch (e) {
      this.failed(e, 'download');
      return;
    }
    const text = `新版本 ${version} 已下载，重启后安装`;
    this.s = { ...this.s, phase: 'downloaded', percent: 100, text, lastResult: text };
    this.d.updater.setInstallOnQuit(true);
    this.d.log.info(`update: ${version} downloaded and verified; installs on quit`);
    void this.offer(version);
  }

  private failed(e: unknown, during: 'check' | 'download'): void {
    const words = failureWords(e);
    this.d.log.warn(`update: ${during} failed: ${e instanceof Error ? `${e.name} ${(e as { code?: string }).code ?? ''} ${e.message}` : String(e)}`);
    if (words.quiet) {
      this.s = { ...this.s, phase: 'idle', text: '', version: '', percent: 0, lastCheckAt: this.stamp(), lastResult: `${words.text}（${this.s.currentVersion}）` };
    } else {
      this.s = { ...this.s, phase: 'error', text: `更新出错：${words.text}`, version: '', percent: 0, lastCheckAt: this.stamp(), lastResult: words.text };
    }
  }

  /** Asks once no upload or import runs; after 立即重启, restarts as soon as that is still or again so. */
  private async offer(version: string): Promise<void> {
    if (this.offering) return;
    this.offering = true;
    let agreed = false;
    try {
      for (;;) {
        if (this.stopped || this.s.phase !== 'downloaded') return;
        const reason = await this.d.busy();
        if (reason) {
          this.d.log.info(`update: ${reason}; ${agreed ? 'restarting' : 'asking'} later`);
          await new Promise<void>((resolve) => this.d.clock.setTimeout(resolve, this.d.busyRetryMs ?? BUSY_RETRY_MS));
          continue;
        }
        if (!agreed) {
          if (!(await this.d.ask(version))) {
            this.d.log.info('update: 稍后 — installs on quit');
            return;
          }
          // The question may have stood open for a while: look again before quitting.
          agreed = true;
          continue;
        }
        this.d.log.info(`update: restarting to install ${version}`);
        this.d.updater.quitAndInstall();
        return;
      }
    } finally {
      this.offering = false;
    }
  }
}
