import { z } from 'zod';
import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import { localIso } from '../store/clock.js';
import { readSetting, writeSetting } from '../store/settings-repo.js';
import { setAppSetting } from '../store/app-settings.js';
import type { SyncService } from './sync-service.js';

export type PullResult = Awaited<ReturnType<SyncService['pull']>>;

/**
 * What the pulls brought back that the clerk has not looked at yet: people returned and people
 * approved, added up over every pull (the background ones too) until the clerk opens the notice. Kept
 * in the store, so a notice that came while the window was closed is still there when it opens.
 */
export const pullNewsSchema = z.object({
  rejected: z.number().int().min(0),
  approved: z.number().int().min(0),
  /** Study accounts opened by 已交费 (已开通网络培训); absent in notices stored before fees. */
  trainingOpened: z.number().int().min(0).default(0),
  /** Local ISO time of the first pull that brought something unseen; '' when nothing is new. */
  since: z.string(),
});
export type PullNews = z.infer<typeof pullNewsSchema>;

const KEY = 'sync.news';
const NOTHING: PullNews = { rejected: 0, approved: 0, trainingOpened: 0, since: '' };

export function readNews(db: Db): PullNews {
  const text = readSetting(db, KEY);
  if (!text) return NOTHING;
  const parsed = pullNewsSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : NOTHING;
}

export function markNewsSeen(db: Db): void {
  writeSetting(db, KEY, JSON.stringify(NOTHING));
}

/** After a pull: when it finished (上次同步) and what it brought, added to what is still unseen. */
export function recordPull(db: Db, actor: Actor, r: Pick<PullResult, 'rejected' | 'approved'> & { trainingOpened?: number }): void {
  const now = localIso(actor.now());
  db.transaction(() => {
    setAppSetting(db, 'app.lastSyncAt', now);
    const opened = r.trainingOpened ?? 0;
    if (r.rejected === 0 && r.approved === 0 && opened === 0) return;
    const before = readNews(db);
    const news: PullNews = { rejected: before.rejected + r.rejected, approved: before.approved + r.approved, trainingOpened: before.trainingOpened + opened, since: before.since || now };
    writeSetting(db, KEY, JSON.stringify(news));
  }).immediate();
}

/** One pull, recorded: what the background puller and the 同步 buttons run. */
export async function pullAndRecord(sync: SyncService, db: Db, actor: Actor): Promise<PullResult> {
  const r = await sync.pull();
  recordPull(db, actor, r);
  return r;
}
