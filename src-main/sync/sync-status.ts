import type { Db } from '../store/open-store.js';
import { isHeld, queueRows, type OutboxState } from '../store/outbox-repo.js';

/**
 * The push queue and the people's standing as `status` (CLI) and the window show them: what is true
 * now, not what a killed process last wrote. A job "running" that nobody holds (its lease passed, or
 * its pusher on this PC is gone) is `interrupted`: the next push takes it over; its file count is the files the
 * server is known to have, stored after each upload. People sent in a batch whose answer was never
 * stored are `unconfirmed` (待确认) until a push or a pull settles them (outbox-repo.ts counts them).
 */
export type QueueState = OutboxState | 'interrupted';

export interface QueueEntry {
  /** 批次号, the name the clerk and `push --batch` use. */
  batchNumber: string;
  batchName: string;
  batchId: string;
  id: number;
  state: QueueState;
  /** Files the server is known to have (of filesTotal), and their bytes. */
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Why the last try failed ('' when it did not); with `nextAttemptAt` for a job waiting to retry. */
  errorMessage: string;
  nextAttemptAt: string;
  /** Until when the pusher holds it (running only). */
  leaseUntil: string;
  /** The batch went out and its answer was not stored: its people are 待确认. */
  unconfirmed: boolean;
  doneAt: string;
}

export function queueEntries(db: Db, now: Date, opts: { all?: boolean } = {}): QueueEntry[] {
  return queueRows(db, opts).map(({ batchSentAt, runner, ...r }) => ({
    ...r,
    state: r.state === 'running' && !isHeld({ state: r.state, runner, leaseUntil: r.leaseUntil }, now) ? 'interrupted' : r.state,
    leaseUntil: r.state === 'running' ? r.leaseUntil : '',
    unconfirmed: batchSentAt !== '' && (r.state === 'queued' || r.state === 'running' || r.state === 'paused'),
  }));
}
