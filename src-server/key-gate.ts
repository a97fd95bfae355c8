/**
 * At most `running` pieces of work at once per key (a unit), with up to `waiting` more queued behind
 * them in arrival order; beyond that, `enter` answers `undefined` and the caller refuses the request.
 * Waiting, not refusing, is what keeps a double click or a retried push of the same batch an ordinary
 * "unchanged" answer; the bound keeps one account from parking an unbounded number of bodies here.
 */
export class KeyGate<K> {
  private readonly slots = new Map<K, { running: number; queue: Array<() => void> }>();

  constructor(
    readonly running: number,
    readonly waiting: number,
  ) {}

  /** Resolves when `key` may go on, with the function that lets the next one in; undefined when full. */
  enter(key: K): Promise<() => void> | undefined {
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { running: 0, queue: [] }));
    const s = slot;
    const leave = () => {
      const next = s.queue.shift();
      if (next) next();
      else if (--s.running === 0) this.slots.delete(key);
    };
    if (s.running < this.running) {
      s.running++;
      return Promise.resolve(leave);
    }
    if (s.queue.length >= this.waiting) return undefined;
    return new Promise((resolve) => s.queue.push(() => resolve(leave)));
  }

  /** Pieces of work running or waiting for `key`. */
  load(key: K): number {
    const s = this.slots.get(key);
    return s ? s.running + s.queue.length : 0;
  }
}
