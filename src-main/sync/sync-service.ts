import { newPasswordSchema, type LoginResponse } from '../../src-shared/contract/sync-api.js';
import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import { getBatch } from '../store/batches-repo.js';
import { recordAudit } from '../store/audit-log.js';
import { localIso } from '../store/clock.js';
import { buildBatchPayload } from './batch-payload.js';
import { loadConnectionSettings, saveConnectionSettings, type ConnectionSettings, type ConnectionSettingsInput } from './connection-settings.js';
import { claimDue, enqueuePush, getJob, listJobs, openJobFor, requeueInterrupted, setState, type OutboxJob } from './outbox-repo.js';
import { feedCursor, pullChanges } from './pull-changes.js';
import { runPushJob, type PushOutcome, type PushProgress } from './push-job.js';
import { SyncClient } from './sync-client.js';
import { SyncError } from './sync-error.js';
import type { TokenStore } from './token-store.js';
import type { AppliedCounts } from './apply-changes.js';
import { applyReference, type ReferenceChange } from './reference-update.js';
import { todayIso } from '../util/today.js';
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
}

export interface SyncStatus {
  settings: ConnectionSettings | null;
  signedIn: { username: string; expiresAt: string } | null;
  cursor: string;
  jobs: OutboxJob[];
  persons: Record<string, number>;
  studyAccounts: number;
}

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

/**
 * The desktop's sync as one object: connection settings, sign-in, submitting a batch (the outbox),
 * pushing, pulling the change feed. Plain Node: the CLI and the Electron IPC handlers both use it.
 * Pushes and pulls run one at a time (`exclusive`), so a pull never races a push's answer.
 */
export class SyncService {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SyncServiceDeps) {}

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
    if (!s) throw new SyncError('config', 'config.missing', '还没有设置同步服务器。请先在“同步设置”中填写服务器地址（命令行：login --server <地址>）。');
    return s;
  }

  private async client(withToken: boolean): Promise<SyncClient> {
    const s = this.requireSettings();
    const systemProxy = s.proxy === 'system' && this.deps.systemProxy ? await this.deps.systemProxy(s.serverUrl) : undefined;
    const client = new SyncClient(s, systemProxy !== undefined ? { systemProxy } : {});
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
        if (b.status === 'draft') db.prepare("UPDATE batches SET status = 'ready', updated_at = ? WHERE id = ?").run(localIso(this.deps.actor.now()), batchId);
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

  resume(jobId: number): boolean {
    return setState(this.deps.db, jobId, ['paused', 'failed'], 'queued', this.deps.actor.now());
  }

  cancel(jobId: number): boolean {
    return setState(this.deps.db, jobId, ['queued', 'paused', 'failed'], 'cancelled', this.deps.actor.now());
  }

  /** One attempt at a job that is due (or at the given job, due or not when `force`). */
  pushOnce(jobId: number, onProgress?: (p: PushProgress) => void): Promise<PushOutcome | undefined> {
    return this.exclusive(async () => {
      const { db } = this.deps;
      requeueInterrupted(db, this.deps.actor.now());
      const job = claimDue(db, this.deps.actor.now(), jobId);
      if (!job) return undefined;
      let client: SyncClient;
      try {
        client = await this.client(true);
      } catch (e) {
        // Not signed in: the job goes back to waiting, untouched.
        setState(db, job.id, ['running'], 'queued', this.deps.actor.now());
        if (e instanceof SyncError && e.kind === 'auth') return { state: 'waiting_login', error: e };
        if (e instanceof SyncError) return { state: 'failed', error: e };
        throw e;
      }
      try {
        return await runPushJob({ db, client, blobPath: this.deps.blobPath, actor: this.deps.actor, ...(onProgress ? { onProgress } : {}) }, job);
      } finally {
        client.close();
      }
    });
  }

  /**
   * Pushes a job until it is done or needs the clerk (failed, signed out), waiting between retries;
   * `signal` stops the waiting (the job stays queued and resumes next time).
   */
  async pushUntilSettled(jobId: number, opts: { onProgress?: (p: PushProgress) => void; onRetry?: (e: SyncError, at: Date) => void; signal?: AbortSignal } = {}): Promise<PushOutcome | { state: 'stopped'; job: OutboxJob | undefined }> {
    const sleep = this.deps.sleep ?? defaultSleep;
    for (;;) {
      if (opts.signal?.aborted) return { state: 'stopped', job: getJob(this.deps.db, jobId) };
      const job = getJob(this.deps.db, jobId);
      if (!job || job.state === 'done' || job.state === 'cancelled' || job.state === 'failed' || job.state === 'paused') {
        return { state: 'stopped', job };
      }
      const wait = new Date(job.nextAttemptAt).getTime() - this.deps.actor.now().getTime();
      if (wait > 0) {
        await sleep(wait, opts.signal);
        continue;
      }
      const outcome = await this.pushOnce(jobId, opts.onProgress);
      if (!outcome) continue;
      if (outcome.state === 'retry') {
        opts.onRetry?.(outcome.error, outcome.at);
        continue;
      }
      return outcome;
    }
  }

  /**
   * 同步: the change feed from the stored cursor, then the reference data; a new copy of the code
   * tables or photo spec checks the clerk's unsent rows again (see reference-update.ts).
   */
  pull(onPage?: (counts: AppliedCounts) => void): Promise<AppliedCounts & { cursor: string; reference: ReferenceChange }> {
    return this.exclusive(async () => {
      const client = await this.client(true);
      try {
        const counts = await pullChanges(this.deps.db, client, this.deps.actor, onPage);
        const reference = await client.call('GET /reference', undefined);
        const change = await applyReference(this.deps.db, reference, this.deps.actor, {
          blobBytes: (sha) => fs.readFileSync(this.deps.blobPath(sha)),
          today: todayIso(this.deps.actor.now()),
        });
        return { ...counts, reference: change };
      } finally {
        client.close();
      }
    });
  }

  status(): SyncStatus {
    const { db } = this.deps;
    const t = this.deps.tokens.load();
    const s = this.settings ?? null;
    const valid = t && s && t.serverUrl === s.serverUrl && t.expiresAt > this.deps.actor.now().toISOString();
    const persons = Object.fromEntries(
      (db.prepare('SELECT status, COUNT(*) AS n FROM persons GROUP BY status').all() as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]),
    );
    return {
      settings: s,
      signedIn: valid ? { username: t.username, expiresAt: t.expiresAt } : null,
      cursor: feedCursor(db),
      jobs: listJobs(db),
      persons,
      studyAccounts: db.prepare('SELECT COUNT(*) FROM study_accounts').pluck().get() as number,
    };
  }
}
