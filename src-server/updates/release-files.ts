import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { tempPathBeside } from '../../src-node/durable-write.js';
import { isSemver } from './semver.js';

/**
 * Where a release's files live: `<blob folder>/updates/<version>/installer.exe` and
 * `installer.exe.blockmap` (BLOB_DIR, the folder every server process shares). The names on disk are
 * fixed; the installer's own name (possibly Chinese) is only in the database and the URL, so nothing a
 * PC asks for ever becomes part of a path. The blob clean-ups only walk the two-hex-digit folders and
 * never touch `updates/`.
 */

export const UPDATES_FOLDER = 'updates';
const INSTALLER_FILE = 'installer.exe';
const BLOCKMAP_FILE = 'installer.exe.blockmap';

export function releaseDir(blobDir: string, version: string): string {
  if (!isSemver(version)) throw new Error(`not a version: ${version}`);
  return path.join(blobDir, UPDATES_FOLDER, version);
}

export function releaseFilePath(blobDir: string, version: string, kind: 'installer' | 'blockmap'): string {
  return path.join(releaseDir(blobDir, version), kind === 'installer' ? INSTALLER_FILE : BLOCKMAP_FILE);
}

export interface CopyCheck {
  /** Refuse (and stop reading) past this many bytes. */
  maxBytes: number;
  /** Refuse unless exactly this many bytes were copied. */
  size?: number;
  /** Refuse unless the copied bytes have this SHA-512 (base64). */
  sha512?: string;
}

export type CopyProblem = { problem: 'too_large' } | { problem: 'size'; size: number } | { problem: 'sha512'; sha512: string };

/**
 * Copies `from` to `target` so that `target` is absent or whole (temp file beside it, fsync, rename),
 * hashing the very bytes it writes: a file changed between a check and the copy cannot slip in. The
 * copy is renamed into place only when they pass `check`; otherwise the temp file is removed and the
 * problem returned. Streams, so a 1 GB installer never sits in memory.
 */
export async function copyChecked(from: string, target: string, check: CopyCheck): Promise<CopyProblem | { size: number; sha512: string }> {
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const tmp = tempPathBeside(target, true);
  const hash = createHash('sha512');
  let bytes = 0;
  const out = await fs.promises.open(tmp, 'wx');
  let renamed = false;
  try {
    for await (const chunk of fs.createReadStream(from, { highWaterMark: 1024 * 1024 })) {
      const b = chunk as Buffer;
      bytes += b.length;
      if (bytes > check.maxBytes) return { problem: 'too_large' };
      hash.update(b);
      for (let done = 0; done < b.length; ) done += (await out.write(b, done, b.length - done)).bytesWritten;
    }
    await out.sync();
    await out.close();
    const sha512 = hash.digest('base64');
    if (check.size !== undefined && bytes !== check.size) return { problem: 'size', size: bytes };
    if (check.sha512 !== undefined && sha512 !== check.sha512) return { problem: 'sha512', sha512 };
    await fs.promises.rename(tmp, target);
    renamed = true;
    return { size: bytes, sha512 };
  } finally {
    await out.close().catch(() => undefined);
    if (!renamed) await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** Whether a stored file is whole: the size (a stat), then the SHA-512 when one is given. */
export async function storedFileIsWhole(file: string, size: number, sha512?: string): Promise<boolean> {
  const stat = await fs.promises.stat(file).catch(() => undefined);
  if (!stat?.isFile() || stat.size !== size) return false;
  if (sha512 === undefined) return true;
  const hash = createHash('sha512');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('base64') === sha512;
}

/**
 * Removes the folders of releases no longer in the database: the ones just pruned, and any left by a
 * publish that failed after copying (older than an hour, so a publish under way elsewhere is left
 * alone). A folder that cannot be removed now (a PC still downloading from it on Windows) is tried
 * again at the next publish. Returns the versions removed.
 */
export async function removeUnlistedReleaseFolders(blobDir: string, kept: ReadonlySet<string>, pruned: ReadonlySet<string>, nowMs = Date.now()): Promise<string[]> {
  const root = path.join(blobDir, UPDATES_FOLDER);
  const names = await fs.promises.readdir(root).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (kept.has(name) || !isSemver(name)) continue;
    const dir = path.join(root, name);
    const stat = await fs.promises.stat(dir).catch(() => undefined);
    if (!stat?.isDirectory()) continue;
    if (!pruned.has(name) && nowMs - stat.mtimeMs < 60 * 60 * 1000) continue;
    try {
      await fs.promises.rm(dir, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Busy (Windows keeps an open file); the next publish tries again.
    }
  }
  return removed;
}
