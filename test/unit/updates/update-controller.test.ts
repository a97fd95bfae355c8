import { describe, expect, it } from 'vitest';
import { UpdateController, type UpdateControllerDeps } from '../../../src-main/updates/update-controller.js';
import { UpdaterFailure, type Updater, type UpdaterFeed, type UpdaterProgress } from '../../../src-main/updates/updater.js';
import { answerUpdatesCall } from '../../../src-main/updates/updates-api.js';
import { busyReason, probeBusy } from '../../../src-main/updates/busy-probe.js';
import type { FeedAnswer } from '../../../src-main/updates/update-feed.js';
import { HandClock, settle } from './hand-clock.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A stand-in for electron-updater: the test decides what each check finds and how each download ends. */
class StandInUpdater implements Updater {
  readonly currentVersion = '0.1.0';
  offered: string | null = '0.2.0';
  /** What the next downloads do, in order; by default they succeed. */
  downloadOutcomes: Array<'ok' | UpdaterFailure> = [];
  checkFailure: UpdaterFailure | undefined;
  feeds: UpdaterFeed[] = [];
  checks = 0;
  downloads = 0;
  installOnQuit = false;
  installs = 0;
  private listeners = new Set<(p: UpdaterProgress) => void>();
  private release: (() => void) | undefined;
  holdDownloads = false;

  async configure(feed: UpdaterFeed) {
    this.feeds.push(feed);
  }
  async checkForUpdates() {
    this.checks++;
    if (this.checkFailure) throw this.checkFailure;
    return this.offered ? { version: this.offered } : null;
  }
  async downloadUpdate() {
    this.downloads++;
    if (this.holdDownloads) await new Promise<void>((resolve) => (this.release = resolve));
    const outcome = this.downloadOutcomes.shift() ?? 'ok';
    if (outcome !== 'ok') throw outcome;
    return { version: this.offered ?? '' };
  }
  /** Ends a held download. */
  finishDownload() {
    this.release?.();
  }
  progress(percent: number) {
    for (const l of this.listeners) l({ percent, transferred: percent * 1000, total: 100_000 });
  }
  onProgress(listener: (p: UpdaterProgress) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  setInstallOnQuit(on: boolean) {
    this.installOnQuit = on;
  }
  quitAndInstall() {
    this.installs++;
  }
}

const FEED: FeedAnswer = {
  ok: true,
  feed: { url: 'https://zfbm.example.gov.cn/updates/win/', headers: { authorization: 'Bearer t', 'x-install-id': 'id' }, proxy: { mode: 'system' }, caPem: [] },
};

function setUp(over: Partial<UpdateControllerDeps> = {}) {
  const updater = new StandInUpdater();
  const clock = new HandClock();
  const asked: string[] = [];
  const logged: string[] = [];
  const world = { busy: null as string | null, answer: true, feed: FEED };
  const controller = new UpdateController({
    updater,
    feed: async () => world.feed,
    busy: async () => world.busy,
    ask: async (version) => {
      asked.push(version);
      return world.answer;
    },
    clock,
    log: { info: (m) => logged.push(m), warn: (m) => logged.push(m) },
    ...over,
  });
  return { updater, clock, asked, logged, world, controller };
}

describe('UpdateController', () => {
  it('checks a minute after start, downloads in the background with progress, waits while a push runs, asks, installs', async () => {
    const { updater, clock, asked, world, controller } = setUp();
    updater.holdDownloads = true;
    world.busy = '正在上传批次';
    controller.start();
    expect(controller.state()).toMatchObject({ phase: 'idle', currentVersion: '0.1.0', lastResult: '尚未检查' });

    await clock.advance(MINUTE - 1);
    expect(updater.checks).toBe(0);
    await clock.advance(1);
    expect(updater.checks).toBe(1);
    expect(updater.feeds).toEqual([FEED.ok && FEED.feed]);
    expect(controller.state()).toMatchObject({ phase: 'downloading', version: '0.2.0', percent: 0, text: '正在下载新版本 0.2.0：0%', lastResult: '发现新版本 0.2.0，正在下载' });
    expect(controller.state().lastCheckAt).toBe('2026-12-07T08:01:00.000Z');

    updater.progress(42.7);
    expect(controller.state()).toMatchObject({ percent: 42, text: '正在下载新版本 0.2.0：42%' });
    expect(updater.installOnQuit).toBe(false);

    updater.finishDownload();
    await settle();
    expect(controller.state()).toMatchObject({ phase: 'downloaded', text: '新版本 0.2.0 已下载，重启后安装' });
    expect(updater.installOnQuit).toBe(true);
    // A push runs: no question, no restart; 立即重启 is refused saying why.
    expect(asked).toEqual([]);
    await expect(controller.restartNow()).rejects.toMatchObject({ code: 'updates.busy', message: expect.stringMatching(/^正在上传批次，现在不能重启。.*退出程序时自动安装/) });
    await clock.advance(30_000);
    expect(asked).toEqual([]);

    world.busy = null;
    await clock.advance(30_000);
    expect(asked).toEqual(['0.2.0']);
    expect(updater.installs).toBe(1);
    expect(updater.downloads).toBe(1);
  });

  it('稍后 leaves it to install on quit; 立即重启 in the status bar installs once nothing runs', async () => {
    const { updater, clock, asked, world, controller } = setUp();
    world.answer = false;
    controller.start();
    await clock.advance(MINUTE);
    expect(asked).toEqual(['0.2.0']);
    expect(updater.installs).toBe(0);
    expect(updater.installOnQuit).toBe(true);
    expect(controller.state().phase).toBe('downloaded');

    const answer = await answerUpdatesCall(controller, 'updates.restartNow');
    expect(answer).toEqual({ ok: true, value: { ok: true } });
    expect(updater.installs).toBe(1);
  });

  it('does not restart when an import started while the question stood open, but once it ends, without asking again', async () => {
    let questions = 0;
    const { updater, clock, world, controller } = setUp({
      ask: async () => {
        questions++;
        world.busy = '正在导入人员名单';
        return true;
      },
    });
    controller.start();
    await clock.advance(MINUTE);
    expect(updater.installs).toBe(0);
    await clock.advance(30_000);
    expect(updater.installs).toBe(0);
    world.busy = null;
    await clock.advance(30_000);
    expect(updater.installs).toBe(1);
    expect(questions).toBe(1);
  });

  it('a download whose sha512 does not match is discarded, said in Chinese, and fetched again at the next check', async () => {
    const { updater, clock, asked, controller, logged } = setUp();
    updater.downloadOutcomes = [new UpdaterFailure('ERR_CHECKSUM_MISMATCH', 'sha512 checksum mismatch, expected abc, got def')];
    controller.start();
    await clock.advance(MINUTE);
    expect(controller.state()).toMatchObject({
      phase: 'error',
      version: '',
      text: '更新出错：下载的更新文件校验失败，已丢弃，将在下次检查时重新下载。',
      lastResult: '下载的更新文件校验失败，已丢弃，将在下次检查时重新下载。',
    });
    expect(updater.installOnQuit).toBe(false);
    expect(asked).toEqual([]);
    expect(logged.join('\n')).toMatch(/download failed: UpdaterFailure ERR_CHECKSUM_MISMATCH sha512 checksum mismatch/);

    await clock.advance(4 * HOUR - 1);
    expect(updater.downloads).toBe(1);
    await clock.advance(1);
    expect(updater.downloads).toBe(2);
    expect(controller.state().phase).toBe('downloaded');
    expect(updater.installOnQuit).toBe(true);
  });

  it('nothing newer, a server with nothing for this PC (404) and one answering 204 are quiet: 已是最新版本', async () => {
    const { updater, clock, controller } = setUp();
    updater.offered = null;
    controller.start();
    await clock.advance(MINUTE);
    expect(controller.state()).toMatchObject({ phase: 'idle', text: '', lastResult: '已是最新版本（0.1.0）' });

    updater.checkFailure = new UpdaterFailure('ERR_UPDATER_CHANNEL_FILE_NOT_FOUND', 'Cannot find channel "latest.yml" update info: HttpError: 404');
    await clock.advance(4 * HOUR);
    expect(controller.state()).toMatchObject({ phase: 'idle', text: '', lastResult: '已是最新版本（0.1.0）', lastCheckAt: '2026-12-07T12:01:00.000Z' });

    updater.checkFailure = new UpdaterFailure('ERR_UPDATER_INVALID_UPDATE_INFO', 'Cannot parse update info from latest.yml in the latest release artifacts (https://x/latest.yml): rawData: null');
    await clock.advance(4 * HOUR);
    expect(controller.state()).toMatchObject({ phase: 'idle', text: '' });
    expect(updater.checks).toBe(3);
    expect(updater.downloads).toBe(0);
  });

  it('a server out of reach is an error in the status bar, and the next check tries again', async () => {
    const { updater, clock, controller } = setUp();
    updater.checkFailure = new UpdaterFailure('', 'net::ERR_CONNECTION_REFUSED');
    controller.start();
    await clock.advance(MINUTE);
    expect(controller.state()).toMatchObject({ phase: 'error', text: '更新出错：连不上同步服务器，没有检查更新；稍后会自动再试。' });
    updater.checkFailure = undefined;
    await clock.advance(4 * HOUR);
    expect(controller.state().phase).toBe('downloaded');
  });

  it('without a server or a sign-in it does not ask the updater and says why in 关于', async () => {
    const { updater, clock, world, controller } = setUp();
    world.feed = { ok: false, reason: '还没有登录同步服务器，在“同步设置”中登录后会自动检查更新。' };
    controller.start();
    await clock.advance(MINUTE);
    expect(updater.checks).toBe(0);
    expect(controller.state()).toMatchObject({ phase: 'idle', text: '', lastResult: '还没有登录同步服务器，在“同步设置”中登录后会自动检查更新。' });
  });

  it('stop() ends the schedule; 立即重启 without a download says there is nothing to install', async () => {
    const { updater, clock, controller } = setUp();
    controller.start();
    controller.stop();
    await clock.advance(10 * HOUR);
    expect(updater.checks).toBe(0);
    expect(clock.pending).toBe(0);
    expect(await answerUpdatesCall(controller, 'updates.restartNow')).toEqual({ ok: false, error: { code: 'updates.not_ready', message: '还没有下载好的新版本，不需要重启。' } });
    expect(await answerUpdatesCall(controller, 'updates.state')).toMatchObject({ ok: true, value: { phase: 'idle' } });
    expect(answerUpdatesCall(controller, 'sync.status')).toBeUndefined();
  });
});

describe('busy probe', () => {
  const job = (state: string) => ({ state });
  it('an upload running, an import or a photo import stop a restart; queued, paused or failed uploads do not', () => {
    expect(busyReason([job('queued'), job('paused'), job('failed'), job('interrupted')], [{ task: 'pull' }, { task: 'push' }])).toBeNull();
    expect(busyReason([job('running')], [])).toBe('正在上传批次');
    expect(busyReason([], [{ task: 'import' }])).toBe('正在导入人员名单');
    expect(busyReason([], [{ task: 'photos' }])).toBe('正在导入照片');
  });

  it('reads the backend’s sync.status and progress.current; a backend that does not answer counts as busy', async () => {
    const answers: Record<string, unknown> = { 'sync.status': { queue: [job('running')] }, 'progress.current': [] };
    expect(await probeBusy(async (m) => ({ ok: true, value: answers[m] }))).toBe('正在上传批次');
    answers['sync.status'] = { queue: [] };
    expect(await probeBusy(async (m) => ({ ok: true, value: answers[m] }))).toBeNull();
    expect(await probeBusy(async () => ({ ok: false, error: { code: 'backend.crashed', message: '…' } }))).toBe('后台正在处理');
  });
});
