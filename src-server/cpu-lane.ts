import { ApiError } from './errors.js';

/** Longest stretch of request work between two turns of the event loop. */
export const SLICE_MS = 20;
/** Requests waiting for the lane beyond this many are refused at once (503 server.busy). */
export const LANE_MAX_WAITING = 32;

/**
 * The long CPU work of requests (checking a batch: its schema, then the rules row by row) in slices of
 * at most `sliceMs`, one slice at a time across the whole server, with a turn of the event loop between
 * two slices: other requests (a colleague's GET /me, a reviewer's page) are answered in between, and
 * eight big batches at once hold the loop no longer than one does. Slices go round in arrival order.
 *
 *   await lane.run(async (tick) => { for (const row of rows) { await tick(); work(row); } });
 *
 * Not a queue without end: beyond `maxWaiting` waiting requests, `run` throws 503 server.busy.
 */
export class CpuLane {
  private busy = false;
  private readonly waiting: Array<() => void> = [];
  private sliceStart = 0;

  constructor(
    readonly sliceMs = SLICE_MS,
    readonly maxWaiting = LANE_MAX_WAITING,
    /** The clock slices are measured with (milliseconds, monotonic). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Requests waiting for a slice (not counting the one working). */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(work: (tick: () => Promise<void>) => Promise<T>): Promise<T> {
    if (this.busy && this.waiting.length >= this.maxWaiting) {
      throw new ApiError(503, 'server.busy', '服务器正忙（同时在检查的批次太多），这次没有处理。请过一会儿再提交；报名助手会自动稍后重试。', {
        'retry-after': '10',
      });
    }
    if (this.busy) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.busy = true;
    this.sliceStart = this.now();
    try {
      return await work(() => this.tick());
    } finally {
      const next = this.waiting.shift();
      // The lane passes straight to the next request, after a turn of the loop.
      if (next) setImmediate(next);
      else this.busy = false;
    }
  }

  /** Between two steps of work: when the slice is used up, the loop turns and the next request works. */
  tick(): Promise<void> {
    if (this.now() - this.sliceStart < this.sliceMs) return Promise.resolve();
    return this.pass();
  }

  private async pass(): Promise<void> {
    const mine = new Promise<void>((resolve) => this.waiting.push(resolve));
    // Immediates scheduled now run after the next poll phase: I/O (other requests) goes first.
    setImmediate(this.waiting.shift()!);
    await mine;
    this.sliceStart = this.now();
  }
}

/**
 * The lane of this process: there is one event loop per process, whatever the number of servers in it.
 * Batch checks (routes/batch-routes.ts) and the parse of big JSON bodies (app.ts) take turns on it.
 */
export const processLane = new CpuLane();
