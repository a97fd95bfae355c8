import { z } from 'zod';

/**
 * The desktop update feed in the administrator's console (issue 21), role admin only:
 *   GET  /api/v1/admin/updates                 the kept releases, their rollout and whether the feed is paused
 *   PUT  /api/v1/admin/updates/rollout         { version, percent }: how many PCs (0-100 %) get that release
 *   PUT  /api/v1/admin/updates/pause           { paused }: hold the newest release back from everyone, or go on
 *   POST /api/v1/admin/updates/point-back      { version }: make an older kept release the one PCs get again
 * Publishing stays on the server's command line (`server-admin publish-update --dir`): an installer is
 * 100 MB and more. The PCs' own feed (GET /updates/win/latest.yml and the files) is outside /api/v1,
 * where electron-updater's generic provider looks for it; see src-server/README.md, "桌面端更新".
 * Every change is in the audit log (entity `update`).
 */

const versionSchema = z
  .string({ error: '请选择版本。' })
  .trim()
  .min(1, '请选择版本。')
  .max(64, '版本号太长，请检查。')
  .regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]*)?$/, '版本号应为 1.2.3 这样的形式。');

export const updateReleaseViewSchema = z.object({
  version: z.string(),
  installerName: z.string(),
  installerSize: z.number().int(),
  /** Whether the .blockmap was published too (PCs then download only the changed blocks). */
  hasBlockmap: z.boolean(),
  releaseDate: z.string(),
  publishedAt: z.string(),
  publishedBy: z.string(),
  rolloutPercent: z.number().int().min(0).max(100),
  /** Pointed back past: offered to nobody. */
  withdrawn: z.boolean(),
  /** The newest release not withdrawn: the one being rolled out. */
  current: z.boolean(),
});
export type UpdateReleaseView = z.infer<typeof updateReleaseViewSchema>;

export const updateFeedViewSchema = z.object({
  paused: z.boolean(),
  /** Newest first. */
  releases: z.array(updateReleaseViewSchema),
  /** How many releases publish keeps (its --keep; the default). */
  keepDefault: z.number().int(),
});
export type UpdateFeedView = z.infer<typeof updateFeedViewSchema>;

export const updateFeedRequestSchema = z.object({}).optional();

export const updateRolloutRequestSchema = z.object({
  version: versionSchema,
  percent: z
    .number({ error: '推送比例应为 0 到 100 之间的整数。' })
    .int('推送比例应为 0 到 100 之间的整数。')
    .min(0, '推送比例应为 0 到 100 之间的整数。')
    .max(100, '推送比例应为 0 到 100 之间的整数。'),
});

export const updatePauseRequestSchema = z.object({ paused: z.boolean({ error: '请说明暂停（true）还是继续（false）。' }) });

export const updatePointBackRequestSchema = z.object({ version: versionSchema });
