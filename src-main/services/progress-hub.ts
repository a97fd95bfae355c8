import { EventEmitter } from 'node:events';

/** One long job's progress as the window shows it. */
export interface ProgressEntry {
  /** Stable per kind of job: import, photos, push, pull, report… */
  task: string;
  done: number;
  total: number;
  /** Chinese, e.g. “已读取并检查 1200/5000 人…”. */
  text: string;
  updatedAt: number;
}

/**
 * Where long jobs (import, photo import, push, pull) say how far they are. The Electron shell
 * forwards each change to the window as an event; the web bridge answers `progress.current` and the
 * page polls it. Reports are throttled by the jobs themselves; this only keeps the latest per task.
 */
export class ProgressHub {
  private readonly entries = new Map<string, ProgressEntry>();
  private readonly emitter = new EventEmitter();

  report(task: string, done: number, total: number, text: string): void {
    const entry = { task, done, total, text, updatedAt: Date.now() };
    this.entries.set(task, entry);
    this.emitter.emit('change', this.current());
  }

  done(task: string): void {
    if (this.entries.delete(task)) this.emitter.emit('change', this.current());
  }

  current(): ProgressEntry[] {
    return [...this.entries.values()];
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (entries: ProgressEntry[]) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
