import os from 'node:os';
import type { Db } from '../store/open-store.js';

export type OutboxState = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface OutboxJob {
  id: number;
  batchId: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  filesTotal: number;
  filesDone: number;
  bytesTotal: number;
  bytesDone: number;
  errorCode: string;
  errorMessage: string;
  createdAt: string;
  updatedAt: string;
  doneAt: string;
}

const SELECT = `SELECT id, batch_id AS batchId, state, attempts, next_attempt_at AS nextAttemptAt, files_total AS filesTotal,
  files_done AS filesDone, bytes_total AS bytesTotal, bytes_done AS bytesDone, error_code AS errorCode,
  error_message AS errorMessage, created_at AS createdAt, updated_at AS updatedAt, done_at AS doneAt FROM outbox`;

/**
 * The outbox: one row per push of a batch. A job is done only when the server's answer is stored (in
 * the same transaction); until then a crash leaves it queued or running, and running jobs go back to
 * the queue at start. Everything a push sends is idempotent on the server, so doing a job again is safe.
 */
export function getJob(db: Db, id: number): OutboxJob | undefined {
  return db.prepare(`${SELECT} WHERE id = ?`).get(id) as OutboxJob | undefined;
}

export function openJobFor(db: Db, batchId: string): OutboxJob | undefined {
  return db.prepare(`${SELECT} WHERE batch_id = ? AND state IN ('queued', 'running', 'paused')`).get(batchId) as OutboxJob | undefined;
}

export function listJobs(db: Db, opts: { open?: boolean } = {}): OutboxJob[] {
  const where = opts.open ? "WHERE state IN ('queued', 'running', 'paused')" : '';
  return db.prepare(`${SELECT} ${where} ORDER BY id`).all() as OutboxJob[];
}

/** Queues a push of the batch, or returns the push already queued for it. */
export function enqueuePush(db: Db, batchId: string, now: Date): OutboxJob {
  const open = openJobFor(db, batchId);
  if (open) {
    if (open.state === 'paused') return open;
    // Due now: the clerk just asked for it (a returned person was edited, say).
    db.prepare("UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'queued'").run(now.toISOString(), now.toISOString(), open.id);
    return getJob(db, open.id)!;
  }
  const at = now.toISOString();
  const r = db.prepare("INSERT INTO outbox (batch_id, state, next_attempt_at, created_at, updated_at) VALUES (?, 'queued', ?, ?, ?)").run(batchId, at, at, at);
  return getJob(db, Number(r.lastInsertRowid))!;
}

/** This process, as recorded on the jobs it runs. */
export const THIS_RUNNER = `${os.hostname()}:${process.pid}`;

function alive(runner: string): boolean {
  const at = runner.lastIndexOf(':');
  const host = runner.slice(0, at);
  const pid = Number(runner.slice(at + 1));
  if (host !== os.hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (runner === THIS_RUNNER) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A job left running by a process that is gone (killed, crashed, the PC switched off) goes back to
 * the queue, due now. A job another live process (the app while the CLI runs) is pushing is left to it.
 */
export function requeueInterrupted(db: Db, now: Date): number {
  const running = db.prepare("SELECT id, runner FROM outbox WHERE state = 'running'").all() as Array<{ id: number; runner: string }>;
  let n = 0;
  for (const j of running) {
    if (j.runner === THIS_RUNNER || alive(j.runner)) continue;
    n += db.prepare("UPDATE outbox SET state = 'queued', runner = '', next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'running'").run(now.toISOString(), now.toISOString(), j.id).changes;
  }
  return n;
}

/** The next job due, marked running; undefined when none is due. */
export function claimDue(db: Db, now: Date, onlyId?: number): OutboxJob | undefined {
  return db
    .transaction(() => {
      const job = db
        .prepare(`${SELECT} WHERE state = 'queued' AND next_attempt_at <= ? AND (? IS NULL OR id = ?) ORDER BY next_attempt_at, id LIMIT 1`)
        .get(now.toISOString(), onlyId ?? null, onlyId ?? null) as OutboxJob | undefined;
      if (!job) return undefined;
      db.prepare("UPDATE outbox SET state = 'running', runner = ?, updated_at = ? WHERE id = ?").run(THIS_RUNNER, now.toISOString(), job.id);
      return { ...job, state: 'running' as const };
    })
    .immediate();
}

export function setProgress(db: Db, id: number, p: { filesTotal?: number; filesDone?: number; bytesTotal?: number; bytesDone?: number }, now: Date): void {
  db.prepare(
    `UPDATE outbox SET files_total = coalesce(?, files_total), files_done = coalesce(?, files_done), bytes_total = coalesce(?, bytes_total),
       bytes_done = coalesce(?, bytes_done), updated_at = ? WHERE id = ?`,
  ).run(p.filesTotal ?? null, p.filesDone ?? null, p.bytesTotal ?? null, p.bytesDone ?? null, now.toISOString(), id);
}

/** A retryable failure: back to the queue, due at `next`. */
export function scheduleRetry(db: Db, id: number, next: Date, error: { code: string; message: string }, countAttempt: boolean, now: Date): void {
  db.prepare(
    `UPDATE outbox SET state = 'queued', attempts = attempts + ?, next_attempt_at = ?, error_code = ?, error_message = ?, updated_at = ?
     WHERE id = ? AND state = 'running'`,
  ).run(countAttempt ? 1 : 0, next.toISOString(), error.code, error.message, now.toISOString(), id);
}

export function markFailed(db: Db, id: number, error: { code: string; message: string }, now: Date): void {
  db.prepare("UPDATE outbox SET state = 'failed', error_code = ?, error_message = ?, updated_at = ? WHERE id = ?").run(error.code, error.message, now.toISOString(), id);
}

/** Call in the transaction that stores the server's answer. */
export function markDone(db: Db, id: number, now: Date): void {
  db.prepare("UPDATE outbox SET state = 'done', error_code = '', error_message = '', done_at = ?, updated_at = ? WHERE id = ?").run(now.toISOString(), now.toISOString(), id);
}

export function setState(db: Db, id: number, from: readonly OutboxState[], to: OutboxState, now: Date): boolean {
  const placeholders = from.map(() => '?').join(', ');
  return db.prepare(`UPDATE outbox SET state = ?, next_attempt_at = ?, updated_at = ? WHERE id = ? AND state IN (${placeholders})`).run(to, now.toISOString(), now.toISOString(), id, ...from).changes === 1;
}
