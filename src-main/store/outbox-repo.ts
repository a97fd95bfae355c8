import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { z } from 'zod';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import { processAlive } from '../../src-node/process-alive.js';
import type { Db } from './open-store.js';

const outboxStateSchema = z.enum(['queued', 'running', 'paused', 'done', 'failed', 'cancelled']);
export type OutboxState = z.infer<typeof outboxStateSchema>;

const outboxJobRow = z.object({
  id: z.number(),
  batchId: z.string(),
  state: outboxStateSchema,
  attempts: z.number(),
  nextAttemptAt: z.string(),
  filesTotal: z.number(),
  filesDone: z.number(),
  bytesTotal: z.number(),
  bytesDone: z.number(),
  errorCode: z.string(),
  errorMessage: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  doneAt: z.string(),
  /** Who claimed it last (THIS_RUNNER of that process). */
  runner: z.string(),
  /** ISO UTC; a running job is held until then. */
  leaseUntil: z.string(),
  /** ISO UTC when the batch went out without its answer stored; '' otherwise. */
  batchSentAt: z.string(),
});
export type OutboxJob = z.infer<typeof outboxJobRow>;

const SELECT = `SELECT id, batch_id AS batchId, state, attempts, next_attempt_at AS nextAttemptAt, files_total AS filesTotal,
  files_done AS filesDone, bytes_total AS bytesTotal, bytes_done AS bytesDone, error_code AS errorCode,
  error_message AS errorMessage, created_at AS createdAt, updated_at AS updatedAt, done_at AS doneAt, runner,
  lease_until AS leaseUntil, batch_sent_at AS batchSentAt FROM outbox`;

/** The states of a job not finished yet; at most one per batch (a unique index). */
const OPEN = "('queued', 'running', 'paused')";

/**
 * The outbox: one row per push of a batch. A job is done only when the server's answer is stored (in
 * the same transaction); until then a crash leaves it queued, or running under a lease that runs out
 * (claimDue takes it over then). Everything a push sends is idempotent on the server, so doing a job
 * again, or twice at once, is safe.
 */
export function getJob(db: Db, id: number): OutboxJob | undefined {
  return checkedRow(outboxJobRow, db.prepare(`${SELECT} WHERE id = ?`).get(id));
}

export function openJobFor(db: Db, batchId: string): OutboxJob | undefined {
  return checkedRow(outboxJobRow, db.prepare(`${SELECT} WHERE batch_id = ? AND state IN ${OPEN}`).get(batchId));
}

export function listJobs(db: Db, opts: { open?: boolean } = {}): OutboxJob[] {
  const where = opts.open ? `WHERE state IN ${OPEN}` : '';
  return checkedRows(outboxJobRow, db.prepare(`${SELECT} ${where} ORDER BY id`).all());
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

/**
 * Who is pushing, as recorded on the job: host, process id and a random part, so that a new process
 * that happens to get a dead one's PID (after a reboot; routinely on Windows) is still someone else.
 * Only for the record and for "is it mine"; ownership is the lease.
 */
export const THIS_RUNNER = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/** The host and process id a runner tag names (NaN when it names none: a job from before runner tags). */
export function runnerOf(runner: string): { host: string; pid: number } {
  const [host = '', pid = ''] = runner.split(':');
  return { host, pid: Number(pid) };
}

/** How long a claim holds without renewal; the pusher renews it every LEASE_RENEW_MS while it works. */
export const LEASE_MS = 20_000;
export const LEASE_RENEW_MS = 5_000;

const plus = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString();

/**
 * Whether the pusher named by a runner tag is certainly gone: on this PC, its PID is not a process any
 * more (or is ours, but we are a later process). A live PID proves nothing — it may be another program
 * now (after a reboot; routinely on Windows) — so then only the lease decides; on another PC (a shared
 * data folder) too.
 */
export function holderGone(runner: string): boolean {
  if (runner === THIS_RUNNER) return false;
  const { host, pid } = runnerOf(runner);
  if (host !== os.hostname()) return false;
  return !Number.isInteger(pid) || pid <= 0 || pid === process.pid || !processAlive(pid);
}

/** Someone is pushing the job right now: running under a lease that has not passed, its pusher not known to be gone. */
export function isHeld(job: Pick<OutboxJob, 'state' | 'runner' | 'leaseUntil'>, now: Date): boolean {
  return job.state === 'running' && job.leaseUntil > now.toISOString() && !holderGone(job.runner);
}

/** Held, by another process than this one. */
export function heldByOther(job: Pick<OutboxJob, 'state' | 'runner' | 'leaseUntil'>, now: Date): boolean {
  return job.runner !== THIS_RUNNER && isHeld(job, now);
}

/**
 * The next job due, claimed for this process with a fresh lease; undefined when none is due. Due: a
 * queued job whose time has come, or a running one nobody holds any more (its lease passed, or its
 * pusher on this PC is gone: killed, crashed, the PC switched off): that one is taken over as it
 * stands, with the files it already sent.
 */
export function claimDue(db: Db, now: Date, onlyId?: number, leaseMs = LEASE_MS): OutboxJob | undefined {
  const at = now.toISOString();
  return db
    .transaction(() => {
      const job = checkedRows(
        outboxJobRow,
        db
          .prepare(`${SELECT} WHERE ((state = 'queued' AND next_attempt_at <= ?) OR state = 'running') AND (? IS NULL OR id = ?) ORDER BY next_attempt_at, id`)
          .all(at, onlyId ?? null, onlyId ?? null),
      ).find((j) => j.state === 'queued' || !heldByOther(j, now));
      if (!job) return undefined;
      db.prepare("UPDATE outbox SET state = 'running', runner = ?, lease_until = ?, updated_at = ? WHERE id = ?").run(THIS_RUNNER, plus(now, leaseMs), at, job.id);
      return { ...job, state: 'running' as const, runner: THIS_RUNNER, leaseUntil: plus(now, leaseMs) };
    })
    .immediate();
}

/** Extends this process's claim; false when it is no longer ours (the lease passed and someone took over). */
export function renewLease(db: Db, id: number, now: Date, leaseMs = LEASE_MS): boolean {
  return db.prepare("UPDATE outbox SET lease_until = ? WHERE id = ? AND state = 'running' AND runner = ?").run(plus(now, leaseMs), id, THIS_RUNNER).changes === 1;
}

/** The batch went out; until its answer is stored, its people may or may not be on the server. */
export function markBatchSent(db: Db, id: number, now: Date): void {
  db.prepare('UPDATE outbox SET batch_sent_at = ?, updated_at = ? WHERE id = ?').run(now.toISOString(), now.toISOString(), id);
}

/** The server says it has no such batch: its people are simply not submitted yet. */
export function clearBatchSent(db: Db, id: number, now: Date): void {
  db.prepare("UPDATE outbox SET batch_sent_at = '', updated_at = ? WHERE id = ?").run(now.toISOString(), id);
}

/** A job the clerk asked for now: a queued one waiting for its retry time becomes due at once. */
export function makeDueNow(db: Db, id: number, now: Date): boolean {
  return db.prepare("UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'queued' AND next_attempt_at > ?").run(now.toISOString(), now.toISOString(), id, now.toISOString()).changes === 1;
}

/**
 * How far a push is. Written after every uploaded file, so `status` after a kill counts what the
 * server has; without its own disk flush (synchronous = NORMAL for this one statement, WAL mode): the
 * write survives a killed process, and what a power cut may lose is a hint the next push asks the
 * server for anyway. Nothing can run between the three statements (they are synchronous), and the
 * next flushed commit flushes this one too. bench/sync measured the flush per file at ~10 % of a push.
 */
export function setProgress(db: Db, id: number, p: { filesTotal?: number; filesDone?: number; bytesTotal?: number; bytesDone?: number }, now: Date): void {
  const update = db.prepare(
    `UPDATE outbox SET files_total = coalesce(?, files_total), files_done = coalesce(?, files_done), bytes_total = coalesce(?, bytes_total),
       bytes_done = coalesce(?, bytes_done), updated_at = ? WHERE id = ?`,
  );
  const run = () => update.run(p.filesTotal ?? null, p.filesDone ?? null, p.bytesTotal ?? null, p.bytesDone ?? null, now.toISOString(), id);
  // Inside a caller's transaction the level cannot change (SQLite refuses); its commit decides.
  if (db.inTransaction) return void run();
  const before = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  try {
    run();
  } finally {
    db.pragma(`synchronous = ${before}`);
  }
}

/** A retryable failure: back to the queue, due at `next` (only by the job's holder: a pusher that lost its lease leaves the job to the one that took it). */
export function scheduleRetry(db: Db, id: number, next: Date, error: { code: string; message: string }, countAttempt: boolean, now: Date): void {
  db.prepare(
    `UPDATE outbox SET state = 'queued', attempts = attempts + ?, next_attempt_at = ?, error_code = ?, error_message = ?, updated_at = ?
     WHERE id = ? AND state = 'running' AND runner = ?`,
  ).run(countAttempt ? 1 : 0, next.toISOString(), error.code, error.message, now.toISOString(), id, THIS_RUNNER);
}

export function markFailed(db: Db, id: number, error: { code: string; message: string }, now: Date): void {
  db.prepare("UPDATE outbox SET state = 'failed', lease_until = '', error_code = ?, error_message = ?, updated_at = ? WHERE id = ? AND state IN ('queued', 'running')").run(error.code, error.message, now.toISOString(), id);
}

/**
 * Call in the transaction that stores the server's answer. Whoever holds the lease: the answer is the
 * server's truth, stored by whichever pusher got it.
 */
export function markDone(db: Db, id: number, now: Date): void {
  db.prepare("UPDATE outbox SET state = 'done', lease_until = '', batch_sent_at = '', error_code = '', error_message = '', done_at = ?, updated_at = ? WHERE id = ?").run(now.toISOString(), now.toISOString(), id);
}

export function setState(db: Db, id: number, from: readonly OutboxState[], to: OutboxState, now: Date): boolean {
  const placeholders = from.map(() => '?').join(', ');
  return db.prepare(`UPDATE outbox SET state = ?, next_attempt_at = ?, updated_at = ? WHERE id = ? AND state IN (${placeholders})`).run(to, now.toISOString(), now.toISOString(), id, ...from).changes === 1;
}

/** Jobs whose batch went out without its answer stored, oldest first: a pull asks the server about them. */
export function sentOpenJobIds(db: Db): number[] {
  return checkedRows(z.number(), db.prepare(`SELECT id FROM outbox WHERE state IN ${OPEN} AND batch_sent_at != '' ORDER BY id`).pluck().all());
}

// In the order of the SELECT: `status --json` shows the keys as they come, 批次号 first.
const job = outboxJobRow.shape;
const queueRow = z.object({
  batchNumber: z.string(),
  batchName: z.string(),
  batchId: job.batchId,
  id: job.id,
  state: job.state,
  filesDone: job.filesDone,
  filesTotal: job.filesTotal,
  bytesDone: job.bytesDone,
  bytesTotal: job.bytesTotal,
  errorMessage: job.errorMessage,
  nextAttemptAt: job.nextAttemptAt,
  leaseUntil: job.leaseUntil,
  batchSentAt: job.batchSentAt,
  doneAt: job.doneAt,
  runner: job.runner,
});
export type QueueRow = z.infer<typeof queueRow>;

/**
 * The jobs with their batch's 批次号 and name, as `status` and the window list them: those that still
 * need someone — open ones, and failed ones (the clerk must see why and 撤回 or fix) — or all.
 */
export function queueRows(db: Db, opts: { all?: boolean } = {}): QueueRow[] {
  return checkedRows(
    queueRow,
    db
      .prepare(
        `SELECT b.number AS batchNumber, b.name AS batchName, o.batch_id AS batchId, o.id, o.state, o.files_done AS filesDone,
           o.files_total AS filesTotal, o.bytes_done AS bytesDone, o.bytes_total AS bytesTotal, o.error_message AS errorMessage,
           o.next_attempt_at AS nextAttemptAt, o.lease_until AS leaseUntil, o.batch_sent_at AS batchSentAt, o.done_at AS doneAt, o.runner
         FROM outbox o JOIN batches b ON b.id = o.batch_id
         ${opts.all ? '' : "WHERE o.state NOT IN ('done', 'cancelled')"}
         ORDER BY o.id`,
      )
      .all(),
  );
}

/**
 * People per status; those of a batch sent without a stored answer that the answer would change (not
 * submitted yet, or returned and going out again) count as `unconfirmed`. One open job per batch (a
 * unique index), so the join counts nobody twice.
 */
export function personStatusCounts(db: Db): Record<string, number> {
  const rows = checkedRows(
    z.object({ s: z.string(), n: z.number() }),
    db
      .prepare(
        `SELECT CASE WHEN o.id IS NOT NULL AND (p.status = 'draft' OR (p.status = 'rejected' AND p.resubmit = 1)) THEN 'unconfirmed' ELSE p.status END AS s,
           COUNT(*) AS n
         FROM persons p LEFT JOIN outbox o ON o.batch_id = p.batch_id AND o.state IN ${OPEN} AND o.batch_sent_at != ''
         GROUP BY s`,
      )
      .all(),
  );
  return Object.fromEntries(rows.map((r) => [r.s, r.n]));
}
