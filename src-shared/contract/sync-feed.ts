import { z } from 'zod';
import { jurisdictionKindSchema, reviewLevelSchema } from './sync-common.js';
import { serverPersonStatusSchema } from './sync-batches.js';

/**
 * The change feed (units only): GET /api/v1/changes?since=<cursor>&limit=<n>. Everything the server
 * has for the caller's unit after the cursor, oldest first: review decisions, study accounts, study
 * records and exam scores. Start with since=0; keep `cursor` from each answer and ask again while
 * `more` is true. A cursor never goes back, so storing it after the changes are stored is safe.
 */

export const FEED_DEFAULT_LIMIT = 5000;
export const FEED_MAX_LIMIT = 20000;

export const changesQuerySchema = z.object({
  since: z
    .string({ error: '请用 since 参数给出上次同步到的位置（第一次同步用 0）。' })
    .regex(/^\d{1,15}$/, 'since 应为上次同步返回的 cursor（非负整数），第一次同步用 0。')
    .default('0'),
  limit: z.coerce
    .number({ error: 'limit 应为整数。' })
    .int('limit 应为整数。')
    .min(1, 'limit 至少为 1。')
    .max(FEED_MAX_LIMIT, `limit 最多为 ${FEED_MAX_LIMIT}。`)
    .default(FEED_DEFAULT_LIMIT),
});

const base = { seq: z.number().int(), at: z.string() };

export const decisionChangeSchema = z.object({
  ...base,
  type: z.literal('decision'),
  batchId: z.string(),
  personKey: z.string(),
  version: z.number().int(),
  idNumber: z.string(),
  name: z.string(),
  level: reviewLevelSchema,
  /** 'department' or 'province' when one of those decided (its step's name); absent for a judicial bureau. */
  kind: jurisdictionKindSchema.optional(),
  result: z.enum(['approved', 'rejected']),
  comment: z.string(),
  reviewer: z.string(),
  decidedAt: z.string(),
  /** The person's status after this decision. */
  status: serverPersonStatusSchema,
});

export const studyAccountChangeSchema = z.object({
  ...base,
  type: z.literal('study_account'),
  batchId: z.string(),
  personKey: z.string(),
  idNumber: z.string(),
  name: z.string(),
  /** 姓名 + 8-digit birth date, with a suffix on a clash (张三19900101, 张三199001012). */
  username: z.string(),
  /** Hand to the person; it must be changed at first login. */
  initialPassword: z.string(),
  createdAt: z.string(),
});

/** 人员学习记录 (the manual's 3.6), as the study platform exported it: text, as written. */
export const studyRecordSchema = z.object({
  phone: z.string(),
  region: z.string(),
  unitName: z.string(),
  updatedAt: z.string(),
  startedAt: z.string(),
  studyStatus: z.string(),
  endedAt: z.string(),
  examStatus: z.string(),
  examScore: z.string(),
  examFinishedAt: z.string(),
  /** The three 学习总时长 columns of the export, in order. */
  studyDurations: z.array(z.string()),
});
export type StudyRecord = z.infer<typeof studyRecordSchema>;

/** 人员考试成绩 (the manual's 四、考试信息管理), as exported: text, as written. */
export const examScoreSchema = z.object({
  phone: z.string(),
  region: z.string(),
  unitName: z.string(),
  updatedAt: z.string(),
  passed: z.string(),
  score: z.string(),
  duration: z.string(),
  attempts: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  syncedAt: z.string(),
});
export type ExamScore = z.infer<typeof examScoreSchema>;

export const studyRecordChangeSchema = z.object({ ...base, type: z.literal('study_record'), idNumber: z.string(), name: z.string(), record: studyRecordSchema });
export const examScoreChangeSchema = z.object({ ...base, type: z.literal('exam_score'), idNumber: z.string(), name: z.string(), score: examScoreSchema });

/**
 * 已开通网络培训 (fees on): the batch was marked paid and its approved people's study accounts were made
 * (each also comes as a study_account change). `count`: the accounts made by this marking.
 */
export const trainingOpenedChangeSchema = z.object({
  ...base,
  type: z.literal('training_opened'),
  batchId: z.string(),
  batchNumber: z.string(),
  count: z.number().int(),
  openedAt: z.string(),
});

export const changeSchema = z.discriminatedUnion('type', [decisionChangeSchema, studyAccountChangeSchema, studyRecordChangeSchema, examScoreChangeSchema, trainingOpenedChangeSchema]);
export type Change = z.infer<typeof changeSchema>;
export type ChangeType = Change['type'];
/** A change as written by the server, before it has a sequence number. */
export type ChangePayload = Change extends infer C ? (C extends Change ? Omit<C, 'seq' | 'at'> : never) : never;

export const changesResponseSchema = z.object({
  changes: z.array(changeSchema),
  /** Send as `since` next time. */
  cursor: z.string(),
  /** True when there is more after `cursor`: ask again straight away. */
  more: z.boolean(),
});
export type ChangesResponse = z.infer<typeof changesResponseSchema>;
