import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import { heldByOther, listJobs, type OutboxJob } from '../store/outbox-repo.js';
import type { PushOutcome, PushProgress } from './push-job.js';
import type { SyncService } from './sync-service.js';

export interface RunnerEvents {
  onProgress?: (p: PushProgress) => void;
  /** After each attempt: done, retry (with when), waiting_login or failed. */
  onOutcome?: (jobId: number, outcome: PushOutcome) => void;
  /** A fault of ours (not the network's): reported, and the loop goes on. */
  onError?: (e: unknown) => void;
}

/** Longest sleep without a reason to wake: a job that became due while the clock jumped is still found. */
const IDLE_POLL_MS = 60_000;

/** When a job may be taken next: its retry time when queued, its lease's end when someone holds it. */
function dueAt(job: OutboxJob, now: Date): number {
  if (job.state === 'queued') return new Date(job.nextAttemptAt).getTime();
  if (heldByOther(job, now)) return new Date(job.leaseUntil).getTime();
  return now.getTime(); // running under a lease that has passed: take it over
}

/**
 * The app's background pusher: takes the jobs in order of when they are due, pushes each, and sleeps
 * until the next is due — or until `kick()`: a batch was submitted, the clerk signed in, the network
 * came back (the app kicks on Electron's online event and on resume from sleep). A job another pusher
 * holds (the CLI) waits for its lease; one a killed pusher left is taken over when its lease runs out.
 * A job waiting for a sign-in is not retried until kicked. `stop()` ends the loop after the attempt in
 * flight.
 */
export class OutboxRunner {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private kicked = false;
  private waitingLogin = false;

  constructor(
    private readonly sync: SyncService,
    private readonly db: Db,
    private readonly actor: Actor,
    private readonly events: RunnerEvents = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Something changed that may let a job go now. */
  kick(): void {
    this.kicked = true;
    this.waitingLogin = false;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.kicked) {
      this.kicked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wake = undefined;
        this.kicked = false;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      const now = this.actor.now();
      const jobs = listJobs(this.db, { open: true }).filter((j) => j.state !== 'paused');
      if (jobs.length === 0 || this.waitingLogin) {
        await this.sleep(IDLE_POLL_MS);
        continue;
      }
      const next = jobs.reduce((a, b) => (dueAt(a, now) <= dueAt(b, now) ? a : b));
      const wait = dueAt(next, now) - now.getTime();
      if (wait > 0) {
        await this.sleep(Math.min(wait + (next.state === 'running' ? 50 : 0), IDLE_POLL_MS));
        continue;
      }
      let outcome: PushOutcome | undefined;
      try {
        outcome = await this.sync.pushOnce(next.id, this.events.onProgress);
      } catch (e) {
        // A bug, not the network: keep the loop alive, surface it, and do not spin.
        this.events.onError?.(e);
        await this.sleep(IDLE_POLL_MS);
        continue;
      }
      if (!outcome) {
        // Another pusher claimed it first: the next look finds it held and sleeps until its lease ends.
        await this.sleep(100);
        continue;
      }
      this.events.onOutcome?.(next.id, outcome);
      if (outcome.state === 'waiting_login') this.waitingLogin = true;
    }
  }
}
