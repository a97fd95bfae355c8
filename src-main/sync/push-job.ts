import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import { applyBatchAnswer, applyRowProblems } from './apply-answer.js';
import { buildBatchPayload, NotReadyError, type PayloadFile } from './batch-payload.js';
import { NO_FAULTS, type FaultPoints } from './fault-points.js';
import { markBatchSent, markDone, markFailed, scheduleRetry, setProgress, type OutboxJob } from '../store/outbox-repo.js';
import { retryDelayMs } from './retry-policy.js';
import type { SyncClient } from './sync-client.js';
import { SyncError } from './sync-error.js';
import type { BatchPutResponse } from '../../src-shared/contract/sync-api.js';
import { pendingPayment, sendPayment } from '../payments/push-payment.js';
import { markPaymentSent } from '../store/payments-repo.js';

export interface PushProgress {
  jobId: number;
  batchId: string;
  phase: 'checking' | 'uploading' | 'sending' | 'done';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface PushContext {
  db: Db;
  client: SyncClient;
  /** Where a blob's bytes are (the desktop's content-addressed store). */
  blobPath: (sha256: string) => string;
  actor: Actor;
  onProgress?: (p: PushProgress) => void;
  /** Where a crash test stops the push; none by default. */
  faults?: FaultPoints;
}

export type PushOutcome =
  | { state: 'done'; answer: BatchPutResponse }
  | { state: 'retry'; error: SyncError; at: Date }
  | { state: 'waiting_login'; error: SyncError }
  | { state: 'failed'; error: SyncError | NotReadyError };

const ASK_CHUNK = 5000;

/**
 * The bytes of one file: a plain buffer (axios sends it in one write, which costs half the CPU of a
 * stream: bench/sync), or what the fault points make of it.
 */
function fileBody(file: string, faults: FaultPoints): { body: Readable | Buffer; size: number } {
  const bytes = fs.readFileSync(file);
  return { body: faults.uploadBody?.(bytes) ?? bytes, size: bytes.length };
}

async function missingOf(ctx: PushContext, files: readonly PayloadFile[]): Promise<Set<string>> {
  const missing = new Set<string>();
  for (let i = 0; i < files.length; i += ASK_CHUNK) {
    const ask = files.slice(i, i + ASK_CHUNK).map((f) => f.sha256);
    const r = await ctx.client.call('POST /blobs/missing', { sha256: ask });
    for (const m of r.missing) missing.add(m);
  }
  return missing;
}

/**
 * One attempt at one push job: ask which files the server lacks, upload only those, send the batch,
 * store the answer and mark the job done in one transaction. Every step is idempotent on the server,
 * so an attempt cut anywhere is simply made again. Returns what became of the job; never throws for
 * anything the network or the server did.
 */
export async function runPushJob(ctx: PushContext, job: OutboxJob): Promise<PushOutcome> {
  const { db } = ctx;
  const now = () => ctx.actor.now();
  const faults = ctx.faults ?? NO_FAULTS;
  let progress: PushProgress = { jobId: job.id, batchId: job.batchId, phase: 'checking', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
  const report = (p: Partial<PushProgress>) => {
    progress = { ...progress, ...p };
    ctx.onProgress?.(progress);
  };
  try {
    faults.hit('push.start');
    const payload = buildBatchPayload(db, job.batchId);
    const bytesTotal = payload.files.reduce((n, f) => n + f.size, 0);
    // The count of files on the server is left as the last push knew it until the server says.
    setProgress(db, job.id, { filesTotal: payload.files.length, bytesTotal }, now());
    report({ filesTotal: payload.files.length, bytesTotal, filesDone: Math.min(job.filesDone, payload.files.length), bytesDone: Math.min(job.bytesDone, bytesTotal) });

    let missing = await missingOf(ctx, payload.files);
    faults.hit('push.asked');
    for (let round = 0; ; round++) {
      const present = payload.files.filter((f) => !missing.has(f.sha256));
      let filesDone = present.length;
      let bytesDone = present.reduce((n, f) => n + f.size, 0);
      setProgress(db, job.id, { filesDone, bytesDone }, now());
      report({ phase: 'uploading', filesDone, bytesDone });
      for (const f of payload.files) {
        if (!missing.has(f.sha256)) continue;
        faults.hit('blob.before');
        const { body, size } = fileBody(ctx.blobPath(f.sha256), faults);
        await ctx.client.putBlob(f.sha256, body, size);
        faults.hit('blob.after');
        filesDone++;
        bytesDone += size;
        // Stored after every file, so that `status` after a kill counts what the server has (one
        // small commit per file: bench/sync measures what it costs against the upload itself).
        setProgress(db, job.id, { filesDone, bytesDone }, now());
        report({ filesDone, bytesDone });
      }
      faults.hit('batch.before');
      report({ phase: 'sending' });
      // From here until the answer is stored, the server may have the batch without us knowing.
      markBatchSent(db, job.id, now());
      let answer: BatchPutResponse;
      try {
        answer = await ctx.client.putBatch(job.batchId, payload.body);
      } catch (e) {
        // Files gone from the server since we asked (or never there): upload them and send again.
        if (e instanceof SyncError && e.code === 'batch.missing_blobs' && e.extra.missingBlobs && round < 2) {
          missing = new Set(e.extra.missingBlobs);
          continue;
        }
        throw e;
      }
      faults.hit('batch.answered');
      // 交费信息 saved since the last send goes after the batch (the server needs the batch first); the
      // answer is stored before it, so a refused payment never loses what the batch push brought.
      const payment = pendingPayment(db, job.batchId);
      db.transaction(() => {
        applyBatchAnswer(db, job.batchId, answer, ctx.actor);
        if (!payment) markDone(db, job.id, now());
      }).immediate();
      if (payment) {
        const sent = await sendPayment(db, ctx.client, ctx.blobPath, job.batchId);
        db.transaction(() => {
          markPaymentSent(db, job.batchId, sent.updatedAt, now());
          markDone(db, job.id, now());
        }).immediate();
      }
      faults.hit('batch.stored');
      report({ phase: 'done' });
      return { state: 'done', answer };
    }
  } catch (e) {
    const at = now();
    if (e instanceof NotReadyError) {
      markFailed(db, job.id, { code: 'not_ready', message: e.message }, at);
      return { state: 'failed', error: e };
    }
    if (!(e instanceof SyncError)) throw e;
    if (e.retryable) {
      const next = new Date(at.getTime() + retryDelayMs(job.attempts, e.extra.retryAfterMs ?? 0));
      scheduleRetry(db, job.id, next, { code: e.code, message: e.message }, true, at);
      return { state: 'retry', error: e, at: next };
    }
    if (e.kind === 'auth') {
      // Nothing wrong with the data: the job waits, due again as soon as someone signs in.
      scheduleRetry(db, job.id, at, { code: e.code, message: '登录已失效，请重新登录；登录后会自动继续提交。' }, false, at);
      return { state: 'waiting_login', error: e };
    }
    db.transaction(() => {
      if (e.extra.rows) applyRowProblems(db, job.batchId, e.extra.rows, ctx.actor);
      markFailed(db, job.id, { code: e.code, message: e.message }, at);
    }).immediate();
    return { state: 'failed', error: e };
  }
}
