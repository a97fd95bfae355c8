import { newPasswordSchema, type LoginResponse } from '../../src-shared/contract/sync-api.js';
import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import { getBatch, setBatchStatus } from '../store/batches-repo.js';
import { resubmittingIds } from '../store/person-sync-repo.js';
import { countStudyAccounts } from '../store/study-repo.js';
import { recordAudit } from '../store/audit-log.js';
import { buildBatchPayload, NotReadyError } from './batch-payload.js';
import { loadConnectionSettings, saveConnectionSettings, type ConnectionSettings, type ConnectionSettingsInput } from './connection-settings.js';
import { claimDue, clearBatchSent, enqueuePush, getJob, heldByOther, LEASE_MS, LEASE_RENEW_MS, makeDueNow, markDone, openJobFor, personStatusCounts, renewLease, sentOpenJobIds, setState, type OutboxJob } from '../store/outbox-repo.js';
import { queueEntries, type QueueEntry } from './sync-status.js';
import { applyBatchAnswer } from './apply-answer.js';
import { batchContentSha256 } from '../../src-node/batch-content-hash.js';
import { feedCursor, pullChanges } from './pull-changes.js';
import { runPushJob, type PushOutcome, type PushProgress } from './push-job.js';
import { SyncClient } from './sync-client.js';
import { SyncError } from './sync-error.js';
import type { TokenStore } from './token-store.js';
import type { AppliedCounts } from './apply-changes.js';
import { applyReference, type ReferenceChange } from './reference-update.js';
import { todayIso } from '../util/today.js';
import type { FaultPoints } from './fault-points.js';
import { ServerContact, type ContactView } from './server-contact.js';
import { readSetting, writeSetting } from '../store/settings-repo.js';
import type { CertificateUploadRequest, CertificateUploadResponse } from '../../src-shared/contract/sync-certificates.js';
import fs from 'node:fs';

export interface SyncServiceDeps {
  db: Db;
  tokens: TokenStore;
  actor: Actor;
  /** Where a blob's bytes are on disk. */
  blobPath: (sha256: string) => string;
  /** The system proxy for a URL ('' for none): Electron's resolveProxy in the app; unset: the environment. */
  systemProxy?: (url: string) => Promise<string>;
  /** Waits (tests shorten it). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** How long a claim on a push job holds, and how often the pusher renews it (outbox-repo's defaults). */
  lease?: { ms: number; renewMs: number };
  /** Today's local date (YYYY-MM-DD) for checking people again when the code tables change; by default the actor's clock's. */
  today?: () => string;
  /** Where a crash test stops a push; none by default. */
  faults?: FaultPoints;
}

export interface SyncStatus {
  settings: ConnectionSettings | null;
  signedIn: { username: string; expiresAt: string } | null;
  cursor: string;
  /** The push queue: jobs that still need someone (open or failed) unless asked for all. */
  jobs: QueueEntry[];
  /** People per status, and `unconfirmed`: sent, but the server's answer was never stored. */
  persons: Record<string, number>;
  studyAccounts: number;
}

/** What became of a push that waited: done by another pusher, or left as it is (why: the job says). */
export type PushEnd = PushOutcome | { state: 'done_elsewhere'; job: OutboxJob } | { state: 'stopped'; job: OutboxJob | undefined };

/** While a push waits: for another pusher holding the job, or for its next try after a failure. */
export type PushWait = { reason: 'held'; runner: string; until: Date };

/** Longest single sleep while another pusher holds the job: one small SELECT a second. */
const HELD_POLL_MS = 1000;

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The account that signed in with a password it must change first (the server refuses all else until then). */
const MUST_CHANGE_KEY = 'sync.mustChangePassword';

/**
 * The desktop's sync as one object: connection settings, sign-in, submitting a batch (the outbox),
 * pushing, pulling the change feed. Plain Node: the CLI and the Electron IPC handlers both use it.
 * Pushes and pulls run one at a time (`exclusive`), so a pull never races a push's answer.
 */
export class SyncService {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly contact: ServerContact;

  constructor(private readonly deps: SyncServiceDeps) {
    this.contact = new ServerContact(() => deps.actor.now());
  }

  /** The last answer from the server and the last failure to reach it, from any request of this process. */
  get lastContact(): ContactView {
    return this.contact.current;
  }

  /** True while the signed-in account still has to change its first (or reset) password. */
  get mustChangePassword(): boolean {
    const who = readSetting(this.deps.db, MUST_CHANGE_KEY) ?? '';
    return who !== '' && who.toLowerCase() === (this.settings?.username ?? '').toLowerCase();
  }

  private setMustChange(username: string): void {
    writeSetting(this.deps.db, MUST_CHANGE_KEY, username);
  }

  /**
   * The server refused a request that carried our token. 401: the session is over (expired, signed
   * out elsewhere, the password reset by the administrator): the token is forgotten, so the window
   * says 未登录 instead of 已登录 and asks for a sign-in. must_change_password: the status says 需修改密码.
   */
  private refusedWithToken(s: ConnectionSettings, e: SyncError): void {
    if (e.extra.status === 401) this.deps.tokens.clear();
    if (e.code === 'auth.must_change_password') this.setMustChange(s.username);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  get settings(): ConnectionSettings | undefined {
    return loadConnectionSettings(this.deps.db);
  }

  /** Saves settings; fields not given keep their value. The first call must name the server. */
  configure(input: Partial<ConnectionSettingsInput>): ConnectionSettings {
    const before = this.settings;
    const merged = { ...before, ...input };
    if (merged.serverUrl === undefined) this.requireSettings();
    const s = saveConnectionSettings(this.deps.db, merged as ConnectionSettingsInput);
    // Another server or account: the old token means nothing there.
    if (before && (before.serverUrl !== s.serverUrl || before.username !== s.username)) this.deps.tokens.clear();
    return s;
  }

  private requireSettings(): ConnectionSettings {
    const s = this.settings;
    // The window's words; the CLI says how to set it there (sync-commands.ts).
    if (!s) throw new SyncError('config', 'config.missing', '还没有设置同步服务器。请先在“同步设置”中填写服务器地址。');
    return s;
  }

  private async client(withToken: boolean, signal?: AbortSignal): Promise<SyncClient> {
    const s = this.requireSettings();
    const systemProxy = s.proxy === 'system' && this.deps.systemProxy ? await this.deps.systemProxy(s.serverUrl) : undefined;
    const client = new SyncClient(s, {
      ...(systemProxy !== undefined ? { systemProxy } : {}),
      ...(signal ? { signal } : {}),
      onContact: (failure) => this.contact.note(failure),
      onRefused: (e) => this.refusedWithToken(s, e),
    });
    if (withToken) {
      const t = this.deps.tokens.load();
      if (!t || t.serverUrl !== s.serverUrl || t.username.toLowerCase() !== s.username.toLowerCase() || t.expiresAt <= this.deps.actor.now().toISOString()) {
        client.close();
        throw new SyncError('auth', 'auth.token_missing', '还没有登录同步服务器，或登录已过期。请先登录；登录后会自动继续。');
      }
      client.token = t.token;
    }
    return client;
  }

  async login(username: string, password: string): Promise<LoginResponse> {
    const s = this.configure({ username });
    const client = await this.client(false);
    try {
      const r = await client.call('POST /auth/login', { username, password });
      this.deps.tokens.save({ serverUrl: s.serverUrl, username, token: r.token, expiresAt: r.expiresAt });
      this.setMustChange(r.mustChangePassword ? username : '');
      return r;
    } finally {
      client.close();
    }
  }

  async changePassword(oldPassword: string, newPassword: string): Promise<void> {
    // The contract's policy (length, letters and digits, the shared deny list) is checked here first, so
    // the clerk hears why at once, even offline; the server checks again (and the user name too).
    const policy = newPasswordSchema.safeParse(newPassword);
    if (!policy.success) throw new SyncError('refused', 'auth.weak_password', policy.error.issues[0]!.message);
    const client = await this.client(true);
    try {
      await client.call('POST /auth/change-password', { oldPassword, newPassword });
      this.setMustChange('');
    } finally {
      client.close();
    }
  }

  async logout(): Promise<void> {
    try {
      const client = await this.client(true);
      try {
        await client.call('POST /auth/logout', undefined);
      } finally {
        client.close();
      }
    } catch (e) {
      // Offline or already expired: forgetting the token here is what matters.
      if (!(e instanceof SyncError)) throw e;
    } finally {
      this.deps.tokens.clear();
      this.setMustChange('');
    }
  }

  /**
   * 提交: checks the batch can go (no errors, every photo there and right), then queues its push.
   * Works offline: the push goes when the server is reachable.
   */
  submitBatch(batchId: string): OutboxJob {
    const { db } = this.deps;
    buildBatchPayload(db, batchId); // throws NotReadyError with the reason
    return db
      .transaction(() => {
        const job = enqueuePush(db, batchId, this.deps.actor.now());
        const b = getBatch(db, batchId)!;
        if (b.status === 'draft') setBatchStatus(db, batchId, 'ready', this.deps.actor.now());
        recordAudit(db, this.deps.actor, { action: 'batch.queue', entity: 'batch', entityId: batchId, detail: `批次 ${b.number} 已加入待提交队列` });
        return job;
      })
      .immediate();
  }

  openJob(batchId: string): OutboxJob | undefined {
    return openJobFor(this.deps.db, batchId);
  }

  pause(jobId: number): boolean {
    return setState(this.deps.db, jobId, ['queued'], 'paused', this.deps.actor.now());
  }

  /** 继续 / 立即重试: a paused or failed job back in the queue, and a job waiting to retry due now. */
  resume(jobId: number): boolean {
    const now = this.deps.actor.now();
    return setState(this.deps.db, jobId, ['paused', 'failed'], 'queued', now) || makeDueNow(this.deps.db, jobId, now);
  }

  cancel(jobId: number): boolean {
    return setState(this.deps.db, jobId, ['queued', 'paused', 'failed'], 'cancelled', this.deps.actor.now());
  }

  /**
   * One attempt at a job that is due (queued and its time has come, or running under a lease that has
   * passed). While it runs, this process renews its lease; undefined when the job is not due.
   */
  pushOnce(jobId: number, onProgress?: (p: PushProgress) => void, signal?: AbortSignal): Promise<PushOutcome | undefined> {
    return this.exclusive(async () => {
      const { db } = this.deps;
      const lease = this.deps.lease ?? { ms: LEASE_MS, renewMs: LEASE_RENEW_MS };
      const job = claimDue(db, this.deps.actor.now(), jobId, lease.ms);
      if (!job) return undefined;
      let client: SyncClient;
      try {
        client = await this.client(true, signal);
      } catch (e) {
        // Not signed in: the job goes back to waiting, untouched.
        setState(db, job.id, ['running'], 'queued', this.deps.actor.now());
        if (e instanceof SyncError && e.kind === 'auth') return { state: 'waiting_login', error: e };
        if (e instanceof SyncError) return { state: 'failed', error: e };
        throw e;
      }
      const renew = setInterval(() => {
        try {
          // Not ours any more (this PC slept past the lease and another pusher took it): stop claiming.
          if (!renewLease(db, job.id, this.deps.actor.now(), lease.ms)) clearInterval(renew);
        } catch {
          // The store was busy for five seconds: the next renewal tries again, well within the lease.
        }
      }, lease.renewMs);
      try {
        return await runPushJob({ db, client, blobPath: this.deps.blobPath, actor: this.deps.actor, ...(onProgress ? { onProgress } : {}), ...(this.deps.faults ? { faults: this.deps.faults } : {}) }, job);
      } finally {
        clearInterval(renew);
        client.close();
      }
    });
  }

  /**
   * Pushes a job until it is done or needs the clerk (failed, signed out, paused), waiting between
   * retries. Every wait is a sleep with its reason reported (`onRetry`, `onWait`), never a loop, and
   * `signal` ends it (the job stays queued and resumes next time). Another pusher holding the job (the
   * window while the CLI runs, or a second CLI) is waited for, and its outcome is this one's:
   * `done_elsewhere` when it finished the job. `now`: the clerk asked for this push, so a job waiting
   * for its retry time goes at once.
   */
  async pushUntilSettled(
    jobId: number,
    opts: { onProgress?: (p: PushProgress) => void; onRetry?: (e: SyncError, at: Date) => void; onWait?: (w: PushWait) => void; signal?: AbortSignal; now?: boolean } = {},
  ): Promise<PushEnd> {
    const { db, actor } = this.deps;
    const sleep = this.deps.sleep ?? defaultSleep;
    if (opts.now) makeDueNow(db, jobId, actor.now());
    let toldHolder = '';
    for (;;) {
      const job = getJob(db, jobId);
      if (opts.signal?.aborted) return { state: 'stopped', job };
      if (job?.state === 'done') return { state: 'done_elsewhere', job };
      if (!job || job.state === 'cancelled' || job.state === 'failed' || job.state === 'paused') return { state: 'stopped', job };
      const now = actor.now();
      if (heldByOther(job, now)) {
        const until = new Date(job.leaseUntil);
        if (toldHolder !== `${job.runner}@${job.leaseUntil}`) opts.onWait?.({ reason: 'held', runner: job.runner, until });
        toldHolder = `${job.runner}@${job.leaseUntil}`;
        await sleep(Math.min(HELD_POLL_MS, Math.max(50, until.getTime() - now.getTime() + 50)), opts.signal);
        continue;
      }
      const wait = job.state === 'queued' ? new Date(job.nextAttemptAt).getTime() - now.getTime() : 0;
      if (wait > 0) {
        // Polled, not slept through: another pusher may finish the job meanwhile.
        await sleep(Math.min(wait, HELD_POLL_MS), opts.signal);
        continue;
      }
      const outcome = await this.pushOnce(jobId, opts.onProgress, opts.signal);
      if (!outcome) {
        // Claimed by another pusher between our look and our claim: the next look sees it held.
        await sleep(100, opts.signal);
        continue;
      }
      if (outcome.state === 'retry') {
        opts.onRetry?.(outcome.error, outcome.at);
        continue;
      }
      return outcome;
    }
  }

  /**
   * 提交 from the CLI (and any "send it again"): the open job of the batch if there is one; for a batch
   * the server already has, a cheap check first — its content hash against the server's (one HEAD) —
   * and when they agree, nothing is queued, logged or sent. Otherwise (first submission, a change, a
   * server that lost it) the batch is queued as `submitBatch` does.
   */
  async submitOrConfirm(batchId: string): Promise<{ job: OutboxJob } | { unchanged: true }> {
    const { db } = this.deps;
    const open = openJobFor(db, batchId);
    if (open) return { job: open };
    const batch = getBatch(db, batchId);
    const resubmitting = resubmittingIds(db, batchId).length > 0;
    if (batch?.status === 'submitted' && !resubmitting) {
      const hash = batchContentSha256(buildBatchPayload(db, batchId).body);
      const client = await this.client(true);
      try {
        if ((await client.batchContentHash(batchId)) === hash) return { unchanged: true };
      } finally {
        client.close();
      }
    }
    return { job: this.submitBatch(batchId) };
  }

  /** 取证's 上传: one POST /certificates with the token; the caller stores the answer (certificate-upload.ts). */
  uploadCertificates(body: CertificateUploadRequest): Promise<CertificateUploadResponse> {
    return this.exclusive(async () => {
      const client = await this.client(true);
      try {
        return await client.call('POST /certificates', body);
      } finally {
        client.close();
      }
    });
  }

  /**
   * 同步: the change feed from the stored cursor, then the reference data; a new copy of the code
   * tables or photo spec checks the clerk's unsent rows again (see reference-update.ts).
   */
  pull(onPage?: (counts: AppliedCounts) => void): Promise<AppliedCounts & { cursor: string; confirmed: number; reference: ReferenceChange }> {
    return this.exclusive(async () => {
      const client = await this.client(true);
      try {
        const counts = await pullChanges(this.deps.db, client, this.deps.actor, onPage);
        const confirmed = await this.settleUnconfirmed(client);
        const reference = await client.call('GET /reference', undefined);
        const change = await applyReference(this.deps.db, reference, this.deps.actor, {
          blobBytes: (sha) => fs.readFileSync(this.deps.blobPath(sha)),
          today: this.deps.today ? this.deps.today() : todayIso(this.deps.actor.now()),
        });
        return { ...counts, confirmed, reference: change };
      } finally {
        client.close();
      }
    });
  }

  /**
   * Batches sent whose answer was never stored (the push was killed or the line dropped right after):
   * the server's copy is compared by content hash; the same → the server's standing of each person is
   * stored and the job is done, as the lost answer would have done; absent → its people are plainly
   * not submitted yet, and the job stays queued. A job another pusher holds is left to it, and so is a
   * job that carries a resubmission the server has not taken yet. Returns how many were settled.
   */
  private async settleUnconfirmed(client: SyncClient): Promise<number> {
    const { db, actor } = this.deps;
    const sent = sentOpenJobIds(db);
    let settled = 0;
    for (const id of sent) {
      const job = getJob(db, id);
      if (!job || heldByOther(job, actor.now())) continue;
      let hash: string;
      try {
        hash = batchContentSha256(buildBatchPayload(db, job.batchId).body);
      } catch (e) {
        if (e instanceof NotReadyError) continue; // changed since into something that cannot go: the push will say
        throw e;
      }
      const server = await client.batchContentHash(job.batchId);
      if (server === undefined) {
        clearBatchSent(db, id, actor.now());
        continue;
      }
      if (server !== hash) continue;
      const view = await client.call('GET /batches/:batchId', undefined, { batchId: job.batchId });
      const resubmit = new Set(resubmittingIds(db, job.batchId).map(String));
      if (view.persons.some((p) => resubmit.has(p.key) && p.status === 'rejected')) continue;
      const done = db
        .transaction(() => {
          const now = getJob(db, id);
          if (!now || now.batchSentAt === '' || !['queued', 'running', 'paused'].includes(now.state) || heldByOther(now, actor.now())) return false;
          applyBatchAnswer(db, job.batchId, { batchId: view.batchId, result: 'unchanged', resubmitted: [], receivedAt: view.receivedAt, persons: view.persons }, actor);
          markDone(db, id, actor.now());
          return true;
        })
        .immediate();
      if (done) settled++;
    }
    return settled;
  }

  /** Everything `status` shows; done and cancelled jobs only with `all`. */
  status(opts: { all?: boolean } = {}): SyncStatus {
    const { db } = this.deps;
    const t = this.deps.tokens.load();
    const s = this.settings ?? null;
    const now = this.deps.actor.now();
    const valid = t && s && t.serverUrl === s.serverUrl && t.expiresAt > now.toISOString();
    return {
      settings: s,
      signedIn: valid ? { username: t.username, expiresAt: t.expiresAt } : null,
      cursor: feedCursor(db),
      jobs: queueEntries(db, now, opts),
      persons: personStatusCounts(db),
      studyAccounts: countStudyAccounts(db),
    };
  }
}
