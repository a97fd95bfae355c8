import type { UpdateClock } from '../../../src-main/updates/update-controller.js';

/** Lets every promise chain started by a timer run to its end before time moves on. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A clock the test moves by hand: timers fire in order as `advance` passes their time. */
export class HandClock implements UpdateClock {
  private t = Date.parse('2026-12-07T08:00:00Z');
  private next = 1;
  private timers: { id: number; at: number; run: () => void }[] = [];

  now(): number {
    return this.t;
  }

  setTimeout(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ id, at: this.t + ms, run });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.t = due.at;
      due.run();
      await settle();
    }
    this.t = end;
    await settle();
  }
}
