import { z } from 'zod';
import { batchKindSchema } from '../domain/person.js';
import { evidenceKindSchema } from '../domain/evidence.js';
import { issueSchema } from '../domain/issue.js';
import { batchPersonFieldsSchema, serverPersonStatusSchema } from './sync-batches.js';
import { jurisdictionKindSchema, reviewLevelSchema, reviewStepSchema, sha256Schema } from './sync-common.js';
import { batchPaymentViewSchema } from './sync-payments.js';

/**
 * Review (reviewers only; every answer is limited to the reviewer's jurisdiction):
 *   GET  /api/v1/review/batches                    every batch in scope with counts per status (also admins: all)
 *   GET  /api/v1/review/pending?batchId=&unitId=&round=&q=&limit=&after=
 *                                                  people waiting for this reviewer, a page at a time, with their batches
 *   GET  /api/v1/review/batches/:batchId/persons   a batch's people with where each stands (also admins: all)
 *   GET  /api/v1/review/persons/:personId          one person: fields, photo, evidence, history (also admins, read-only)
 *   GET  /api/v1/review/blobs/:sha256              a photo or evidence file of a person in the jurisdiction (also admins)
 *   POST /api/v1/review/decisions                  approve or reject one or many (all or nothing; reviewers only)
 * A person outside the jurisdiction is "not found", never "forbidden": its existence is not told.
 */

/** No filters yet: every batch in scope, newest first. */
export const reviewBatchesQuerySchema = z.object({});

/** One batch in the reviewer's queue summary. The five counts are of people; total = the other four. */
export const reviewBatchSummarySchema = z.object({
  batchId: z.string(),
  number: z.string(),
  name: z.string(),
  kind: batchKindSchema,
  unitId: z.number().int(),
  unitName: z.string(),
  /** The bureau the unit is under. */
  jurisdictionName: z.string(),
  /** When the batch first arrived. */
  submittedAt: z.string(),
  /** When it arrived or was last sent again (resubmitted people); decisions do not move it. */
  updatedAt: z.string(),
  total: z.number().int(),
  /** Waiting for this reviewer's bureau and level (always 0 for an administrator). */
  pendingHere: z.number().int(),
  /** Waiting for someone else: the county before the city, or the city after the county. */
  pendingElsewhere: z.number().int(),
  /** Final approval. */
  approved: z.number().int(),
  /** Returned to the unit and not yet sent again. */
  rejected: z.number().int(),
  /** Fees on only: the batch's 交费 (amount, 交费信息, 已交费), and the approved people waiting for it (待交费). */
  payment: batchPaymentViewSchema.extend({ awaitingPayment: z.number().int() }).optional(),
});
export type ReviewBatchSummary = z.infer<typeof reviewBatchSummarySchema>;

/** Newest first (by updatedAt, then submittedAt). */
export const reviewBatchesResponseSchema = z.object({ batches: z.array(reviewBatchSummarySchema) });
export type ReviewBatchesResponse = z.infer<typeof reviewBatchesResponseSchema>;

/** At most this many people in one answer; a batch always fits whole (a batch holds at most this many). */
export const REVIEW_PENDING_MAX = 5000;
/** The page the console asks for when no batch is chosen (and the answer without `limit`). */
export const REVIEW_PENDING_PAGE = 500;
/** A page's end as `after` takes it: the last row's arrival and person id (`2026-12-01T08:00:00.000Z|1234`). */
export const pendingCursorSchema = z
  .string()
  .max(80)
  .regex(/^[0-9T:.Z+-]{0,40}\|[1-9][0-9]{0,14}$/, { error: 'after 应为上一页末尾的位置（arrivedAt|personId），请从第一页重新读取。' });

export const reviewPendingQuerySchema = z.object({
  batchId: z.string().max(64).optional(),
  unitId: z.coerce.number({ error: 'unitId 应为单位编号（整数）。' }).int().positive().optional(),
  /** first: version 1 only; again: resubmitted (version 2 and later). */
  round: z.enum(['all', 'first', 'again'], { error: 'round 应为 all、first 或 again。' }).optional(),
  /** Part of a name, or the start of an ID number (case of a final X ignored). */
  q: z.string().trim().max(40, { error: '查找的文字最多 40 个字。' }).optional(),
  limit: z.coerce
    .number({ error: 'limit 应为整数（每页人数）。' })
    .int({ error: 'limit 应为整数（每页人数）。' })
    .min(1, { error: 'limit 应为每页人数，至少 1 人。' })
    .max(REVIEW_PENDING_MAX, { error: `limit 太大：每页最多 ${REVIEW_PENDING_MAX} 人。` })
    .optional(),
  after: pendingCursorSchema.optional(),
});
export type ReviewPendingQuery = z.infer<typeof reviewPendingQuerySchema>;

export const reviewListItemSchema = z.object({
  personId: z.number().int(),
  version: z.number().int(),
  batchId: z.string(),
  batchNumber: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  name: z.string(),
  idNumber: z.string(),
  gender: z.string(),
  agency: z.string(),
  status: serverPersonStatusSchema,
  submittedAt: z.string(),
  /**
   * When the person began waiting at this reviewer's level: the submission at the first level, the
   * lower level's approval at the next. The list is ordered by it (the longest waiting first), and a
   * row that arrived after `lastVisitAt` is new to this reviewer.
   */
  arrivedAt: z.string(),
  warningCount: z.number().int(),
});
export type ReviewListItem = z.infer<typeof reviewListItemSchema>;

export const reviewPendingBatchSchema = z.object({
  batchId: z.string(),
  number: z.string(),
  name: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  pending: z.number().int(),
  /** Where this reviewer's approval sends the batch's people: the next bureau, or null when it is final (study accounts are created). */
  afterApproval: reviewStepSchema.nullable(),
});
export type ReviewPendingBatch = z.infer<typeof reviewPendingBatchSchema>;

export const reviewPendingResponseSchema = z.object({
  /** The level this reviewer decides at. */
  level: reviewLevelSchema,
  /** Every batch with people waiting for this reviewer, whatever the filter (the filter's choices). */
  batches: z.array(reviewPendingBatchSchema),
  /** A page of the filter's people, the longest waiting first (then by person id); at most `limit` of `total`. */
  persons: z.array(reviewListItemSchema),
  /** How many match the filter (unit, batch, round, q) in all pages. */
  total: z.number().int(),
  /** `after` for the next page; null when this page is the last. */
  nextAfter: pendingCursorSchema.nullable(),
  /** This reviewer's previous visit (their last look at the list in an earlier sign-in); null the first time. */
  lastVisitAt: z.string().nullable(),
  /** Of `total`: arrived after lastVisitAt, first submissions and resubmissions (0 without a previous visit). */
  sinceLastVisit: z.object({ new: z.number().int(), resubmitted: z.number().int() }),
});
export type ReviewPendingResponse = z.infer<typeof reviewPendingResponseSchema>;

export const decisionViewSchema = z.object({
  version: z.number().int(),
  level: reviewLevelSchema,
  /** The kind of the jurisdiction that decided (names a department's or the province's step). */
  kind: jurisdictionKindSchema.optional(),
  result: z.enum(['approved', 'rejected']),
  comment: z.string(),
  reviewer: z.string(),
  decidedAt: z.string(),
});
export type DecisionView = z.infer<typeof decisionViewSchema>;

export const reviewPersonVersionSchema = z.object({
  version: z.number().int(),
  submittedAt: z.string(),
  submittedBy: z.string(),
  /** The row as this version sent it. */
  fields: batchPersonFieldsSchema,
  /** The photo this version sent (GET /review/blobs/:sha256 serves earlier ones too). */
  photoSha256: z.string(),
  /**
   * The field keys (FIELD_KEYS order) that differ from the version before; [] for version 1. `photo`
   * also when only the photo file itself changed, under the same file name.
   */
  changed: z.array(z.string()),
});
export type ReviewPersonVersion = z.infer<typeof reviewPersonVersionSchema>;

export const reviewPersonResponseSchema = z.object({
  personId: z.number().int(),
  key: z.string(),
  version: z.number().int(),
  status: serverPersonStatusSchema,
  pendingAt: reviewStepSchema.nullable(),
  /** Whether this reviewer may decide on the person now. */
  decidable: z.boolean(),
  batch: z.object({ batchId: z.string(), number: z.string(), name: z.string(), kind: batchKindSchema, unitId: z.number().int(), unitName: z.string() }),
  fields: batchPersonFieldsSchema,
  issues: z.array(issueSchema),
  photo: z.object({ sha256: z.string(), mime: z.string(), size: z.number().int() }).nullable(),
  evidence: z.array(z.object({ sha256: z.string(), kind: evidenceKindSchema, fileName: z.string(), mime: z.string(), size: z.number().int() })),
  decisions: z.array(decisionViewSchema),
  /** Every version sent, oldest first: what a resubmission changed. */
  versions: z.array(reviewPersonVersionSchema),
});
export type ReviewPersonResponse = z.infer<typeof reviewPersonResponseSchema>;

/** One person of a batch as the batch's list shows them (GET /review/batches/:batchId/persons). */
export const reviewBatchPersonSchema = z.object({
  personId: z.number().int(),
  version: z.number().int(),
  name: z.string(),
  idNumber: z.string(),
  status: serverPersonStatusSchema,
  pendingAt: reviewStepSchema.nullable(),
  /** When the current version arrived. */
  submittedAt: z.string(),
});
export type ReviewBatchPerson = z.infer<typeof reviewBatchPersonSchema>;

/** Every person of the batch (at most BATCH_MAX_PERSONS), in the order the unit sent them. */
export const reviewBatchPersonsResponseSchema = z.object({
  batch: z.object({ batchId: z.string(), number: z.string(), name: z.string(), unitName: z.string() }),
  persons: z.array(reviewBatchPersonSchema),
});
export type ReviewBatchPersonsResponse = z.infer<typeof reviewBatchPersonsResponseSchema>;

export const personIdParamsSchema = z.object({
  personId: z.coerce.number({ error: '人员编号应为整数。' }).int('人员编号应为整数。').positive('人员编号应为正整数。'),
});
export const reviewBlobParamsSchema = z.object({ sha256: sha256Schema });

export const REVIEW_MAX_ITEMS = 500;
export const REVIEW_COMMENT_MAX = 500;

export const decisionRequestSchema = z.object({
  /** Each person with the version the reviewer looked at: a newer version is not decided unseen. */
  items: z
    .array(z.object({ personId: z.number().int().positive(), version: z.number().int().positive() }))
    .min(1, '请至少选择一个人员。')
    .max(REVIEW_MAX_ITEMS, `一次最多审核 ${REVIEW_MAX_ITEMS} 人，请分几次操作。`),
  result: z.enum(['approved', 'rejected'], { error: '审核结果只能是通过（approved）或驳回（rejected）。' }),
  /** Required for a rejection: the unit reads it under 人员退回 and fixes what it says. */
  comment: z.string().trim().max(REVIEW_COMMENT_MAX, `审核意见太长（最多 ${REVIEW_COMMENT_MAX} 个字）。`).default(''),
});
export type DecisionRequest = z.input<typeof decisionRequestSchema>;

export const decisionResponseSchema = z.object({
  decided: z.array(
    z.object({
      personId: z.number().int(),
      version: z.number().int(),
      status: serverPersonStatusSchema,
      /** Set when this decision was the final approval. */
      studyAccount: z.object({ username: z.string() }).nullable(),
    }),
  ),
});
export type DecisionResponse = z.infer<typeof decisionResponseSchema>;
