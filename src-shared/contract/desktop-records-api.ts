import { z } from 'zod';
import { examScoreSchema, studyRecordSchema } from './sync-feed.js';

/**
 * The desktop-api methods behind 人员管理, 人员查询, 人员记录 and 考试信息: read-only lists of what the
 * server sent back (approved people and their study accounts, study records, exam scores). Spread
 * into DESKTOP_API; each implemented, like every method a.b, in src-main/services/a-handlers.ts.
 *
 * Every list is one page out of SQL with the total (`共有 N 条数据`), never the whole table: a unit
 * may have 50,000 people. The search fields are the manual's: 姓名 (any part), 身份证号 (its start)
 * and 申请日期 (a range of calendar days, both ends included).
 *
 * 申请日期 is the day the person's application reached the judicial bureau: when the server first
 * accepted the person's batch (the first finished upload of that batch in the outbox). People never
 * sent have none. Study records and exam scores are matched to people by 身份证号.
 */

function isCalendarDay(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** A calendar day as the date picker gives it: 2024-01-16. */
const day = (which: string) =>
  z
    .string({ error: `${which}应为日期，例如 2024-01-16` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${which}应写成 YYYY-MM-DD，例如 2024-01-16`)
    .refine(isCalendarDay, `${which}不是一个存在的日期，请重新选择`);

const page = {
  offset: z.number({ error: '页码不对，请回到第一页再查' }).int().min(0).default(0),
  limit: z.number({ error: '每页条数不对，请刷新页面' }).int().min(1).max(500, '每页最多 500 条，请减少每页条数').default(50),
};

/** The manual's search form: 姓名, 身份证号, 申请日期 (from, to), and the page. */
export const recordsFilterShape = {
  /** Any part of the name. */
  name: z.string({ error: '姓名应为文字' }).trim().max(40, '姓名最多 40 个字，请缩短后再查').optional(),
  /** The start of the ID number (x or X for the check character). */
  idNumber: z
    .string({ error: '身份证号应为文字' })
    .trim()
    .max(18, '身份证号最多 18 位，请检查')
    .regex(/^[0-9A-Za-z]*$/, '身份证号只能有数字和字母 X')
    .optional(),
  dateFrom: day('申请日期的开始日期').optional(),
  dateTo: day('申请日期的结束日期').optional(),
  ...page,
};

/** The same statuses as desktop-api.ts's personStatusSchema (that file imports this one, so not from there). */
const personStatus = z.enum(['draft', 'submitted', 'county_approved', 'approved', 'rejected'], { error: '请从列表中选择审核状态' });

const dateOrder = <T extends { dateFrom?: string | undefined; dateTo?: string | undefined }>(q: T) => !q.dateFrom || !q.dateTo || q.dateFrom <= q.dateTo;
const DATE_ORDER = { message: '申请日期的开始日期不能晚于结束日期，请重新选择', path: ['dateTo'] };

export const recordsQuerySchema = z.object(recordsFilterShape).refine(dateOrder, DATE_ORDER);
export type RecordsQuery = z.input<typeof recordsQuerySchema>;

/** 人员查询 adds the status and the batch to the manual's fields. */
export const personSearchQuerySchema = z
  .object({
    ...recordsFilterShape,
    status: personStatus.optional(),
    batchId: z.string().max(64).optional(),
  })
  .refine(dateOrder, DATE_ORDER);
export type PersonSearchQuery = z.input<typeof personSearchQuerySchema>;

/** Times are shown as stored: local time with offset (2024-01-16T21:08:56+08:00), '' when none. */
const when = z.string();

/** 人员管理: an approved person and the study account the server made for them. */
export const studyAccountRowSchema = z.object({
  accountId: z.number().int(),
  /** The person on this PC; null when the account names a person this PC does not have. */
  personId: z.number().int().nullable(),
  name: z.string(),
  idNumber: z.string(),
  gender: z.string(),
  agency: z.string(),
  batchName: z.string(),
  batchNumber: z.string(),
  appliedAt: when,
  /** The final approval (审核时间). */
  reviewedAt: when,
  reviewer: z.string(),
  username: z.string(),
  /** Hand it to the person; they must change it at first login. */
  initialPassword: z.string(),
  createdAt: when,
});
export type StudyAccountRow = z.infer<typeof studyAccountRowSchema>;

/** 人员查询: every person of every batch, where their application stands, and their training. */
export const personSearchRowSchema = z.object({
  id: z.number().int(),
  batchId: z.string(),
  batchName: z.string(),
  batchNumber: z.string(),
  name: z.string(),
  idNumber: z.string(),
  gender: z.string(),
  agency: z.string(),
  examCategory: z.string(),
  status: personStatus,
  /** Who reviews next (青秀区司法局（县级审核）), '' when nobody. */
  pendingAt: z.string(),
  reviewComment: z.string(),
  appliedAt: when,
  reviewedAt: when,
  /** 学习账号, '' until the server made one. */
  studyUsername: z.string(),
  /** The latest study record's 学习状态, '' when none came yet. */
  studyStatus: z.string(),
  /** The latest exam: 是否通过 and 考试成绩, '' when none came yet. */
  examPassed: z.string(),
  examScore: z.string(),
});
export type PersonSearchRow = z.infer<typeof personSearchRowSchema>;

/** 人员学习记录 (the manual's 3.6), the columns of its screen: the feed's record with who it is. */
export const studyRecordRowSchema = studyRecordSchema.extend({ seq: z.number().int(), name: z.string(), idNumber: z.string() });
export type StudyRecordRow = z.infer<typeof studyRecordRowSchema>;

/** 人员考试成绩 (the manual's 四、考试信息管理), the columns of its screen: the feed's score with who it is. */
export const examScoreRowSchema = examScoreSchema.extend({ seq: z.number().int(), name: z.string(), idNumber: z.string() });
export type ExamScoreRow = z.infer<typeof examScoreRowSchema>;

const pageOf = <T extends z.ZodType>(row: T) => z.object({ total: z.number().int(), rows: z.array(row) });

/** Where a file is written (the same words as desktop-api.ts's filePath, which imports this file). */
const filePath = z.string().trim().min(1, '请选择文件。').max(1000, '文件路径太长。');
const { offset: _offset, limit: _limit, ...searchShape } = recordsFilterShape;

/** 导出学习账号: every approved person of 人员管理's search (姓名, 身份证号, 申请日期; none for all). */
export const studyAccountsExportSchema = z.object({ ...searchShape, file: filePath }).refine(dateOrder, DATE_ORDER);
/** 打印账号条: the same people, and the 学习平台 address to print on each slip (kept for next time). */
export const accountSlipsInputSchema = z
  .object({
    ...searchShape,
    file: filePath,
    platformUrl: z.string({ error: '学习平台网址应为文字' }).trim().max(80, '学习平台网址最多 80 个字符，请缩短').optional(),
  })
  .refine(dateOrder, DATE_ORDER);

export const DESKTOP_RECORDS_API = {
  /** 人员管理: approved people with their study accounts, newest first. */
  'studyAccounts.list': { input: recordsQuerySchema, output: pageOf(studyAccountRowSchema) },
  /** 导出学习账号: the search's people and accounts as an .xlsx to print on A4 landscape; answers how many. */
  'studyAccounts.export': { input: studyAccountsExportSchema, output: z.object({ file: z.string(), rows: z.number().int() }) },
  /** 打印账号条: one slip per person, eight to an A4 page with cut lines, as an .xlsx to print. */
  'studyAccounts.slips': { input: accountSlipsInputSchema, output: z.object({ file: z.string(), slips: z.number().int(), sheets: z.number().int() }) },
  /** The 学习平台 address printed on the last slips ('' before any), to offer again. */
  'studyAccounts.platform': { input: z.object({}).strict().optional(), output: z.object({ platformUrl: z.string() }) },
  /** 人员查询: all people of all batches with their status and training, newest batch first. */
  'persons.search': { input: personSearchQuerySchema, output: pageOf(personSearchRowSchema) },
  /** 人员记录: study and mock-exam records, latest change first. */
  'studyRecords.list': { input: recordsQuerySchema, output: pageOf(studyRecordRowSchema) },
  /** 考试信息: exam scores, latest change first. */
  'examScores.list': { input: recordsQuerySchema, output: pageOf(examScoreRowSchema) },
} satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
