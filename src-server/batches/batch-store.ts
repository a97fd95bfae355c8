import { z } from 'zod';
import {
  jurisdictionKindSchema,
  provinceKind,
  reviewLevelSchema,
  serverPersonStatusSchema,
  type BatchPersonState,
  type BatchPutRequest,
  type BatchPutResponse,
  type BatchView,
  type RowProblem,
} from '../../src-shared/contract/sync-api.js';
import { batchKindSchema } from '../../src-shared/domain/person.js';
import { evidenceKindSchema } from '../../src-shared/domain/evidence.js';
import { jsonColumn } from '../../src-node/sqlite-store.js';
import { issueSchema } from '../../src-shared/domain/issue.js';
import { all, get, run, transaction, value, type Sql } from '../db/sql.js';
import { chunks, marks } from '../db/chunks.js';
import { recordAudit } from '../db/audit.js';
import { ApiError } from '../errors.js';
import { reviewStagesFor, type ReviewStage } from '../review/review-stages.js';
import { hasRowErrors, type CheckedPerson } from './check-persons.js';
import { photoBlobIssues, type StoredBlob } from './check-photo-blob.js';
import type { PhotoSpec } from '../../src-shared/photo-spec.js';
import { fileNameForMime } from '../../src-shared/file-names.js';
import type { ExamGate } from '../exams/exam-gate.js';
import { markExamCategoryMismatches } from '../exams/exam-category-check.js';

/** The unit account sending a batch. */
export interface Submitter {
  userId: number;
  username: string;
  unitId: number;
  ip: string;
}

const storedBatchRow = z.object({
  id: z.string(),
  unitId: z.number(),
  kind: batchKindSchema,
  name: z.string(),
  number: z.string(),
  receivedAt: z.string(),
  updatedAt: z.string(),
  examId: z.number().int().nullable(),
});
type StoredBatch = z.infer<typeof storedBatchRow>;

const storedPersonRow = z.object({
  id: z.number(),
  key: z.string(),
  version: z.number(),
  status: serverPersonStatusSchema,
  pendingLevel: reviewLevelSchema.nullable(),
  pendingJurisdiction: z.string().nullable(),
  pendingKind: jurisdictionKindSchema.nullable(),
  contentSha256: z.string(),
  issues: jsonColumn(z.array(issueSchema)),
});
type StoredPerson = z.infer<typeof storedPersonRow>;

const storedEvidenceRow = z.object({ sha256: z.string(), kind: evidenceKindSchema, fileName: z.string() });

const storedBlobRow = z.object({ mime: z.string(), size: z.number(), width: z.number().nullable(), height: z.number().nullable() }) satisfies z.ZodType<StoredBlob>;

function getBatch(db: Sql, id: string): Promise<StoredBatch | undefined> {
  return get(
    db,
    storedBatchRow,
    'SELECT id, unit_id AS "unitId", kind, name, number, received_at AS "receivedAt", updated_at AS "updatedAt", exam_id AS "examId" FROM batches WHERE id = ?',
    [id],
  );
}

function getPersons(db: Sql, batchId: string): Promise<StoredPerson[]> {
  return all(
    db,
    storedPersonRow,
    `SELECT p.id, p.person_key AS key, p.version, p.status, p.pending_level AS "pendingLevel", j.name AS "pendingJurisdiction", j.kind AS "pendingKind",
            v.content_sha256 AS "contentSha256", v.issues_json AS issues
     FROM persons p
     JOIN person_versions v ON v.person_id = p.id AND v.version = p.version
     LEFT JOIN jurisdictions j ON j.id = p.pending_jurisdiction_id
     WHERE p.batch_id = ? ORDER BY p.id`,
    [batchId],
  );
}

function stateOf(p: StoredPerson): BatchPersonState {
  return {
    key: p.key,
    version: p.version,
    status: p.status,
    pendingAt: p.pendingLevel && p.pendingJurisdiction ? { level: p.pendingLevel, jurisdiction: p.pendingJurisdiction, ...provinceKind(p.pendingKind) } : null,
    issues: p.issues,
  };
}

/** The issues worth keeping with a version: the server's warnings and repairs (errors were refused). */
function keptIssues(p: CheckedPerson): string {
  return JSON.stringify(p.issues.filter((i) => i.severity !== 'error'));
}

function problem(p: CheckedPerson): RowProblem {
  return { key: p.key, name: p.fields.name, idNumber: p.fields.idNumber, issues: p.issues };
}

/**
 * The same ID already sent by this unit in another batch of the same kind and not returned: a second
 * registration of one person. (Across units the same ID is a matter for the reviewers.)
 */
async function crossBatchDuplicates(db: Sql, unitId: number, batchId: string, kind: string, persons: readonly CheckedPerson[]): Promise<void> {
  const ids = [...new Set(persons.map((p) => p.fields.idNumber).filter((id) => id !== ''))];
  const otherBatch = new Map<string, string>();
  for (const chunk of chunks(ids)) {
    const rows = await all(
      db,
      z.object({ idNumber: z.string(), number: z.string() }),
      `SELECT p.id_number AS "idNumber", b.number FROM persons p JOIN batches b ON b.id = p.batch_id
       WHERE p.unit_id = ? AND p.kind = ? AND p.status <> 'rejected' AND p.batch_id <> ? AND p.id_number IN (${marks(chunk.length)})
       ORDER BY p.id`,
      [unitId, kind, batchId, ...chunk],
    );
    for (const r of rows) if (!otherBatch.has(r.idNumber)) otherBatch.set(r.idNumber, r.number);
  }
  for (const p of persons) {
    if (!p.fields.idNumber) continue;
    const other = otherBatch.get(p.fields.idNumber);
    if (other !== undefined) {
      p.issues.push({
        field: 'idNumber', code: 'id.duplicate', severity: 'error', value: p.fields.idNumber,
        message: `身份证号 ${p.fields.idNumber} 已在本单位的批次 ${other} 中报名（正在审核或已通过），同一人不能重复报名。请在报名助手的人员列表中点此人那一行的“删除”，然后再提交。`,
      });
    }
  }
}

/**
 * Files the batch names that this unit has not uploaded; and each photo against the spec in force,
 * by what was recorded at upload (a PDF named as a photo is caught here, by the type in its bytes).
 */
async function checkFiles(db: Sql, unitId: number, persons: readonly CheckedPerson[], evidence: BatchPutRequest['evidence'], spec: PhotoSpec): Promise<string[]> {
  const named = [...new Set([...persons.flatMap((p) => (p.photo ? [p.photo.sha256] : [])), ...evidence.map((e) => e.sha256)])];
  const owned = new Map<string, StoredBlob>();
  for (const chunk of chunks(named)) {
    const rows = await all(
      db,
      storedBlobRow.extend({ sha256: z.string() }),
      `SELECT b.sha256, b.mime, b.size, b.width, b.height FROM blob_owners o JOIN blobs b ON b.sha256 = o.sha256
       WHERE o.unit_id = ? AND o.sha256 IN (${marks(chunk.length)})`,
      [unitId, ...chunk],
    );
    for (const { sha256, ...blob } of rows) owned.set(sha256, blob);
  }
  const missing = new Set<string>();
  for (const p of persons) {
    if (!p.photo) continue;
    const blob = owned.get(p.photo.sha256);
    if (!blob) missing.add(p.photo.sha256);
    else p.issues.push(...photoBlobIssues(blob, spec, p.photo.fileName));
  }
  for (const e of evidence) if (!owned.has(e.sha256)) missing.add(e.sha256);
  return [...missing];
}

/** A refusal lists at most this many people in error.rows ... */
export const REFUSED_ROWS_LISTED = 500;
/** ... and at most this many bytes of them (the whole answer stays well under 1 MB). */
export const REFUSED_ROWS_BYTES = 512 * 1024;

function refuseRows(bad: CheckedPerson[]): never {
  const first = bad[0]!;
  const firstError = first.issues.find((i) => i.severity === 'error')!;
  const rows: RowProblem[] = [];
  let bytes = 0;
  for (const p of bad) {
    if (rows.length >= REFUSED_ROWS_LISTED) break;
    const row = problem(p);
    bytes += Buffer.byteLength(JSON.stringify(row));
    if (bytes > REFUSED_ROWS_BYTES && rows.length > 0) break;
    rows.push(row);
  }
  const omitted = bad.length - rows.length;
  const firstName = first.fields.name || first.key;
  throw new ApiError(
    422,
    'batch.invalid_rows',
    `批次中有 ${bad.length} 人未通过服务器检查，整个批次没有保存。例如 ${firstName.length > 20 ? `${firstName.slice(0, 20)}…` : firstName}：${firstError.message}` +
      (omitted > 0 ? `（这里列出了前 ${rows.length} 人的问题，另有 ${omitted} 人未列出：请先改正列出的人员再提交，服务器会再检查其余的人。）` : ''),
    {},
    { rows, ...(omitted > 0 ? { rowsOmitted: omitted } : {}) },
  );
}

function refuseMissing(missing: string[]): never {
  throw new ApiError(
    422,
    'batch.missing_blobs',
    `批次用到的 ${missing.length} 个文件（照片或佐证资料）服务器上还没有，批次没有保存。报名助手会先上传这些文件再重新提交。`,
    {},
    { missingBlobs: missing },
  );
}

function conflict(message: string): never {
  throw new ApiError(409, 'batch.conflict', message);
}

export interface SubmitArgs {
  batchId: string;
  request: BatchPutRequest;
  persons: CheckedPerson[];
  submitter: Submitter;
  reviewStages: 1 | 2;
  photoSpec: PhotoSpec;
  now: Date;
  /**
   * `batchContentSha256(request)`, computed by the caller outside the transaction (hashing 5,000
   * people is not work to do inside the transaction). Kept on the batch whenever the request
   * succeeds, so HEAD /batches/:id tells the desktop whether its copy is the one the server has.
   */
  contentSha256: string;
  /** Whether the exam's windows let this batch in (new people: 报名; returned people: 资格审核). */
  examGate: ExamGate;
}

/**
 * Keeps a batch, or says why not, in one transaction: the first request for an id creates it; the
 * same content again changes nothing; returned people sent again become a new version; any other
 * difference is a conflict. Two identical requests at the same moment are serialised by the
 * transaction, so the second finds the first's batch and answers "unchanged" (on PostgreSQL the one
 * that lost the race is run again and finds it so). Nothing in it but the database: the people's
 * issues it adds are recomputed from `a.persons` as checked, on every run.
 */
export function submitBatch(db: Sql, a: SubmitArgs): Promise<{ status: 200 | 201; body: BatchPutResponse }> {
  const at = a.now.toISOString();
  return transaction(db, async (t) => {
    // A run works on its own copy of the people: a run PostgreSQL repeats starts from the same issues.
    const attempt: SubmitArgs = { ...a, persons: a.persons.map((p) => ({ ...p, issues: [...p.issues] })) };
    const existing = await getBatch(t, a.batchId);
    if (existing && existing.unitId !== a.submitter.unitId) {
      conflict('这个批次编号已被使用，不能提交。请在报名助手里新建批次后再提交；如果一直出现，请联系管理员。');
    }
    const stages = await reviewStagesFor(t, a.submitter.unitId, a.reviewStages);
    if (!existing) return create(t, attempt, stages, at);
    return update(t, attempt, existing, stages, at);
  });
}

/**
 * The name a photo or evidence file is kept (and later served) under: the sent name cleaned, ending in
 * the extension of what its bytes are (`说明.bat` holding a PDF is kept as `说明.pdf`).
 */
function storedFileName(mimes: ReadonlyMap<string, string>, sha256: string, fileName: string): string {
  const mime = mimes.get(sha256);
  return mime !== undefined ? fileNameForMime(fileName, mime) : fileName;
}

/** The recorded type of each of these files (those with a blobs row), for {@link storedFileName}. */
async function mimesOf(db: Sql, sha256s: readonly string[]): Promise<Map<string, string>> {
  const mimes = new Map<string, string>();
  for (const chunk of chunks([...new Set(sha256s)])) {
    const rows = await all(db, z.object({ sha256: z.string(), mime: z.string() }), `SELECT sha256, mime FROM blobs WHERE sha256 IN (${marks(chunk.length)})`, chunk);
    for (const r of rows) mimes.set(r.sha256, r.mime);
  }
  return mimes;
}

/** The files a request's people and evidence name. */
function namedFiles(persons: readonly CheckedPerson[], evidence: BatchPutRequest['evidence']): string[] {
  return [...persons.flatMap((p) => (p.photo ? [p.photo.sha256] : [])), ...evidence.map((e) => e.sha256)];
}

const VERSION_COLUMNS = 'person_id, version, fields_json, photo_sha256, photo_file_name, content_sha256, issues_json, submitted_by, submitted_at';

function versionValues(personId: number, version: number, p: CheckedPerson, a: SubmitArgs, at: string, mimes: ReadonlyMap<string, string>): unknown[] {
  return [personId, version, JSON.stringify(p.fields), p.photo!.sha256, storedFileName(mimes, p.photo!.sha256, p.photo!.fileName), p.contentSha256, keptIssues(p), a.submitter.userId, at];
}

async function insertVersion(db: Sql, personId: number, version: number, p: CheckedPerson, a: SubmitArgs, at: string, mimes: ReadonlyMap<string, string>): Promise<void> {
  await run(db, `INSERT INTO person_versions (${VERSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, versionValues(personId, version, p, a, at, mimes));
}

/**
 * A new batch's people, each with its first version: a few hundred rows per statement (a 5,000-person
 * batch is ten round trips to PostgreSQL for each table, not 5,000), the new ids matched back by key.
 */
async function insertNewPersons(db: Sql, a: SubmitArgs, first: ReviewStage, at: string, mimes: ReadonlyMap<string, string>): Promise<void> {
  for (const chunk of chunks(a.persons)) {
    const rows = await all(
      db,
      z.object({ id: z.number(), key: z.string() }),
      `INSERT INTO persons (batch_id, unit_id, person_key, kind, version, id_number, name, status, pending_jurisdiction_id, pending_level, updated_at, arrived_at)
       VALUES ${chunk.map(() => "(?, ?, ?, ?, 1, ?, ?, 'submitted', ?, ?, ?, ?)").join(', ')}
       RETURNING id, person_key AS key`,
      chunk.flatMap((p) => [a.batchId, a.submitter.unitId, p.key, a.request.kind, p.fields.idNumber, p.fields.name, first.jurisdictionId, first.level, at, at]),
    );
    const idOf = new Map(rows.map((r) => [r.key, r.id]));
    await run(
      db,
      `INSERT INTO person_versions (${VERSION_COLUMNS}) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((p) => versionValues(idOf.get(p.key)!, 1, p, a, at, mimes)),
    );
  }
}

async function insertEvidence(db: Sql, batchId: string, evidence: BatchPutRequest['evidence'], at: string, mimes: ReadonlyMap<string, string>): Promise<void> {
  for (const e of evidence) {
    await run(db, 'INSERT INTO batch_evidence (batch_id, sha256, kind, file_name, added_at) VALUES (?, ?, ?, ?, ?)', [batchId, e.sha256, e.kind, storedFileName(mimes, e.sha256, e.fileName), at]);
  }
}

async function create(db: Sql, a: SubmitArgs, stages: ReviewStage[], at: string): Promise<{ status: 201; body: BatchPutResponse }> {
  const r = a.request;
  // First: a closed 报名 window is the answer whatever the rows hold.
  const examId = await a.examGate.forNewBatch(db);
  await markExamCategoryMismatches(db, examId, a.persons);
  await crossBatchDuplicates(db, a.submitter.unitId, a.batchId, r.kind, a.persons);
  let bad = a.persons.filter(hasRowErrors);
  if (bad.length > 0) refuseRows(bad);
  const missing = await checkFiles(db, a.submitter.unitId, a.persons, r.evidence, a.photoSpec);
  if (missing.length > 0) refuseMissing(missing);
  bad = a.persons.filter(hasRowErrors);
  if (bad.length > 0) refuseRows(bad);

  await run(
    db,
    `INSERT INTO batches (id, unit_id, kind, name, number, created_at, rules_version, submitted_by, received_at, updated_at, content_sha256, exam_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [a.batchId, a.submitter.unitId, r.kind, r.name, r.number, r.createdAt, r.rulesVersion, a.submitter.userId, at, at, a.contentSha256, examId],
  );
  const first = stages[0]!;
  const mimes = await mimesOf(db, namedFiles(a.persons, r.evidence));
  await insertNewPersons(db, a, first, at, mimes);
  await insertEvidence(db, a.batchId, r.evidence, at, mimes);
  await recordAudit(db, {
    at: a.now, actorUserId: a.submitter.userId, actor: a.submitter.username, action: 'batch.submit', entity: 'batch', entityId: a.batchId,
    detail: { number: r.number, persons: a.persons.length, evidence: r.evidence.length, unitId: a.submitter.unitId }, ip: a.submitter.ip,
  });
  // What was just written, without reading 5,000 rows back inside the transaction.
  const persons = a.persons.map(
    (p): BatchPersonState => ({
      key: p.key,
      version: 1,
      status: 'submitted',
      pendingAt: { level: first.level, jurisdiction: first.jurisdictionName, ...provinceKind(first.kind) },
      issues: p.issues.filter((i) => i.severity !== 'error'),
    }),
  );
  return { status: 201, body: { batchId: a.batchId, result: 'created', resubmitted: [], receivedAt: at, persons } };
}

async function update(db: Sql, a: SubmitArgs, existing: StoredBatch, stages: ReviewStage[], at: string): Promise<{ status: 200; body: BatchPutResponse }> {
  const r = a.request;
  const label = `批次 ${existing.number}`;
  if (r.kind !== existing.kind || r.name !== existing.name || r.number !== existing.number) {
    conflict(`${label}已经提交，批次的类别、名称和编号不能再改。要提交不同的内容，请新建一个批次。`);
  }
  // The exam is fixed when the batch is accepted (a batch from before exam tasks has none and keeps none).
  if (r.examId !== undefined && existing.examId !== null && r.examId !== existing.examId) {
    conflict(`${label}已经提交，所报的考试不能再改。要报另一个考试，请新建一个批次。`);
  }
  const stored = await getPersons(db, a.batchId);
  const byKey = new Map(stored.map((p) => [p.key, p]));
  const added = a.persons.filter((p) => !byKey.has(p.key));
  if (added.length > 0) {
    conflict(`${label}已经提交，不能再往里加人（${added.map((p) => p.fields.name || p.key).slice(0, 5).join('、')}）。请把新增人员放进一个新批次提交。`);
  }
  const sentKeys = new Set(a.persons.map((p) => p.key));
  const dropped = stored.filter((p) => !sentKeys.has(p.key));
  if (dropped.length > 0) conflict(`${label}已经提交，不能从中删掉人员（共 ${dropped.length} 人）。被退回又不再报名的人员，留在批次里不再提交即可。`);

  const resubmit: CheckedPerson[] = [];
  for (const p of a.persons) {
    const s = byKey.get(p.key)!;
    const changed = s.contentSha256 !== p.contentSha256;
    // A returned person goes out again only when the clerk said so (重新提交 sets the flag): edits saved
    // on the desktop but not sent yet ride along in any push of the batch and are ignored here.
    if (s.status === 'rejected') {
      if (p.resubmit) resubmit.push(p);
    } else if (changed) {
      const where = s.status === 'approved' ? '已审核通过' : '正在审核中';
      conflict(`${label}中的 ${p.fields.name || p.key} ${where}，信息不能再改。只有被退回的人员可以修改后重新提交。`);
    }
  }

  const storedEvidence = await all(
    db,
    z.object({ sha256: z.string(), kind: z.string(), fileName: z.string() }),
    'SELECT sha256, kind, file_name AS "fileName" FROM batch_evidence WHERE batch_id = ? ORDER BY added_at, sha256',
    [a.batchId],
  );
  const evidenceByHash = new Map(storedEvidence.map((e) => [e.sha256, e]));
  const sentEvidence = new Set(r.evidence.map((e) => e.sha256));
  for (const e of storedEvidence) {
    if (!sentEvidence.has(e.sha256)) conflict(`${label}已经提交，已提交的佐证资料“${e.fileName}”不能删除。`);
  }
  const evidenceMimes = await mimesOf(db, r.evidence.map((e) => e.sha256));
  for (const e of r.evidence) {
    const s = evidenceByHash.get(e.sha256);
    // Kept under the name with its real extension: the same name sent again is the same name.
    if (s && (s.kind !== e.kind || (s.fileName !== e.fileName && s.fileName !== storedFileName(evidenceMimes, e.sha256, e.fileName)))) conflict(`${label}已经提交，佐证资料“${s.fileName}”的类别和文件名不能再改。`);
  }
  const newEvidence = r.evidence.filter((e) => !evidenceByHash.has(e.sha256));
  if (newEvidence.length > 0 && resubmit.length === 0) {
    conflict(`${label}已经提交，只能在重新提交被退回的人员时补充佐证资料。`);
  }

  // Also for "unchanged": the same people can be sent in a form that hashes differently (a batch from
  // before migration 8 has no hash yet, a name the server cleaned), and HEAD should then match it.
  await setContentHash(db, a.batchId, a.contentSha256);
  if (resubmit.length === 0) {
    return { status: 200, body: { batchId: a.batchId, result: 'unchanged', resubmitted: [], receivedAt: existing.receivedAt, persons: stored.map(stateOf) } };
  }

  await a.examGate.forResubmission(db, existing.examId);
  await markExamCategoryMismatches(db, existing.examId, resubmit);
  await crossBatchDuplicates(db, a.submitter.unitId, a.batchId, r.kind, resubmit);
  let bad = resubmit.filter(hasRowErrors);
  if (bad.length > 0) refuseRows(bad);
  const missing = await checkFiles(db, a.submitter.unitId, resubmit, newEvidence, a.photoSpec);
  if (missing.length > 0) refuseMissing(missing);
  bad = resubmit.filter(hasRowErrors);
  if (bad.length > 0) refuseRows(bad);

  const first = stages[0]!;
  const mimes = await mimesOf(db, namedFiles(resubmit, newEvidence));
  for (const p of resubmit) {
    const s = byKey.get(p.key)!;
    const version = s.version + 1;
    await insertVersion(db, s.id, version, p, a, at, mimes);
    const changes = await run(
      db,
      `UPDATE persons SET version = ?, id_number = ?, name = ?, status = 'submitted', pending_jurisdiction_id = ?, pending_level = ?, updated_at = ?, arrived_at = ?
       WHERE id = ? AND status = 'rejected'`,
      [version, p.fields.idNumber, p.fields.name, first.jurisdictionId, first.level, at, at, s.id],
    );
    if (changes !== 1) throw new Error(`person ${s.id} was not rejected`);
    await recordAudit(db, {
      at: a.now, actorUserId: a.submitter.userId, actor: a.submitter.username, action: 'person.resubmit', entity: 'person', entityId: s.id,
      detail: { batchId: a.batchId, key: p.key, version }, ip: a.submitter.ip,
    });
  }
  await insertEvidence(db, a.batchId, newEvidence, at, mimes);
  await run(db, 'UPDATE batches SET updated_at = ? WHERE id = ?', [at, a.batchId]);
  return {
    status: 200,
    body: { batchId: a.batchId, result: 'resubmitted', resubmitted: resubmit.map((p) => p.key), receivedAt: existing.receivedAt, persons: (await getPersons(db, a.batchId)).map(stateOf) },
  };
}

async function setContentHash(db: Sql, batchId: string, contentSha256: string): Promise<void> {
  await run(db, 'UPDATE batches SET content_sha256 = ? WHERE id = ? AND content_sha256 <> ?', [contentSha256, batchId, contentSha256]);
}

/**
 * The content hash of the unit's own batch: '' for a batch stored before migration 8 and not sent
 * since; undefined when the unit has no such batch (another unit's batch is "not found" too). One
 * primary-key look-up: this answers the desktop's frequent "is it still the same?" question.
 */
export function batchContentHash(db: Sql, batchId: string, unitId: number): Promise<string | undefined> {
  return value(db, z.string(), 'SELECT content_sha256 FROM batches WHERE id = ? AND unit_id = ?', [batchId, unitId]);
}

/** The unit's own batch, or undefined (another unit's batch is "not found" too). */
export async function batchView(db: Sql, batchId: string, unitId: number): Promise<BatchView | undefined> {
  const b = await getBatch(db, batchId);
  if (!b || b.unitId !== unitId) return undefined;
  // As stored (the contract's name rules are for what a desktop sends, not for what was kept).
  const evidence = await all(db, storedEvidenceRow, 'SELECT sha256, kind, file_name AS "fileName" FROM batch_evidence WHERE batch_id = ? ORDER BY added_at, sha256', [batchId]);
  return {
    batchId: b.id, kind: b.kind, name: b.name, number: b.number, receivedAt: b.receivedAt, updatedAt: b.updatedAt,
    persons: (await getPersons(db, batchId)).map(stateOf), evidence,
  };
}
