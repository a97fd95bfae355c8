import { z } from 'zod';
import { examTaskStateSchema } from './sync-exams.js';

/**
 * The exam tasks on the desktop (issue 19): what the server last sent with the reference data, kept in
 * the store, with 任务状态 and the 报名 deadline warnings computed by the desktop's own clock, so both are
 * right offline. Spread into DESKTOP_API; implemented in src-main/services/exam-tasks-handlers.ts.
 */

/** The exam a new batch registers for: chosen in the window when more than one is in 网络报名. */
export const examChoiceSchema = z.number({ error: '请选择考试。' }).int('请选择考试。').positive('请选择考试。').optional();

/** How many days before 网络报名 closes the desktop starts warning (the default)... */
export const DEADLINE_WARNING_DAYS = 3;
/** ...and the most the clerk may set in 同步设置 (0 turns the warning off). */
export const DEADLINE_WARNING_DAYS_MAX = 30;

export const warningDaysSchema = z
  .number({ error: '请填写提前提醒的天数（0 到 30 之间的整数）。' })
  .int('提前提醒的天数请填整数（0 到 30）。')
  .min(0, '提前提醒的天数不能小于 0；填 0 表示不提醒。')
  .max(DEADLINE_WARNING_DAYS_MAX, `提前提醒的天数最多 ${DEADLINE_WARNING_DAYS_MAX} 天。`);

/** What 选择考试 / 更改考试 of a batch did: its exam now, and whose 考试类别 does not fit it. */
export const batchExamChangeSchema = z.object({
  batchId: z.string(),
  batchNumber: z.string(),
  examId: z.number().int(),
  examName: z.string(),
  /** People in the clerk's hands (未提交, 已退回) checked against the exam's 考试类别 again. */
  rechecked: z.number().int(),
  /** Of them, those whose 考试类别 is not the exam's now (exam.category_mismatch). */
  mismatched: z.number().int(),
});
export type BatchExamChange = z.infer<typeof batchExamChangeSchema>;

const windowView = z.object({ start: z.string(), end: z.string() });

export const examTaskRowSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  category: z.string(),
  windows: z.object({
    registration: windowView,
    review: windowView.nullable(),
    payment: windowView.nullable(),
    training: windowView.nullable(),
    admitCard: windowView.nullable(),
    exam: windowView,
  }),
  feeYuan: z.number().int(),
  sites: z.array(z.string()),
  /** 任务状态 on the desktop's today. */
  state: examTaskStateSchema,
  /** The whole span: the first window's start and the last window's end (the manual's 开始时间, 结束时间). */
  start: z.string(),
  end: z.string(),
});
export type ExamTaskRow = z.infer<typeof examTaskRowSchema>;

export const deadlineWarningSchema = z.object({
  examId: z.number().int(),
  examName: z.string(),
  end: z.string(),
  daysLeft: z.number().int(),
  /** The unsubmitted batches (填报中, 待提交) of that exam. */
  batches: z.number().int(),
  /** "2026年度…考试的网络报名将于 9月18日 截止（还有 2 天），请尽快提交。" */
  text: z.string(),
});
export type DeadlineWarning = z.infer<typeof deadlineWarningSchema>;

export const examTasksViewSchema = z.object({
  /** The desktop's today (YYYY-MM-DD) the states were computed for. */
  today: z.string(),
  /** Newest 报名 first, as the server sent them; [] before the first sync or where none are defined. */
  exams: z.array(examTaskRowSchema),
  /** Those in 网络报名 today: what a new batch may register for (one: taken by itself). */
  openForRegistration: z.array(z.object({ id: z.number().int(), name: z.string() })),
  warnings: z.array(deadlineWarningSchema),
  /** When the exams were last received from the server ('' never). */
  receivedAt: z.string(),
  /** The warnings' lead in days (同步设置; 0: off). */
  warningDays: z.number().int(),
});
export type ExamTasksView = z.infer<typeof examTasksViewSchema>;

export const DESKTOP_EXAM_TASKS_API = {
  /** 考试信息's exam table, the exams open for 报名 and the deadline warnings (首页, 人员导入). */
  'examTasks.list': { input: z.object({}).strict().optional(), output: examTasksViewSchema },
  /** 同步设置: how many days before 网络报名 closes the warnings start (0: none). */
  'examTasks.setWarningDays': { input: z.object({ days: warningDaysSchema }), output: examTasksViewSchema },
  /**
   * 人员导入's 选择考试 / 更改考试: the exam of a batch made before any exam was known, or changed while the
   * batch is not yet submitted (or only its returned people go again, and it had none). Refused for a
   * batch queued, under review or approved, with the reason.
   */
  'batches.setExam': {
    input: z.object({ batchId: z.string().min(1, '请指定批次。'), examId: z.number({ error: '请选择考试。' }).int('请选择考试。').positive('请选择考试。') }),
    output: batchExamChangeSchema,
  },
} satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
