import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { SHA256_PATTERN } from '../../src-shared/contract/sync-api.js';

/**
 * The names of the temp files a blob is written to before its rename (`<sha>.<host>-<pid>-<rand>.tmp`
 * beside the blob): they say which host and which process wrote them, so that the sweep at start
 * (temp-sweep.ts) can tell a temp file a dead process left behind (remove it now) from one another
 * process is writing at this moment (leave it).
 */

/** This host, in 8 hex digits: the first of sha256(hostname). A data folder may one day be shared. */
export const HOST_TAG = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);

/** A new temp name beside `target` for this host and process. */
export function blobTempPath(target: string): string {
  return `${target}.${HOST_TAG}-${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * Who wrote a blob temp file, by its name:
 * - `tagged`: this version's `<sha>.<host>-<pid>-<rand>.tmp`;
 * - `untagged`: earlier versions' `<sha>.<pid>-<rand>.tmp` (one server per data folder then);
 * - `unknown`: some other `<sha>….tmp`.
 * Undefined when the name is not a blob temp file at all.
 */
export type BlobTempOwner = { kind: 'tagged'; host: string; pid: number } | { kind: 'untagged'; pid: number } | { kind: 'unknown' };

const TAGGED = /^\.([0-9a-f]{8})-(\d{1,10})-[0-9a-f]+\.tmp$/;
const UNTAGGED = /^\.(\d{1,10})-[0-9a-f]+\.tmp$/;

export function blobTempOwner(fileName: string): BlobTempOwner | undefined {
  const name = path.basename(fileName);
  if (!name.endsWith('.tmp') || !SHA256_PATTERN.test(name.slice(0, 64))) return undefined;
  const rest = name.slice(64);
  const tagged = TAGGED.exec(rest);
  if (tagged) return { kind: 'tagged', host: tagged[1]!, pid: Number(tagged[2]) };
  const untagged = UNTAGGED.exec(rest);
  if (untagged) return { kind: 'untagged', pid: Number(untagged[1]) };
  return { kind: 'unknown' };
}
