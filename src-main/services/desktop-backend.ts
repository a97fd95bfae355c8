import type { Db } from '../store/open-store.js';
import { openStore } from '../store/open-store.js';
import { osUserActor, type Actor } from '../store/clock.js';
import { BlobStore } from '../blobs/blob-store.js';
import { PhotoService } from '../photos/photo-service.js';
import { EvidenceService } from '../evidence/evidence-service.js';
import { RegistrationService } from './registration-service.js';
import { SyncService } from '../sync/sync-service.js';
import { OutboxRunner } from '../sync/outbox-runner.js';
import { PullRunner } from '../sync/pull-runner.js';
import { pullAndRecord, type PullResult } from '../sync/pull-news.js';
import { SyncError } from '../sync/sync-error.js';
import { retryNotice } from '../sync/retry-notice.js';
import type { PushProgress } from '../sync/push-job.js';
import type { TokenStore } from '../sync/token-store.js';
import { codeTablesFor, storedReferenceText } from '../sync/reference-store.js';
import { todayIso } from '../util/today.js';
import { DesktopHandlers } from './desktop-handlers.js';
import { ProgressHub } from './progress-hub.js';

/**
 * Everything behind the window, wired once: the store, the services, the desktop-api handlers and
 * the background pusher. The Electron app and the web bridge (npm start's fallback, the tests) open
 * it the same way; only the token store and the system proxy differ (Electron's safeStorage and
 * resolveProxy in the app).
 */
export interface DesktopBackendOptions {
  dataDir: string;
  tokens: TokenStore;
  systemProxy?: (url: string) => Promise<string>;
  /** Who is at the keyboard, for the audit log; the OS user by default. */
  actor?: Actor;
  /** Where faults of ours go (the log file in the app). */
  log?: (message: string, error: unknown) => void;
  /** Today's local date for the rules and for a pull's re-check; by default the actor's clock's (tests pin it). */
  today?: () => string;
  /** False: do not start the background pusher (tests that push by hand). */
  runOutbox?: boolean;
  /** False: do not start the background puller; 同步 still pulls through it. Unset: as `runOutbox` (tests that push by hand pull by hand). */
  runPull?: boolean;
  /** Between background pulls (3 minutes by default), and the longest wait after failures (15 minutes). */
  pullIntervalMs?: number;
  pullMaxBackoffMs?: number;
}

export interface DesktopBackend {
  db: Db;
  handlers: DesktopHandlers;
  progress: ProgressHub;
  runner: OutboxRunner;
  puller: PullRunner<PullResult>;
  close(): Promise<void>;
}

const PUSH_TEXT: Record<PushProgress['phase'], (done: number, total: number) => string> = {
  checking: () => '正在和服务器核对要上传的文件…',
  uploading: (done, total) => `正在上传照片和佐证资料 ${done}/${total}…`,
  sending: () => '正在提交批次…',
  done: () => '批次已提交。',
};

/**
 * The registration service over the code tables the server last sent: built again only when a pull
 * stored new reference data, so a change applies without a restart and an ordinary call (a keystroke
 * in the form) does not parse and check the tables again.
 */
function registrationFor(db: Db, actor: Actor, today: () => string): () => RegistrationService {
  let built: { stamp: string; service: RegistrationService } | undefined;
  return () => {
    const stamp = storedReferenceText(db);
    if (built?.stamp !== stamp) built = { stamp, service: new RegistrationService(db, { tables: codeTablesFor(db), actor, today }) };
    return built.service;
  };
}

export function openDesktopBackend(opts: DesktopBackendOptions): DesktopBackend {
  return createDesktopBackend(openStore(opts.dataDir), opts);
}

/** Over a store already open (tests that look into it too). `close()` closes it. */
export function createDesktopBackend(db: Db, opts: DesktopBackendOptions): DesktopBackend {
  const actor = opts.actor ?? osUserActor('desktop');
  const today = opts.today ?? (() => todayIso(actor.now()));
  const blobs = new BlobStore(db, opts.dataDir);
  const progress = new ProgressHub();
  const sync = new SyncService({ db, tokens: opts.tokens, actor, today, blobPath: (s) => blobs.pathOf(s), ...(opts.systemProxy ? { systemProxy: opts.systemProxy } : {}) });
  const puller = new PullRunner(() => pullAndRecord(sync, db, actor), {
    ...(opts.pullIntervalMs !== undefined ? { intervalMs: opts.pullIntervalMs } : {}),
    ...(opts.pullMaxBackoffMs !== undefined ? { maxBackoffMs: opts.pullMaxBackoffMs } : {}),
    // Not set up, not signed in or the first password not changed yet is no fault: the pull waits for
    // the clerk (the status bar says what is missing); anything else goes to the log.
    onError: (e) => {
      const waitsForClerk = e instanceof SyncError && (e.kind === 'config' || e.kind === 'auth' || e.code === 'auth.must_change_password');
      if (!waitsForClerk) opts.log?.('background pull', e);
    },
  });
  const runner = new OutboxRunner(sync, db, actor, {
    onProgress: (p) => progress.report('push', p.filesDone, p.filesTotal, PUSH_TEXT[p.phase](p.filesDone, p.filesTotal)),
    // A retry says why and when in the status bar until the next attempt; anything else ends the task.
    // A push that went through: the reviewers' earlier decisions and the server's view come back at once.
    onOutcome: (_job, o) => {
      if (o.state === 'retry') progress.report('push', 0, 0, retryNotice(o.error.message, o.at, actor.now()));
      else progress.done('push');
      if (o.state === 'done') puller.nudge();
    },
    onError: (e) => opts.log?.('outbox runner', e),
  });
  const handlers = new DesktopHandlers({
    db,
    registration: registrationFor(db, actor, today),
    photos: new PhotoService(db, blobs, actor),
    blobs,
    evidence: new EvidenceService(db, blobs, actor),
    actor,
    today,
    sync,
    progress,
    kickOutbox: () => runner.kick(),
    puller,
    ...(opts.log ? { log: opts.log } : {}),
  });
  if (opts.runOutbox !== false) runner.start();
  if ((opts.runPull ?? opts.runOutbox) !== false) puller.start();
  return {
    db,
    handlers,
    progress,
    runner,
    puller,
    close: async () => {
      await puller.stop();
      await runner.stop();
      db.close();
    },
  };
}
