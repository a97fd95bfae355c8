import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { BatchKind } from '../../src-shared/domain/person.js';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import { batchStatusSchema, batchSummarySchema } from '../../src-shared/contract/desktop-api.js';
import type { Db } from './open-store.js';
import { localIso, type Actor } from './clock.js';
import { localClock, localDate } from '../../src-shared/local-time.js';

export type BatchStatus = z.infer<typeof batchStatusSchema>;

export interface Batch {
  id: string;
  kind: BatchKind;
  name: string;
  number: string;
  unit: string;
  parentUnit: string;
  status: BatchStatus;
  sourceFile: string;
  sourceSha256: string;
  createdAt: string;
  updatedAt: string;
}

/** A batch with the counts the manual's batch table and the to-do list show. */
export interface BatchSummary extends Batch {
  persons: number;
  /** People with an error in their row or their photo, a missing photo included (migration 0006). */
  invalid: number;
  noPhoto: number;
  examId: number | null;
  examName: string;
}

// The window's batch row, plus the source file's hash the import matches re-imports by.
const batchSummaryRow = batchSummarySchema.extend({ sourceSha256: z.string() }) satisfies z.ZodType<BatchSummary>;

const SELECT = `SELECT b.id, b.kind, b.name, b.number, b.unit, b.parent_unit AS parentUnit, b.status,
  b.source_file AS sourceFile, b.source_sha256 AS sourceSha256, b.created_at AS createdAt, b.updated_at AS updatedAt,
  b.exam_id AS examId, b.exam_name AS examName,
  (SELECT COUNT(*) FROM persons p WHERE p.batch_id = b.id) AS persons,
  (SELECT COUNT(*) FROM persons p WHERE p.batch_id = b.id AND p.error_count + p.photo_error_count > 0) AS invalid,
  (SELECT COUNT(*) FROM persons p WHERE p.batch_id = b.id AND p.has_photo = 0) AS noPhoto
  FROM batches b`;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The manual's batch number: XZZF + date + time of collection (XZZF20240116-210856). Two batches in
 * the same second get the next free second, so numbers stay unique and still sort by time.
 */
function batchNumber(db: Db, at: Date): string {
  const taken = db.prepare('SELECT 1 FROM batches WHERE number = ?');
  for (let t = at.getTime(); ; t += 1000) {
    const d = new Date(t);
    const n = `XZZF${localDate(d).replace(/-/g, '')}-${localClock(d).replace(/:/g, '')}`;
    if (!taken.get(n)) return n;
  }
}

/** 行政执法人员2024-01-1601批次: the day, then the day's running number (the manual's style). */
function batchName(db: Db, at: Date, kind: BatchKind): string {
  const day = localDate(at);
  const prefix = kind === 'renewal' ? '行政执法人员(换证)' : '行政执法人员';
  const n = checkedRow(z.number(), db.prepare('SELECT COUNT(*) FROM batches WHERE substr(created_at, 1, 10) = ?').pluck().get(day)) ?? 0;
  return `${prefix}${day}${pad(n + 1)}批次`;
}

export function createBatch(
  db: Db,
  actor: Actor,
  input: { kind: BatchKind; unit?: string; parentUnit?: string; sourceFile?: string; sourceSha256?: string; exam?: BatchExam | null },
): Batch {
  const at = actor.now();
  const batch: Batch = {
    id: randomUUID(),
    kind: input.kind,
    name: batchName(db, at, input.kind),
    number: batchNumber(db, at),
    unit: input.unit ?? '',
    parentUnit: input.parentUnit ?? '',
    status: 'draft',
    sourceFile: input.sourceFile ?? '',
    sourceSha256: input.sourceSha256 ?? '',
    createdAt: localIso(at),
    updatedAt: localIso(at),
  };
  db.prepare(
    `INSERT INTO batches (id, kind, name, number, unit, parent_unit, status, source_file, source_sha256, created_at, updated_at)
     VALUES (@id, @kind, @name, @number, @unit, @parentUnit, @status, @sourceFile, @sourceSha256, @createdAt, @updatedAt)`,
  ).run(batch);
  if (input.exam) setBatchExam(db, batch.id, input.exam);
  return batch;
}

/** The exam task a batch registers for (issue 19): its server id and its name, kept for offline. */
export interface BatchExam {
  id: number;
  name: string;
}

export function setBatchExam(db: Db, id: string, exam: BatchExam): void {
  db.prepare('UPDATE batches SET exam_id = ?, exam_name = ? WHERE id = ?').run(exam.id, exam.name, id);
}

/** A renamed exam (a new reference copy) renamed on its batches too. */
export function renameBatchExams(db: Db, exams: readonly BatchExam[]): void {
  const rename = db.prepare('UPDATE batches SET exam_name = ? WHERE exam_id = ? AND exam_name <> ?');
  for (const e of exams) rename.run(e.name, e.id, e.name);
}

/**
 * Batches not yet submitted (填报中, 待提交) per exam, those without one under null: whom a 报名
 * deadline concerns. One row per exam, so bounded by the exams the batches name.
 */
export function unsubmittedBatchesByExam(db: Db): Map<number | null, number> {
  const rows = checkedRows(
    z.object({ examId: z.number().int().nullable(), n: z.number().int() }),
    db.prepare(`SELECT exam_id AS examId, COUNT(*) AS n FROM batches WHERE status IN ('draft', 'ready') GROUP BY exam_id`).all(),
  );
  return new Map(rows.map((r) => [r.examId, r.n]));
}

export function getBatch(db: Db, id: string): BatchSummary | undefined {
  return checkedRow(batchSummaryRow, db.prepare(`${SELECT} WHERE b.id = ?`).get(id));
}

/**
 * By UUID or by the batch number the clerk sees (XZZF…): the CLI's --batch and the window's batch
 * argument take either.
 */
export function findBatch(db: Db, idOrNumber: string): BatchSummary | undefined {
  return checkedRow(batchSummaryRow, db.prepare(`${SELECT} WHERE b.id = ? OR b.number = ? ORDER BY b.id = ? DESC LIMIT 1`).get(idOrNumber, idOrNumber, idOrNumber));
}

/** Newest first, as the manual's table lists them. */
export function listBatches(db: Db): BatchSummary[] {
  return checkedRows(batchSummaryRow, db.prepare(`${SELECT} ORDER BY b.created_at DESC, b.number DESC`).all());
}

/** An open batch already made from exactly this file (same bytes), of the given kind if one is given. */
export function findOpenBatchBySource(db: Db, sha256: string, kind?: BatchKind): BatchSummary | undefined {
  return checkedRow(
    batchSummaryRow,
    db.prepare(`${SELECT} WHERE b.source_sha256 = ? AND (? IS NULL OR b.kind = ?) AND b.status <> 'closed' ORDER BY b.created_at LIMIT 1`).get(sha256, kind ?? null, kind ?? null),
  );
}

export function touchBatch(db: Db, id: string, at: Date): void {
  db.prepare('UPDATE batches SET updated_at = ? WHERE id = ?').run(localIso(at), id);
}

export function setBatchStatus(db: Db, id: string, status: BatchStatus, at: Date): void {
  db.prepare('UPDATE batches SET status = ?, updated_at = ? WHERE id = ?').run(status, localIso(at), id);
}

/** The file a batch was re-imported from (问题清单): its name and bytes' SHA-256. */
export function setBatchSource(db: Db, id: string, sourceFile: string, sourceSha256: string): void {
  db.prepare('UPDATE batches SET source_file = ?, source_sha256 = ? WHERE id = ?').run(sourceFile, sourceSha256, id);
}
