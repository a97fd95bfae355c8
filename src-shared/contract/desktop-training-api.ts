import { z } from 'zod';
import { courseSchema } from './sync-training.js';
import { recordsFilterShape } from './desktop-records-api.js';
import { eligibilityRuleSchema } from '../training-eligibility.js';

/**
 * The desktop-api methods of training (issue 19 items 3 and 4), spread into DESKTOP_API and implemented in
 * src-main/services/training-handlers.ts:
 * - 人员记录's 培训达标 list: per approved person of this unit, 已学学时/要求, 模拟考试 done/要求 and
 *   可打印准考证, counted from the study records the feed brought by the one rule function
 *   (src-shared/training-eligibility.ts) with the numbers of the exam of the person's batch (the
 *   default 6 学时 / 1 次 when the batch has none); filtered, paged, exportable to .xlsx.
 * - 人员查询's 培训课程: the courses the administrator set for the person's 考试类别 (GET /reference's
 *   course table, kept offline) and the person's progress. The study records give totals only, not per
 *   course, so the progress is the total 学时 against the courses' 学时.
 */

export const ELIGIBILITY_FILTER_LABEL = { all: '全部', eligible: '可打印准考证', not_eligible: '不可打印准考证' } as const;
export const eligibilityFilterSchema = z.enum(['all', 'eligible', 'not_eligible'], { error: '请选择 全部、可打印准考证 或 不可打印准考证' });
export type EligibilityFilter = z.infer<typeof eligibilityFilterSchema>;

const search = {
  // The same 姓名 / 身份证号 fields as the manual's other record searches.
  name: recordsFilterShape.name,
  idNumber: recordsFilterShape.idNumber,
  eligible: eligibilityFilterSchema.default('all'),
};

export const eligibilityListQuerySchema = z.object({
  ...search,
  offset: z.number({ error: '页码不对，请回到第一页再查' }).int().min(0).default(0),
  limit: z.number({ error: '每页条数不对，请刷新页面' }).int().min(1).max(500, '每页最多 500 条，请减少每页条数').default(20),
});
export type EligibilityListQuery = z.input<typeof eligibilityListQuerySchema>;

export const eligibilityPersonRowSchema = z.object({
  personId: z.number().int(),
  name: z.string(),
  idNumber: z.string(),
  agency: z.string(),
  batchNumber: z.string(),
  /** The exam of the person's batch, '' when none (the default rule). */
  examName: z.string(),
  rule: eligibilityRuleSchema,
  studyHours: z.number(),
  mockExams: z.number().int(),
  /** Study records counted. */
  records: z.number().int(),
  eligible: z.boolean(),
  /** 还差 2 学时、1 次模拟考试; '' when eligible. */
  missing: z.string(),
});
export type EligibilityPersonRow = z.infer<typeof eligibilityPersonRowSchema>;

export const eligibilityListSchema = z.object({
  total: z.number().int(),
  rows: z.array(eligibilityPersonRowSchema),
  /** Over all approved people of the search, whatever the filter. */
  eligibleCount: z.number().int(),
  notEligibleCount: z.number().int(),
});
export type EligibilityList = z.infer<typeof eligibilityListSchema>;

const filePath = z.string().trim().min(1, '请选择文件。').max(1000, '文件路径太长。');
export const eligibilityExportSchema = z.object({ ...search, file: filePath });

export const personCoursesSchema = z.object({
  personId: z.number().int(),
  examCategory: z.string(),
  /** The courses set for that 考试类别, in the administrator's order. */
  courses: z.array(courseSchema),
  /** False before the server sent any course table (a server from before it, or no sync yet). */
  tableReceived: z.boolean(),
  requiredHours: z.number(),
  electiveHours: z.number(),
  /** The person's progress, as the study records tell it (totals, not per course). */
  row: eligibilityPersonRowSchema.nullable(),
});
export type PersonCourses = z.infer<typeof personCoursesSchema>;

export const DESKTOP_TRAINING_API = {
  /** 人员记录's 培训达标: approved people with 学时, 模拟考试 and 可打印准考证, newest first. */
  'training.eligibility': { input: eligibilityListQuerySchema, output: eligibilityListSchema },
  /** 导出培训达标情况: the search's people (whatever the page) as an .xlsx; answers how many. */
  'training.exportEligibility': { input: eligibilityExportSchema, output: z.object({ file: z.string(), rows: z.number().int() }) },
  /** 人员查询's 培训课程 for one person. */
  'training.personCourses': { input: z.object({ personId: z.number().int().positive() }), output: personCoursesSchema },
} satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
