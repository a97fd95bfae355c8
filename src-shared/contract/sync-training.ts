import { z } from 'zod';
import { eligibilityRuleSchema } from '../training-eligibility.js';
import { displayFileNameSchema } from './sync-common.js';

/**
 * Training (issue 19 items 3 and 4): who may print the 准考证, and the course table.
 *
 *   GET  /api/v1/admin/eligibility?unitId=&filter=&offset=&limit=
 *        per approved person: 学时 done vs required, mock exams done vs required, 可打印准考证, counted
 *        from the imported study records (src-shared/training-eligibility.ts) by the rule of the exam of
 *        the person's batch (the default rule when the batch has none). At most ELIGIBILITY_PAGE_MAX rows.
 *   GET  /api/v1/admin/courses                         the course table in force and its last import
 *   POST /api/v1/admin/courses/import?fileName=        the .xlsx itself (application/octet-stream, at
 *        most COURSE_FILE_MAX_BYTES): replaces the whole table, or, when any row is wrong, changes
 *        nothing and answers 422 courses.file_invalid naming the rows in Chinese.
 * Desktops get the course table with GET /reference (`courses`), so 人员查询 works offline.
 */

// ---------------------------------------------------------------------------------------------------
// Course settings (人员查询: 本单位学员培训课程设置情况)

export const COURSE_FILE_MAX_BYTES = 2 * 1024 * 1024;
/** Courses in one table (every 考试类别 together). */
export const COURSES_MAX = 1000;
/** Bad rows named in one refusal; the message says how many more. */
export const COURSE_PROBLEMS_LISTED = 20;

export const courseSchema = z.object({
  /** 考试类别 by its name in the code table. */
  category: z.string(),
  name: z.string(),
  /** 学时 (may have one decimal). */
  hours: z.number(),
  /** 必修 (true) or 选修. */
  required: z.boolean(),
});
export type Course = z.infer<typeof courseSchema>;

export const courseImportInfoSchema = z.object({
  file: z.string(),
  courses: z.number().int(),
  by: z.string(),
  /** ISO 8601 (UTC). */
  at: z.string(),
});

export const courseTableResponseSchema = z.object({
  /** By 考试类别, then the file's order. */
  courses: z.array(courseSchema),
  /** The import that made this table; null before the first. */
  lastImport: courseImportInfoSchema.nullable(),
});
export type CourseTableResponse = z.infer<typeof courseTableResponseSchema>;

export const courseImportQuerySchema = z.object({ fileName: displayFileNameSchema.optional() });
export const courseTableRequestSchema = z.object({}).optional();

/** A refused row (422 courses.file_invalid carries them as `courseProblems`). */
export const courseProblemSchema = z.object({ row: z.number().int(), message: z.string() });
export type CourseProblem = z.infer<typeof courseProblemSchema>;

// ---------------------------------------------------------------------------------------------------
// Eligibility (人员记录: 可打印准考证)

export const ELIGIBILITY_PAGE_MAX = 500;
export const ELIGIBILITY_FILTERS = ['all', 'eligible', 'not_eligible'] as const;

export const eligibilityQuerySchema = z.object({
  unitId: z.coerce.number({ error: '单位编号应为正整数。' }).int('单位编号应为正整数。').positive('单位编号应为正整数。').optional(),
  filter: z.enum(ELIGIBILITY_FILTERS, { error: '筛选只能是 all（全部）、eligible（可打印准考证）或 not_eligible（不可打印）。' }).default('all'),
  offset: z.coerce.number().int().min(0, '起始行不能是负数。').default(0),
  limit: z.coerce.number().int().min(1).max(ELIGIBILITY_PAGE_MAX, `每页最多 ${ELIGIBILITY_PAGE_MAX} 行。`).default(100),
});
export type EligibilityQuery = z.infer<typeof eligibilityQuerySchema>;

export const eligibilityViewSchema = z.object({
  studyHours: z.number(),
  studyHoursRequired: z.number(),
  mockExams: z.number().int(),
  mockExamsRequired: z.number().int(),
  eligible: z.boolean(),
  records: z.number().int(),
  missing: z.string(),
});

export const eligibilityRowSchema = z.object({
  personId: z.number().int(),
  name: z.string(),
  /** Masked: 110101********1234. */
  idNumber: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  /** The exam of the person's batch ('' when none: the default rule). */
  examName: z.string(),
  rule: eligibilityRuleSchema,
  eligibility: eligibilityViewSchema,
});
export type EligibilityRow = z.infer<typeof eligibilityRowSchema>;

export const eligibilityResponseSchema = z.object({
  rows: z.array(eligibilityRowSchema),
  /** People matching the filter (the rows are a page of them). */
  total: z.number().int(),
  /** Over everyone in scope, whatever the filter. */
  eligible: z.number().int(),
  notEligible: z.number().int(),
});
export type EligibilityResponse = z.infer<typeof eligibilityResponseSchema>;
