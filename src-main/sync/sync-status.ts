import type { Db } from '../store/open-store.js';
import { isHeld, type OutboxState } from './outbox-repo.js';

/**
 * The push queue and the people's standing as `status` (CLI) and the window show them: what is true
 * now, not what a killed process last wrote. A job "running" that nobody holds (its lease passed, or
 * its pusher on this PC is gone) is `interrupted`: the next push takes it over; its file count is the files the
 * server is known to have, stored after each upload. People sent in a batch whose answer was never
 * stored are `unconfirmed` (待确认) until a push or a pull settles them.
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

const OPEN = "('queued', 'running', 'paused')";

export function queueEntries(db: Db, now: Date, opts: { all?: boolean } = {}): QueueEntry[] {
  const rows = db
    .prepare(
      `SELECT b.number AS batchNumber, b.name AS batchName, o.batch_id AS batchId, o.id, o.state, o.files_done AS filesDone,
         o.files_total AS filesTotal, o.bytes_done AS bytesDone, o.bytes_total AS bytesTotal, o.error_message AS errorMessage,
         o.next_attempt_at AS nextAttemptAt, o.lease_until AS leaseUntil, o.batch_sent_at AS batchSentAt, o.done_at AS doneAt, o.runner
       FROM outbox o JOIN batches b ON b.id = o.batch_id
       ${opts.all ? '' : `WHERE o.state IN ${OPEN}`}
       ORDER BY o.id`,
    )
    .all() as Array<Omit<QueueEntry, 'unconfirmed'> & { batchSentAt: string; runner: string; state: OutboxState }>;
  return rows.map(({ batchSentAt, runner, ...r }) => ({
    ...r,
    state: r.state === 'running' && !isHeld({ state: r.state, runner, leaseUntil: r.leaseUntil }, now) ? 'interrupted' : r.state,
    leaseUntil: r.state === 'running' ? r.leaseUntil : '',
    unconfirmed: batchSentAt !== '' && OPEN.includes(`'${r.state}'`),
  }));
}

/**
 * People per status; those of a batch sent without a stored answer that the answer would change (not
 * submitted yet, or returned and going out again) count as `unconfirmed`. One open job per batch (a
 * unique index), so the join counts nobody twice.
 */
export function personCounts(db: Db): Record<string, number> {
  const rows = db
    .prepare(
      `SELECT CASE WHEN o.id IS NOT NULL AND (p.status = 'draft' OR (p.status = 'rejected' AND p.resubmit = 1)) THEN 'unconfirmed' ELSE p.status END AS s,
         COUNT(*) AS n
       FROM persons p LEFT JOIN outbox o ON o.batch_id = p.batch_id AND o.state IN ${OPEN} AND o.batch_sent_at != ''
       GROUP BY s`,
    )
    .all() as Array<{ s: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.s, r.n]));
}
