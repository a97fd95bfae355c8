import { createHash } from 'node:crypto';
import { compareVersions } from './semver.js';

/**
 * Which release a PC is offered (the staged rollout). Pure: the routes and the console's preview use it
 * with the rows of update-store.ts.
 *
 * A PC's place in a release's rollout is its bucket: SHA-256 of `<installId>:<version>` (the install id
 * in lower case, UTF-8), the whole 32-byte digest read as one big-endian number, modulo 100 — a number
 * from 0 to 99. The PC is in when its bucket is below the release's rollout percentage. The same PC
 * and version always give the same bucket, so raising 10 % to 30 % keeps the first 10 % in and adds
 * others; another version gives an unrelated bucket, so the same PCs are not always the first to try.
 * A PC without a usable install id (header x-install-id, a UUID) has no bucket: it is in only at 100 %.
 */

export interface RolloutRelease {
  version: string;
  rolloutPercent: number;
  withdrawn: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The install id from the header, lower case, or null when it is missing or not a UUID. */
export function installIdOf(header: string | string[] | undefined): string | null {
  const v = Array.isArray(header) ? header[0] : header;
  if (typeof v !== 'string') return null;
  const id = v.trim().toLowerCase();
  return UUID.test(id) ? id : null;
}

/** 0-99: where this PC stands in this version's rollout. */
export function rolloutBucket(installId: string, version: string): number {
  const digest = createHash('sha256').update(`${installId}:${version}`, 'utf8').digest('hex');
  return Number(BigInt(`0x${digest}`) % 100n);
}

/** Whether a PC (null: no usable install id) is within a release's rollout percentage. */
export function isInRollout(installId: string | null, version: string, percent: number): boolean {
  if (percent >= 100) return true;
  if (percent <= 0 || installId === null) return false;
  return rolloutBucket(installId, version) < percent;
}

/** The releases a PC may be offered, newest first: the withdrawn ones left out. */
export function activeNewestFirst<R extends RolloutRelease>(releases: readonly R[]): R[] {
  return releases.filter((r) => !r.withdrawn).sort((a, b) => compareVersions(b.version, a.version));
}

/**
 * The release this PC gets: the newest active release it is in. While the feed is paused the newest
 * active release (the one being rolled out) is offered to nobody, so every PC gets the one before it
 * as if it were out. Undefined: nothing to offer (the PC is told "no update").
 */
export function releaseFor<R extends RolloutRelease>(releases: readonly R[], installId: string | null, paused: boolean): R | undefined {
  const active = activeNewestFirst(releases);
  return active.find((r, i) => !(paused && i === 0) && isInRollout(installId, r.version, r.rolloutPercent));
}
