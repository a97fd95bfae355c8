import { z } from 'zod';

/**
 * The desktop-api methods behind 人员管理, 人员查询, 人员记录 and 考试信息: read-only lists of what the
 * server sent back (approved people and their study accounts, study records, exam scores). Spread
 * into DESKTOP_API; implemented in src-main/services/records-handlers.ts.
 */
export const DESKTOP_RECORDS_API = {} satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
