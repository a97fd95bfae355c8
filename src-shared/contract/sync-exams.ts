import { z } from 'zod';
import { EXAM_STAGE_LABEL, EXAM_STAGES, chineseDay, type ExamStage } from '../exam-status.js';
import { cleanLine } from '../rules/text.js';
import { eligibilityRuleSchema } from '../training-eligibility.js';

/**
 * Exam tasks (考试任务; issue 19): what an administrator defines in the console and every desktop gets
 * with the reference data.
 *   GET  /api/v1/admin/exams                      every exam, newest 报名 first (at most EXAMS_LISTED)
 *   POST /api/v1/admin/exams                      add one                      -> ExamView
 *   PUT  /api/v1/admin/exams/:examId              change one (the whole task)  -> ExamView
 *   POST /api/v1/admin/exams/:examId/extend       move one window's end later, with a reason -> ExamView
 * Dates are China calendar dates (YYYY-MM-DD), both ends of a window included. The fee is whole yuan
 * per person (both notices give whole yuan; 200 元/人). 任务状态 is computed from the windows and the
 * server's clock (src-shared/exam-status.ts), never stored.
 * Errors: 400 request.invalid (what the input gets wrong, in Chinese), 404 not_found, 409 admin.conflict
 * (an exam of that name already exists).
 */

/** The console lists at most this many exams; GET /reference carries at most EXAMS_IN_REFERENCE. */
export const EXAMS_LISTED = 200;
export const EXAMS_IN_REFERENCE = 20;
/** Extensions shown per exam (the newest); the audit log keeps them all. */
export const EXTENSIONS_LISTED = 50;
export const EXAM_SITES_MAX = 60;

export const examStageSchema = z.enum(EXAM_STAGES, { error: `阶段只能是：${EXAM_STAGES.map((s) => `${s}（${EXAM_STAGE_LABEL[s]}）`).join('、')}。` });

/** A real calendar date in YYYY-MM-DD, years 2000–2099. */
export const chinaDateSchema = (what: string) =>
  z
    .string({ error: `请填写${what}。` })
    .regex(/^20\d\d-\d\d-\d\d$/, `${what}应写成 年-月-日（如 2026-09-18）。`)
    .refine((s) => {
      const [y, m, d] = s.split('-').map(Number) as [number, number, number];
      const t = new Date(Date.UTC(y, m - 1, d));
      return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
    }, `${what}不是日历上的日期（如 2月30日），请检查。`);

const windowSchema = (stage: ExamStage) =>
  z
    .object({ start: chinaDateSchema(`${EXAM_STAGE_LABEL[stage]}开始日期`), end: chinaDateSchema(`${EXAM_STAGE_LABEL[stage]}结束日期`) }, { error: `请填写${EXAM_STAGE_LABEL[stage]}的开始和结束日期。` })
    .refine((w) => w.start <= w.end, {
      message: `${EXAM_STAGE_LABEL[stage]}的结束日期早于开始日期，请检查。`,
    });

export const examWindowsSchema = z
  .object({
    registration: windowSchema('registration'),
    review: windowSchema('review').nullable(),
    payment: windowSchema('payment').nullable(),
    training: windowSchema('training').nullable(),
    admitCard: windowSchema('admitCard').nullable(),
    exam: windowSchema('exam'),
  })
  .superRefine((w, ctx) => {
    if (w.exam.start < w.registration.start) {
      ctx.addIssue({ code: 'custom', path: ['exam'], message: `考试日期（${chineseDay(w.exam.start)}）早于网络报名开始（${chineseDay(w.registration.start)}），请检查。` });
    }
  });
export type ExamWindowsInput = z.infer<typeof examWindowsSchema>;

const siteSchema = z.string().transform(cleanLine).pipe(z.string().min(1, '考点名称不能为空。').max(60, '考点名称太长（最多 60 个字），请检查。'));

export const examInputSchema = z.object({
  name: z
    .string({ error: '请填写考试名称。' })
    .transform(cleanLine)
    .pipe(z.string().min(2, '请填写考试名称（如 2026年度广西行政执法人员资格考试）。').max(100, '考试名称太长（最多 100 个字），请检查。')),
  /** A 考试类别 by its name in the code table (综合法律知识考试 …); checked against the server's table. */
  category: z.string({ error: '请选择考试类别。' }).trim().min(1, '请选择考试类别。').max(50, '考试类别太长，请从列表中选择。'),
  windows: examWindowsSchema,
  /** Whole yuan per person. */
  feeYuan: z.number({ error: '请填写每人的考试费（元）。' }).int('考试费请填整数元。').min(0, '考试费不能是负数。').max(100_000, '考试费太大（最多 100000 元/人），请检查。'),
  /** 考点: where the exam is sat (Guangxi: 14 city sites). */
  sites: z
    .array(siteSchema)
    .max(EXAM_SITES_MAX, `考点最多 ${EXAM_SITES_MAX} 个。`)
    .refine((s) => new Set(s).size === s.length, '考点有重复，请删掉重复的一个。'),
  /**
   * 打印准考证的培训要求 (学时, 模拟考试; src-shared/training-eligibility.ts). Optional: a new exam without it
   * gets the notice's 6 学时 / 1 次, a change without it keeps the exam's numbers.
   */
  eligibility: eligibilityRuleSchema.optional(),
  /**
   * 成绩合格确认公告 date (取证, Fujian note ⑥): certificates run five years from it. null until the
   * results are announced; not before the exam's first day (checked by the server). Left out of a
   * change, the exam keeps the date it has.
   */
  resultsAnnouncedOn: chinaDateSchema('成绩合格确认公告日期').nullable().optional(),
});
export type ExamInput = z.infer<typeof examInputSchema>;

export const examIdParamsSchema = z.object({
  examId: z.coerce.number({ error: '考试编号应为正整数。' }).int('考试编号应为正整数。').positive('考试编号应为正整数。'),
});

export const examExtendRequestSchema = z.object({
  stage: examStageSchema,
  /** The new last day (China date), later than the window's current end. */
  end: chinaDateSchema('新的截止日期'),
  reason: z
    .string({ error: '请填写延长的原因。' })
    .transform(cleanLine)
    .pipe(z.string().min(2, '请填写延长的原因（如 部分单位因系统故障未能按时报名）。').max(200, '原因太长（最多 200 个字），请精简。')),
});
export type ExamExtendRequest = z.infer<typeof examExtendRequestSchema>;

export const examExtensionSchema = z.object({
  stage: examStageSchema,
  fromEnd: z.string(),
  toEnd: z.string(),
  reason: z.string(),
  /** The administrator's user name. */
  by: z.string(),
  /** ISO 8601 (UTC). */
  at: z.string(),
});
export type ExamExtension = z.infer<typeof examExtensionSchema>;

export const examTaskStateSchema = z.object({
  code: z.string(),
  label: z.string(),
  activeStages: z.array(examStageSchema),
  stage: examStageSchema.nullable(),
  closes: z.object({ end: z.string(), daysLeft: z.number().int(), text: z.string() }).nullable(),
  opens: z.object({ start: z.string(), daysUntil: z.number().int(), text: z.string() }).nullable(),
});

const dateWindowView = z.object({ start: z.string(), end: z.string() });

/** What a desktop needs of an exam (GET /reference), and the console's row (with more below). */
export const examSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  category: z.string(),
  windows: z.object({
    registration: dateWindowView,
    review: dateWindowView.nullable(),
    payment: dateWindowView.nullable(),
    training: dateWindowView.nullable(),
    admitCard: dateWindowView.nullable(),
    exam: dateWindowView,
  }),
  feeYuan: z.number().int(),
  sites: z.array(z.string()),
  /** The training rule for printing the 准考证; optional only because a server from before it sends none. */
  eligibility: eligibilityRuleSchema.optional(),
  /** 成绩合格确认公告 date (取证), null until known; absent from a server (or a stored copy) from before it. */
  resultsAnnouncedOn: z.string().nullable().optional(),
  /** 任务状态 by the server's clock when answered; the desktop recomputes it with its own date. */
  state: examTaskStateSchema,
});
export type ExamSummary = z.infer<typeof examSummarySchema>;

export const examViewSchema = examSummarySchema.extend({
  /** Newest first, at most EXTENSIONS_LISTED. */
  extensions: z.array(examExtensionSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ExamView = z.infer<typeof examViewSchema>;

export const examListRequestSchema = z.object({}).optional();
export const examListResponseSchema = z.object({
  exams: z.array(examViewSchema),
  /** Today in China by the server's clock (YYYY-MM-DD): the date the states were computed for. */
  today: z.string(),
});
export type ExamListResponse = z.infer<typeof examListResponseSchema>;
