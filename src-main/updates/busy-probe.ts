import { z } from 'zod';
import type { Result } from '../../src-shared/contract/desktop-api.js';

/**
 * What stops 立即重启 now: an upload being sent (a push job running under its lease) or a file being
 * imported (the 导入 and 照片导入 jobs report their progress as 'import' and 'photos'). Read from
 * what the backend already tells the window — `sync.status`'s queue and `progress.current` — so the
 * updater needs no hook into the worker. Quitting otherwise is safe: main closes the backend before
 * the installer runs, letting calls in flight finish, and an interrupted push resumes at the next start.
 */
export function busyReason(queue: ReadonlyArray<{ state: string }>, progress: ReadonlyArray<{ task: string }>): string | null {
  if (queue.some((j) => j.state === 'running')) return '正在上传批次';
  const tasks = new Set(progress.map((p) => p.task));
  if (tasks.has('import')) return '正在导入人员名单';
  if (tasks.has('photos')) return '正在导入照片';
  return null;
}

/** The parts of the backend's answers the probe reads. */
const statusPart = z.object({ queue: z.array(z.object({ state: z.string() })) });
const progressPart = z.array(z.object({ task: z.string() }));

/** busyReason from the backend's own answers; a backend that does not answer (restarting) counts as busy. */
export async function probeBusy(call: (method: 'sync.status' | 'progress.current') => Promise<Result<unknown>>): Promise<string | null> {
  const [status, progress] = await Promise.all([call('sync.status'), call('progress.current')]);
  const s = status.ok ? statusPart.safeParse(status.value) : undefined;
  const p = progress.ok ? progressPart.safeParse(progress.value) : undefined;
  if (!s?.success || !p?.success) return '后台正在处理';
  return busyReason(s.data.queue, p.data);
}
