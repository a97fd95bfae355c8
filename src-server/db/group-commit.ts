import { transaction, type Sql, type TransactionOptions } from './sql.js';

/**
 * Group commit: small writes that arrive within a couple of milliseconds share one transaction, hence
 * one WAL sync on SQLite (one commit round trip on PostgreSQL). On SQLite each commit waits for one
 * fsync (0.3 to 4 ms on the disks we measured) while holding the one writer's lock; with many uploads
 * at once, waiting WINDOW_MS for company lets one fsync serve several (bench/server: +40 % uploads/s
 * at 32 clients). The wait is only taken when more writers are under way than are already waiting
 * (`begin`/`end` count them): a lone uploader, like the desktop's push, commits at once. Each caller
 * learns of its own write only after it is durable.
 *
 * `apply` runs inside the shared transaction, one item after the other on its connection (`t`); if
 * one item throws, the group is rolled back and every item is retried in a transaction of its own, so
 * one bad item never fails the others. Like anything run in a transaction, `apply` may run more than
 * once (a retry here, PostgreSQL's after a serialization failure): it does only what can be repeated.
 */
const WINDOW_MS = 2;

export class GroupCommit<T, R> {
  private pending: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;
  /** Writers between begin() and end(): requests that will probably call add() soon. */
  private underway = 0;

  constructor(
    private readonly db: Sql,
    private readonly apply: (t: Sql, item: T) => Promise<R>,
    /** How the shared transaction runs on PostgreSQL (sql.ts transaction()). */
    private readonly options: TransactionOptions = {},
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
        if (this.underway > this.pending.length) setTimeout(() => void this.flush(), WINDOW_MS);
        else setImmediate(() => void this.flush());
      }
    });
  }

  /** Commits what is pending; never throws (each item's outcome goes to its own caller). */
  private async flush(): Promise<void> {
    this.scheduled = false;
    const work = this.pending;
    this.pending = [];
    let results: R[];
    try {
      results = await transaction(
        this.db,
        async (t) => {
          const out: R[] = [];
          for (const w of work) out.push(await this.apply(t, w.item));
          return out;
        },
        this.options,
      );
    } catch {
      for (const w of work) {
        try {
          w.resolve(await transaction(this.db, (t) => this.apply(t, w.item), this.options));
        } catch (e) {
          w.reject(e);
        }
      }
      return;
    }
    work.forEach((w, i) => w.resolve(results[i]!));
  }
}
