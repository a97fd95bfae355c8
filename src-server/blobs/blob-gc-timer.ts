import type { FastifyInstance } from 'fastify';
import { collectBlobs, formatBlobGcSummary } from './blob-gc.js';

/** When the server runs the blob clean-up: first a little after it starts listening, then every day. */
export interface BlobGcSchedule {
  /** Default 10 minutes after listen (a server restarted every night still cleans up). */
  firstDelayMs?: number;
  /** Default 24 hours. */
  intervalMs?: number;
}

const MINUTE = 60_000;

/**
 * Runs `collectBlobs` on a timer from `onListen` until `preClose`: unref'd (it never keeps the
 * process alive), one run at a time, each logged (what it removed, or why it failed). `now` is the
 * server's clock, so tests move it.
 */
export function scheduleBlobGc(app: FastifyInstance, now: () => Date, schedule: BlobGcSchedule = {}): void {
  const firstDelayMs = schedule.firstDelayMs ?? 10 * MINUTE;
  const intervalMs = schedule.intervalMs ?? 24 * 60 * MINUTE;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;

  const run = async () => {
    const days = app.serverConfig.blobGcDays;
    try {
      const summary = await collectBlobs(app.db, app.serverConfig.blobDir, { days, now: now(), actor: 'server (daily blob clean-up)' });
      app.log.info({ blobGc: summary }, formatBlobGcSummary(summary));
    } catch (err) {
      app.log.error({ err }, '文件清理失败（blob clean-up failed）；明天会再试，也可以用 server-admin gc-blobs 手动运行。');
    }
  };
  const next = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().finally(() => {
        running = undefined;
        next(intervalMs);
      });
    }, delay);
    timer.unref();
  };

  app.addHook('onListen', async () => {
    next(firstDelayMs);
  });
  app.addHook('preClose', async () => {
    stopped = true;
    clearTimeout(timer);
    // A run under way finishes before the store closes.
    await running;
  });
}
