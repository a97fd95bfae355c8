import { z } from 'zod';
import type { Role } from './route-spec.js';
import { UUID_PATTERN } from './sync-common.js';

/**
 * Exports as .xlsx files (raw bytes, so outside the JSON map SYNC_API; errors are the usual JSON):
 *   GET /api/v1/exports/approved.xlsx?batchId=&from=&to=   people with final approval (考试、发证)
 *   GET /api/v1/exports/rejected.xlsx?batchId=&from=&to=   people returned and not yet sent again
 * A reviewer gets the units under their bureau, an administrator everything. `from`/`to` are China
 * dates (UTC+8), inclusive, of the final approval or of the rejection; every filter is optional and
 * an empty one (`batchId=`) counts as absent. A period with nobody in it is still a workbook (title,
 * header and 没有符合条件的人员), never an error. 400: a bad date or from after to; 404: a batch
 * that does not exist or is outside the caller's scope.
 */

export const EXPORT_KINDS = ['approved', 'rejected'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Below API_PREFIX. */
export const EXPORT_PATHS: Record<ExportKind, string> = {
  approved: '/exports/approved.xlsx',
  rejected: '/exports/rejected.xlsx',
};

export const EXPORT_ACCESS = ['reviewer', 'admin'] as const satisfies readonly Role[];

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A query parameter left empty in a form (`from=`) is the same as one not sent. */
const blankIsAbsent = (v: unknown): unknown => (v === '' ? undefined : v);

function isCalendarDate(s: string): boolean {
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

const chinaDate = (what: string) =>
  z
    .string({ error: `${what}只能填一个日期，格式 YYYY-MM-DD，如 2026-11-01。` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${what}的格式不对，应为 YYYY-MM-DD，如 2026-11-01。`)
    .refine(isCalendarDate, `${what}不是一个存在的日期，请检查年月日。`);

export const exportQuerySchema = z
  .object({
    /** One batch (the desktop's UUID). */
    batchId: z.preprocess(
      blankIsAbsent,
      z
        .string({ error: '批次（batchId）只能填一个。' })
        .regex(UUID_PATTERN, '批次（batchId）应为报名助手生成的 UUID（如 0f8fad5b-d9cb-469f-a165-70867728950e），请检查地址。')
        .transform((s) => s.toLowerCase())
        .optional(),
    ),
    /** First day (China time), inclusive. */
    from: z.preprocess(blankIsAbsent, chinaDate('开始日期（from）').optional()),
    /** Last day (China time), inclusive. */
    to: z.preprocess(blankIsAbsent, chinaDate('结束日期（to）').optional()),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    path: ['to'],
    message: '开始日期（from）不能晚于结束日期（to），请检查导出的时间段。',
  });
export type ExportQuery = z.output<typeof exportQuerySchema>;
