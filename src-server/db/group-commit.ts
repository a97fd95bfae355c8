import type { Db } from './open-db.js';

/**
 * Group commit: small writes that arrive within a couple of milliseconds share one transaction, hence
 * one WAL sync. better-sqlite3 is synchronous, so each commit holds the event loop for one fsync
 * (0.3 to 4 ms on the disks we measured); with many uploads at once, waiting WINDOW_MS for company
 * lets one fsync serve several (bench/server: +40 % uploads/s at 32 clients). The wait is only taken
 * when more writers are under way than are already waiting (`begin`/`end` count them): a lone
 * uploader, like the desktop's push, commits at once. Each caller learns of its own write only after
 * it is durable.
 *
 * `apply` runs inside the shared transaction; if one item throws, the group is rolled back and every
 * item is retried in a transaction of its own, so one bad item never fails the others.
 */
const WINDOW_MS = 2;

export class GroupCommit<T, R> {
  private pending: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;
  /** Writers between begin() and end(): requests that will probably call add() soon. */
  private underway = 0;

  constructor(
    private readonly db: Db,
    private readonly apply: (item: T) => R,
  ) {}

  /** A writer started (a request that will end in add()); pair with end(). */
  begin(): void {
    this.underway++;
  }

  end(): void {
    this.underway--;
  }

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Company is coming only if more writers are under way than have already arrived.
        if (this.underway > this.pending.length) setTimeout(() => this.flush(), WINDOW_MS);
        else setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const work = this.pending;
    this.pending = [];
    let results: R[];
    try {
      results = this.db.transaction(() => work.map((w) => this.apply(w.item))).immediate();
    } catch {
      for (const w of work) {
        try {
          w.resolve(this.db.transaction(() => this.apply(w.item)).immediate());
        } catch (e) {
          w.reject(e);
        }
      }
      return;
    }
    work.forEach((w, i) => w.resolve(results[i]!));
  }
}
