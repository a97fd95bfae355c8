import { z } from 'zod';

/**
 * 自动更新 (issue 21): what the status bar and 帮助 → 关于 show about the desktop's own updates, and
 * 立即重启. Spread into DESKTOP_API. The installed app answers these in the Electron main process
 * (src-main/updates/update-controller.ts behind src-main/electron/auto-update.ts); the backend worker
 * and the web bridge (browser mode, tests) answer "不可用" (src-main/services/updates-handlers.ts).
 */
export const updatePhaseSchema = z.enum(['unavailable', 'idle', 'checking', 'downloading', 'downloaded', 'error']);
export type UpdatePhase = z.infer<typeof updatePhaseSchema>;

export const updateStateSchema = z.object({
  phase: updatePhaseSchema,
  /** The status bar's words: 检查更新中…, 正在下载新版本 1.2.0：42%, 新版本 1.2.0 已下载，重启后安装, 更新出错：… */
  text: z.string(),
  /** The version running now ('' where unknown). */
  currentVersion: z.string(),
  /** The version found or downloaded ('' when none). */
  version: z.string(),
  /** Download progress 0–100 while downloading. */
  percent: z.number(),
  /** When the last check finished (ISO UTC, '' before the first) and what it found (Chinese), for 关于. */
  lastCheckAt: z.string(),
  lastResult: z.string(),
});
export type UpdateState = z.infer<typeof updateStateSchema>;

const none = z.object({}).strict().optional();

export const DESKTOP_UPDATES_API = {
  'updates.state': { input: none, output: updateStateSchema },
  /** 立即重启: installs the downloaded version now; refused, saying why, while an upload or an import runs. */
  'updates.restartNow': { input: none, output: z.object({ ok: z.literal(true) }) },
} satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
