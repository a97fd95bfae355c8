import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { blobTempOwner, HOST_TAG, type BlobTempOwner } from './blob-temp-names.js';
import { fanOutEntries } from './blob-files.js';
import { processAlive } from '../../src-node/process-alive.js';

/**
 * Removes the temp files of blob writes that will never be renamed: a server killed (power cut,
 * SIGKILL, OOM) between writing a blob's temp file and renaming it leaves one, up to the blob limit
 * in size. The daily clean-up (blob-gc.ts) would take it only after an hour and at its next run; this
 * takes it at the next start, before the server answers anyone, and hourly after that.
 *
 * A temp file goes when
 * - it is older than TEMP_MAX_AGE (a write takes seconds at most, whoever makes it), or, at start only,
 * - this host wrote it (its name says so: blob-temp-names.ts) from a process that is gone, or from this
 *   very process (which has not written any yet), or
 * - it is in the untagged form of earlier versions, which ran one server per data folder.
 * A temp file of another host (a shared blob folder) goes only by age: its process cannot be checked.
 */

/** No blob write takes this long: a temp file this old is left over. */
export const TEMP_MAX_AGE_MS = 5 * 60 * 1000;
/** How often the running server sweeps by age. */
export const TEMP_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export interface TempSweepResult {
  removed: number;
  bytes: number;
}

/** At start: whether a young temp file was left by a process that can no longer finish it. */
function abandoned(owner: BlobTempOwner): boolean {
  if (owner.kind === 'untagged') return true;
  if (owner.kind !== 'tagged' || owner.host !== HOST_TAG) return false;
  return owner.pid === process.pid || !processAlive(owner.pid);
}

/** Sweeps `<blobsRoot>/xx/*.tmp` by the rules above; `atStart` adds the rules about who wrote them. */
export async function sweepBlobTemps(blobsRoot: string, opts: { atStart: boolean }): Promise<TempSweepResult> {
  const result: TempSweepResult = { removed: 0, bytes: 0 };
  for await (const { name, file } of fanOutEntries(blobsRoot)) {
    const owner = blobTempOwner(name);
    if (!owner) continue;
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (!stat?.isFile()) continue;
    // Wall-clock age against the file system's clock, like blob-gc's.
    const old = Date.now() - stat.mtimeMs > TEMP_MAX_AGE_MS;
    if (!old && !(opts.atStart && abandoned(owner))) continue;
    try {
      await fs.promises.unlink(file);
      result.removed++;
      result.bytes += stat.size;
    } catch (e) {
      // Renamed or removed meanwhile: nothing left to do.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return result;
}

export interface TempSweepSchedule {
  /** Default TEMP_SWEEP_INTERVAL_MS (one hour). */
  intervalMs?: number;
}

/**
 * The sweep at start (`onReady`: Fastify runs it before `listen` accepts anything, so no upload of
 * this process is under way) and then every `intervalMs` by age (unref'd; stopped on close).
 */
export function scheduleTempSweep(app: FastifyInstance, schedule: TempSweepSchedule = {}): void {
  const blobsRoot = app.serverConfig.blobDir;
  const intervalMs = schedule.intervalMs ?? TEMP_SWEEP_INTERVAL_MS;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const sweep = async (atStart: boolean) => {
    try {
      const { removed, bytes } = await sweepBlobTemps(blobsRoot, { atStart });
      if (removed > 0) app.log.info({ tempFilesRemoved: removed, bytes, atStart }, `removed ${removed} leftover blob temp file(s) (interrupted uploads)`);
    } catch (err) {
      // Not a reason to refuse service: the next sweep (or the daily clean-up) tries again.
      app.log.error({ err }, 'blob temp file sweep failed');
    }
  };

  app.addHook('onReady', async () => {
    await sweep(true);
    timer = setInterval(() => {
      if (running) return;
      running = sweep(false).finally(() => {
        running = undefined;
      });
    }, intervalMs);
    timer.unref();
  });
  app.addHook('preClose', async () => {
    clearInterval(timer);
    await running;
  });
}
