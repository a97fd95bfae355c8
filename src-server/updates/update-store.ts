import { z } from 'zod';
import { all, get, run, type Sql } from '../db/sql.js';
import { storedSettings, storeSetting } from '../settings/settings-store.js';

/** The update feed's rows (migration 19) and its pause switch (a row of `settings`). */

export const PAUSED_KEY = 'updates.paused';

const releaseRow = z.object({
  version: z.string(),
  installerName: z.string(),
  installerSize: z.number(),
  installerSha512: z.string(),
  blockmapSize: z.number().nullable(),
  channelYml: z.string(),
  releaseDate: z.string(),
  rolloutPercent: z.number(),
  withdrawn: z.number().transform((n) => n === 1),
  publishedAt: z.string(),
  publishedBy: z.string(),
});
export type ReleaseRow = z.output<typeof releaseRow>;

const COLUMNS = `version, installer_name AS "installerName", installer_size AS "installerSize", installer_sha512 AS "installerSha512",
  blockmap_size AS "blockmapSize", channel_yml AS "channelYml", release_date AS "releaseDate", rollout_percent AS "rolloutPercent",
  withdrawn, published_at AS "publishedAt", published_by AS "publishedBy"`;

/** Every kept release (a handful), in no particular order: callers sort by version (semver.ts). */
export async function listReleases(db: Sql): Promise<ReleaseRow[]> {
  return all(db, releaseRow, `SELECT ${COLUMNS} FROM update_releases`);
}

export async function findRelease(db: Sql, version: string): Promise<ReleaseRow | undefined> {
  return get(db, releaseRow, `SELECT ${COLUMNS} FROM update_releases WHERE version = ?`, [version]);
}

/** The release whose installer, or whose installer's .blockmap, has this file name. */
export async function findReleaseByFile(db: Sql, fileName: string): Promise<{ release: ReleaseRow; kind: 'installer' | 'blockmap' } | undefined> {
  const installer = fileName.toLowerCase().endsWith('.blockmap') ? fileName.slice(0, -'.blockmap'.length) : fileName;
  const release = await get(db, releaseRow, `SELECT ${COLUMNS} FROM update_releases WHERE installer_name = ?`, [installer]);
  if (!release) return undefined;
  return { release, kind: installer === fileName ? 'installer' : 'blockmap' };
}

export interface NewRelease {
  version: string;
  installerName: string;
  installerSize: number;
  installerSha512: string;
  blockmapSize: number | null;
  channelYml: string;
  releaseDate: string;
  rolloutPercent: number;
  publishedAt: Date;
  publishedBy: string;
}

export async function insertRelease(db: Sql, r: NewRelease): Promise<void> {
  await run(
    db,
    `INSERT INTO update_releases (version, installer_name, installer_size, installer_sha512, blockmap_size, channel_yml, release_date,
       rollout_percent, withdrawn, published_at, published_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    [r.version, r.installerName, r.installerSize, r.installerSha512, r.blockmapSize, r.channelYml, r.releaseDate, r.rolloutPercent, r.publishedAt.toISOString(), r.publishedBy],
  );
}

export async function deleteRelease(db: Sql, version: string): Promise<void> {
  await run(db, 'DELETE FROM update_releases WHERE version = ?', [version]);
}

export async function setRolloutPercent(db: Sql, version: string, percent: number): Promise<void> {
  await run(db, 'UPDATE update_releases SET rollout_percent = ? WHERE version = ?', [percent, version]);
}

export async function setWithdrawn(db: Sql, version: string, withdrawn: boolean): Promise<void> {
  await run(db, 'UPDATE update_releases SET withdrawn = ? WHERE version = ?', [withdrawn ? 1 : 0, version]);
}

/** Blockmap size after a re-publish brought the file back (it may have been published without one). */
export async function setBlockmapSize(db: Sql, version: string, size: number | null): Promise<void> {
  await run(db, 'UPDATE update_releases SET blockmap_size = ? WHERE version = ?', [size, version]);
}

export async function isPaused(db: Sql): Promise<boolean> {
  return (await storedSettings(db)).get(PAUSED_KEY) === '1';
}

export async function storePaused(db: Sql, paused: boolean, at: Date, userId: number | null): Promise<void> {
  await storeSetting(db, PAUSED_KEY, paused ? '1' : '0', at, userId);
}
