import { z } from 'zod';

/**
 * 工作概况 (GET /api/v1/review/dashboard): a bureau's work at a glance, for its reviewers (the units
 * under their bureau, as the review queue scopes them) and for administrators (every unit, each with
 * its bureau). Weeks are China's (UTC+8), Monday to Sunday, by the server's clock. One row per unit in
 * scope, so the answer grows with the number of units, never with the number of people.
 */

export const dashboardQuerySchema = z.object({});

/**
 * Where people wait: the county's first review, the city's final one, or (one-level review) 本级; for
 * the units of province departments, always the department's first review and the province's final one.
 */
export const dashboardStageSchema = z.enum(['county', 'city', 'own', 'department', 'province']);
export type DashboardStage = z.infer<typeof dashboardStageSchema>;
export const DASHBOARD_STAGE_NAME: Record<DashboardStage, string> = { county: '县级初审', city: '市级终审', own: '本级审核', department: '部门初审', province: '省级终审' };

/** What happened in a period. Decisions count once per decision, at whichever level it was taken. */
export const dashboardCountsSchema = z.object({
  approved: z.number().int(),
  rejected: z.number().int(),
  /** People sent again by their unit after a rejection (each new version once). */
  resubmitted: z.number().int(),
  /** Final approvals: a study account is made for each. */
  studyAccounts: z.number().int(),
});
export type DashboardCounts = z.infer<typeof dashboardCountsSchema>;

/** The longest waiting person: since when (China date of the version waiting) and for how many days. */
export const dashboardOldestSchema = z.object({ submittedDate: z.string(), days: z.number().int() }).nullable();
export type DashboardOldest = z.infer<typeof dashboardOldestSchema>;

/** Counts for this week, the week before, and since the server's start. */
export const dashboardPeriodsSchema = z.object({ thisWeek: dashboardCountsSchema, lastWeek: dashboardCountsSchema, total: dashboardCountsSchema });
export type DashboardPeriods = z.infer<typeof dashboardPeriodsSchema>;

export const dashboardUnitSchema = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  /** The bureau the unit is directly under. */
  jurisdictionId: z.number().int(),
  jurisdictionName: z.string(),
  waiting: z.number().int(),
  /** The same people by where they wait (only stages with someone waiting). */
  waitingByStage: z.array(z.object({ stage: dashboardStageSchema, waiting: z.number().int() })),
  oldest: dashboardOldestSchema,
}).extend(dashboardPeriodsSchema.shape);
export type DashboardUnit = z.infer<typeof dashboardUnitSchema>;

export const dashboardStageRowSchema = z.object({
  stage: dashboardStageSchema,
  waiting: z.number().int(),
  oldest: dashboardOldestSchema,
  /** Decisions taken at this level. */
  approvedThisWeek: z.number().int(),
  rejectedThisWeek: z.number().int(),
  approvedLastWeek: z.number().int(),
  rejectedLastWeek: z.number().int(),
});
export type DashboardStageRow = z.infer<typeof dashboardStageRowSchema>;

export const dashboardResponseSchema = z.object({
  /** The reviewer's bureau; null for an administrator (every bureau). */
  bureau: z.string().nullable(),
  reviewStages: z.union([z.literal(1), z.literal(2)]),
  /** The server's time the figures are of (ISO, UTC). */
  at: z.string(),
  /** China dates, Monday and Sunday. */
  thisWeek: z.object({ from: z.string(), to: z.string() }),
  lastWeek: z.object({ from: z.string(), to: z.string() }),
  waiting: z.number().int(),
  oldest: dashboardOldestSchema,
  periods: dashboardPeriodsSchema,
  /**
   * By stage; always the stages of the deployment (county and city, or own) for units under cities,
   * and department and province for units under the province, also with nothing waiting.
   */
  stages: z.array(dashboardStageRowSchema),
  /** Every unit in scope, by bureau then unit name. */
  units: z.array(dashboardUnitSchema),
});
export type DashboardResponse = z.infer<typeof dashboardResponseSchema>;
