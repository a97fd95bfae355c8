import { SyncError } from './sync-error.js';

export interface PullRunnerOptions {
  /** Between pulls while they succeed (or while there is nobody signed in). */
  intervalMs?: number;
  /** The longest wait after failures in a row: the interval doubles per failure up to this. */
  maxBackoffMs?: number;
  /** Every failure, for the log; never thrown. */
  onError?: (e: unknown) => void;
}

export const PULL_INTERVAL_MS = 3 * 60_000;
export const PULL_MAX_BACKOFF_MS = 15 * 60_000;

/**
 * The app's background puller: pulls the change feed at start, every few minutes, and whenever
 * asked (`pullNow`: after a push went through, the network came back, the clerk pressed 同步), so
 * a reviewer's decision reaches 人员退回 without the clerk doing anything. Never two pulls at
 * once: asked while one runs, the caller gets that one. A server that cannot be reached makes the
 * next try wait longer (doubling, up to `maxBackoffMs`); not signed in or not set up is no failure
 * of the network and waits the plain interval. `stop()` ends it after the pull in flight.
 */
export class PullRunner<T> {
  private readonly intervalMs: number;
  private readonly maxBackoffMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<T> | undefined;
  private failures = 0;
  private running = false;

  constructor(
    private readonly pull: () => Promise<T>,
    private readonly opts: PullRunnerOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? PULL_INTERVAL_MS;
    this.maxBackoffMs = Math.max(this.intervalMs, opts.maxBackoffMs ?? PULL_MAX_BACKOFF_MS);
  }

  /** True while a pull runs (the status bar's 同步 button spins). */
  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** Pulls at once, then on the interval. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.pullNow().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight?.catch(() => undefined);
  }

  /** Something happened that may have brought news (a push went through, a sign-in, the network back): a background pull now, if running. */
  nudge(): void {
    if (this.running) void this.pullNow().catch(() => undefined);
  }

  /**
   * A pull now (or the one already running); its failure is the caller's to show, and is logged. A
   * successful pull, or a failure of ours rather than the network's, resets the backoff.
   */
  pullNow(): Promise<T> {
    if (this.inFlight) return this.inFlight;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const settle = () => {
      this.inFlight = undefined;
      this.schedule();
    };
    const run = this.pull().then(
      (value) => {
        this.failures = 0;
        settle();
        return value;
      },
      (e: unknown) => {
        const unreachable = e instanceof SyncError && e.retryable;
        this.failures = unreachable ? this.failures + 1 : 0;
        settle();
        this.opts.onError?.(e);
        throw e;
      },
    );
    this.inFlight = run;
    return run;
  }

  /** The wait before the next pull: the interval, doubled for each failure in a row, capped. */
  get nextDelayMs(): number {
    return Math.min(this.maxBackoffMs, this.intervalMs * 2 ** Math.min(this.failures, 20));
  }

  private schedule(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pullNow().catch(() => undefined);
    }, this.nextDelayMs);
  }
}
