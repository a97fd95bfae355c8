import { z } from 'zod';
import { batchKindSchema, personFieldsSchema } from '../domain/person.js';
import { evidenceKindSchema } from '../domain/evidence.js';
import { issueSchema } from '../domain/issue.js';
import { cleanLine } from '../rules/text.js';
import { displayFileNameSchema, isoDateTimeSchema, reviewStepSchema, sha256Schema } from './sync-common.js';

/**
 * Batches (DESIGN.md, "Sync"): the desktop sends a ready batch under the UUID it made, with every
 * person in normal form and the SHA-256 of every file it names. The server checks every row again with
 * the same src-shared rules before it keeps anything.
 *
 *   PUT /api/v1/batches/:batchId   body BatchPutRequest  -> BatchPutResponse
 *       201 created; 200 unchanged (the same content again) or resubmitted (returned people changed);
 *       422 batch.invalid_rows (error.rows says which people and why) or batch.missing_blobs
 *       (error.missingBlobs lists what to upload first); 409 batch.conflict. Nothing is kept on error.
 *   HEAD /api/v1/batches/:batchId  -> 200 with `ETag: "<batchContentSha256 of the content last accepted>"`
 *       when the caller's unit has the batch (no ETag for a batch not sent since the server began
 *       keeping the hash: push it), else 404; 400 for an id that is not a UUID. One indexed look-up, so
 *       the desktop can ask "is the server's copy mine?" often instead of pushing the whole batch.
 *   GET /api/v1/batches/:batchId   -> BatchView (the caller's unit's batch only; else 404)
 */

/** The desktop's stable name for a person within a batch (its local row id); letters, digits, - and _. */
export const personKeySchema = z
  .string({ error: '人员编号缺失。' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, '人员编号只能由 1–64 位字母、数字、- 和 _ 组成，请升级报名助手到最新版本后重试。');

const MAX_FIELD = 200;
const fieldText = z.string().max(MAX_FIELD, `字段内容太长（最多 ${MAX_FIELD} 个字符），请检查。`);

/** Every template field as text in the form the template asks for ('' when empty). */
export const batchPersonFieldsSchema = personFieldsSchema.extend(
  Object.fromEntries(Object.keys(personFieldsSchema.shape).map((k) => [k, fieldText])) as Record<keyof typeof personFieldsSchema.shape, typeof fieldText>,
);

export const batchPersonSchema = z.object({
  key: personKeySchema,
  fields: batchPersonFieldsSchema,
  /** The person's head photo; every person needs one. */
  photo: z.object({ sha256: sha256Schema, fileName: displayFileNameSchema }).nullable(),
  /**
   * Send a returned (rejected) person for review again (the clerk's 重新提交), changed or not (the
   * comment may have asked for evidence, added to the batch). Without it a returned person stays
   * returned whatever the row says: a push of the batch for someone else never takes along another
   * returned person's half-done fix. Ignored for people who are not returned, so a retry is harmless.
   */
  resubmit: z.boolean().optional(),
});
export type BatchPerson = z.infer<typeof batchPersonSchema>;

export const batchEvidenceSchema = z.object({
  sha256: sha256Schema,
  kind: evidenceKindSchema,
  fileName: displayFileNameSchema,
});
export type BatchEvidence = z.infer<typeof batchEvidenceSchema>;

/** Upper bounds that keep one request reasonable; the JSON body limit applies as well. */
export const BATCH_MAX_PERSONS = 5000;
export const BATCH_MAX_EVIDENCE = 50;

const personsListChecks = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .min(1, '批次里没有人员，不能提交。')
    .max(BATCH_MAX_PERSONS, `一个批次最多 ${BATCH_MAX_PERSONS} 人，请分成几个批次提交。`);

const batchPutShape = {
  kind: batchKindSchema,
  /** 行政执法人员2024-01-1601批次 */
  // Free text: bidi overrides, zero-width and control characters removed (the shared text rule).
  name: z.string({ error: '批次名称缺失。' }).transform(cleanLine).pipe(z.string().min(1, '批次名称不能为空。').max(100, '批次名称太长（最多 100 个字符）。')),
  /** XZZF20240116-210856 */
  number: z.string({ error: '批次编号缺失。' }).transform(cleanLine).pipe(z.string().min(1, '批次编号不能为空。').max(64, '批次编号太长（最多 64 个字符）。')),
  /** 采集时间 on the desktop. */
  createdAt: isoDateTimeSchema,
  /** The rules version the desktop checked with (for support; the server checks with its own). */
  rulesVersion: z.string().max(64),
  persons: personsListChecks(batchPersonSchema),
  evidence: z.array(batchEvidenceSchema).max(BATCH_MAX_EVIDENCE, `一个批次最多 ${BATCH_MAX_EVIDENCE} 个佐证资料文件。`),
  /**
   * The exam task (GET /reference's exams) the batch registers for. Optional so that desktops from
   * before issue 19 keep working: without it the server takes the one exam open for 报名, if exactly
   * one is (see src-server/exams/exam-gate.ts). Fixed once the batch is accepted; not part of the
   * content hash (it never changes after the first push).
   */
  examId: z.number({ error: '考试编号应为正整数。' }).int('考试编号应为正整数。').positive('考试编号应为正整数。').optional(),
};

/** What only the whole batch can show: a person key or an evidence file twice. */
export function batchPutProblems(b: { persons: ReadonlyArray<{ key: string }>; evidence: ReadonlyArray<{ sha256: string; fileName: string }> }): Array<{ path: Array<string | number>; message: string }> {
  const out: Array<{ path: Array<string | number>; message: string }> = [];
  const seen = new Set<string>();
  b.persons.forEach((p, i) => {
    if (seen.has(p.key)) out.push({ path: ['persons', i, 'key'], message: `人员编号 ${p.key} 在批次中出现了两次，请升级报名助手到最新版本后重试。` });
    seen.add(p.key);
  });
  const files = new Set<string>();
  b.evidence.forEach((e, i) => {
    if (files.has(e.sha256)) out.push({ path: ['evidence', i, 'sha256'], message: `佐证资料“${e.fileName}”在批次中出现了两次，请删掉重复的一份。` });
    files.add(e.sha256);
  });
  return out;
}

export const batchPutRequestSchema = z.object(batchPutShape).superRefine((b, ctx) => {
  for (const p of batchPutProblems(b)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
});
export type BatchPutRequest = z.infer<typeof batchPutRequestSchema>;

/**
 * batchPutRequestSchema with the people left unchecked: the server checks the envelope with this,
 * then each person with batchPersonSchema a slice at a time (a 5,000-person batch takes 100 ms and
 * more to check in one go), then batchPutProblems: the same result as batchPutRequestSchema.
 */
export const batchPutEnvelopeSchema = z.object({ ...batchPutShape, persons: personsListChecks(z.unknown()) });

/**
 * A person's standing on the server, named like the desktop's statuses: submitted (waiting for the
 * first review), county_approved (passed the county, waiting for the city), approved (final: a study
 * account exists), rejected (returned to the unit with a comment; fix and send again).
 */
export const serverPersonStatusSchema = z.enum(['submitted', 'county_approved', 'approved', 'rejected']);
export type ServerPersonStatus = z.infer<typeof serverPersonStatusSchema>;

export const batchPersonStateSchema = z.object({
  key: z.string(),
  /** 1 for the first submission; each resubmission after a rejection adds one. */
  version: z.number().int().positive(),
  status: serverPersonStatusSchema,
  /** Who reviews next (null once approved or rejected). */
  pendingAt: reviewStepSchema.nullable(),
  /** The server's own findings for this version: warnings and what it put in normal form. */
  issues: z.array(issueSchema),
});
export type BatchPersonState = z.infer<typeof batchPersonStateSchema>;

export const batchPutResponseSchema = z.object({
  batchId: z.string(),
  /** created: first time; unchanged: the same content again; resubmitted: returned people sent again. */
  result: z.enum(['created', 'unchanged', 'resubmitted']),
  /** The keys of the people who became a new version in this request. */
  resubmitted: z.array(z.string()),
  receivedAt: z.string(),
  persons: z.array(batchPersonStateSchema),
});
export type BatchPutResponse = z.infer<typeof batchPutResponseSchema>;

export const batchViewSchema = z.object({
  batchId: z.string(),
  kind: batchKindSchema,
  name: z.string(),
  number: z.string(),
  receivedAt: z.string(),
  updatedAt: z.string(),
  persons: z.array(batchPersonStateSchema),
  evidence: z.array(batchEvidenceSchema),
});
export type BatchView = z.infer<typeof batchViewSchema>;

export const batchIdParamsSchema = z.object({
  batchId: z
    .string()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, '批次编号应为报名助手生成的 UUID（如 0f8fad5b-d9cb-469f-a165-70867728950e），请检查地址。'),
});

/** One person the server refused, in the answer to a refused batch (error.rows). */
export const rowProblemSchema = z.object({
  key: z.string(),
  name: z.string(),
  idNumber: z.string(),
  issues: z.array(issueSchema),
});
export type RowProblem = z.infer<typeof rowProblemSchema>;
