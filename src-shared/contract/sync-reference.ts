import { z } from 'zod';
import { codeTablesSchema } from '../rules/code-tables.js';
import { photoSpecSchema } from '../photo-spec.js';
import { examSummarySchema } from './sync-exams.js';
import { courseSchema } from './sync-training.js';

/**
 * GET /api/v1/reference (any signed-in account): what the desktop needs to check rows exactly as the
 * server will. The desktop keeps the last copy and works with it offline.
 */
export const referenceResponseSchema = z.object({
  rulesVersion: z.string(),
  codeTables: codeTablesSchema,
  /** The photo spec in force for this deployment. */
  photoSpec: photoSpecSchema,
  /** 1: the unit's own judicial bureau decides (Fujian); 2: county first, then city (Guangxi). */
  reviewStages: z.union([z.literal(1), z.literal(2)]),
  /** The server's clock (ISO 8601), so the desktop can tell a wrong PC clock. */
  serverTime: z.string(),
  /**
   * The exam tasks not yet over plus the latest ended ones (at most EXAMS_IN_REFERENCE), newest 报名
   * first. Optional: a server from before issue 19 sends none, and an older desktop ignores it.
   */
  exams: z.array(examSummarySchema).optional(),
  /**
   * The course table (人员查询; issue 19), by 考试类别 then the imported file's order, at most COURSES_MAX.
   * Optional: a server from before it sends none.
   */
  courses: z.array(courseSchema).optional(),
  /**
   * 交费 (issue 19): whether this deployment collects fees per batch (交费信息, 收据, 已交费 before study
   * accounts). Optional: a server from before it sends none, which means off.
   */
  fees: z.object({ enabled: z.boolean() }).optional(),
});
export type ReferenceResponse = z.infer<typeof referenceResponseSchema>;
