import type { Actor } from '../accounts/accounts.js';
import { recordAudit } from '../db/audit.js';
import { transaction, type Sql } from '../db/sql.js';
import type { UpdateFeedView } from '../../src-shared/contract/sync-updates.js';
import { activeNewestFirst } from './rollout.js';
import { compareVersions } from './semver.js';
import { UpdateError } from './update-error.js';
import { isPaused, listReleases, setRolloutPercent, setWithdrawn, storePaused, type ReleaseRow } from './update-store.js';
import { DEFAULT_KEEP } from './publish-update.js';

/**
 * Steering the update feed, for the command line and the console alike: the state, the rollout
 * percentage of a release, pause / resume, and point back to an older release. Each change is one
 * transaction with its audit line.
 */

export async function feedView(db: Sql): Promise<UpdateFeedView> {
  const [releases, paused] = await Promise.all([listReleases(db), isPaused(db)]);
  const current = activeNewestFirst(releases)[0]?.version;
  return {
    paused,
    keepDefault: DEFAULT_KEEP,
    releases: [...releases]
      .sort((a, b) => compareVersions(b.version, a.version))
      .map((r) => ({
        version: r.version,
        installerName: r.installerName,
        installerSize: r.installerSize,
        hasBlockmap: r.blockmapSize !== null,
        releaseDate: r.releaseDate,
        publishedAt: r.publishedAt,
        publishedBy: r.publishedBy,
        rolloutPercent: r.rolloutPercent,
        withdrawn: r.withdrawn,
        current: r.version === current,
      })),
  };
}

function audit(t: Sql, actor: Actor, action: string, entityId: string, detail: Record<string, unknown>) {
  return recordAudit(t, { at: actor.now(), actorUserId: actor.userId, actor: actor.name, action, entity: 'update', entityId, detail, ...(actor.ip ? { ip: actor.ip } : {}) });
}

function known(releases: readonly ReleaseRow[], version: string): ReleaseRow {
  const r = releases.find((x) => x.version === version);
  if (!r) {
    const list = releases.map((x) => x.version).sort((a, b) => compareVersions(b, a));
    throw new UpdateError('not_found', `服务器上没有版本 ${version}。${list.length ? `现有的版本：${list.join('、')}。` : '还没有发布过任何版本：先用 server-admin publish-update --dir <文件夹> 发布。'}`);
  }
  return r;
}

/** How many PCs (0-100 %) get this release; only a release not withdrawn. */
export async function setRollout(db: Sql, version: string, percent: number, actor: Actor): Promise<void> {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new UpdateError('invalid', `推送比例应为 0 到 100 之间的整数，收到的是“${percent}”。`);
  await transaction(db, async (t) => {
    const r = known(await listReleases(t), version);
    if (r.withdrawn) throw new UpdateError('conflict', `版本 ${version} 已被撤回（改回了更早的版本）。要重新推送它，请先“改回此版本”（update-point-back --version ${version}）。`);
    await setRolloutPercent(t, version, percent);
    await audit(t, actor, 'update.rollout', version, { from: r.rolloutPercent, to: percent });
  });
}

export async function setPaused(db: Sql, paused: boolean, actor: Actor): Promise<void> {
  await transaction(db, async (t) => {
    await storePaused(t, paused, actor.now(), actor.userId);
    await audit(t, actor, paused ? 'update.pause' : 'update.resume', 'feed', {});
  });
}

/**
 * Makes `version` the release every PC gets: the releases newer than it are withdrawn (offered to
 * nobody; their files stay until pruned, so pointing forward again works), and it goes to 100 %.
 * PCs that already installed a newer one keep it: the desktop never installs an older version.
 */
export async function pointBack(db: Sql, version: string, actor: Actor): Promise<string[]> {
  return transaction(db, async (t) => {
    const releases = await listReleases(t);
    const target = known(releases, version);
    const withdrawn: string[] = [];
    for (const r of releases) {
      if (compareVersions(r.version, version) > 0 && !r.withdrawn) {
        await setWithdrawn(t, r.version, true);
        withdrawn.push(r.version);
      }
    }
    if (target.withdrawn) await setWithdrawn(t, version, false);
    if (target.rolloutPercent !== 100) await setRolloutPercent(t, version, 100);
    await audit(t, actor, 'update.point_back', version, { withdrawn, previousPercent: target.rolloutPercent });
    return withdrawn;
  });
}
