import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileDurably } from '../../src-node/durable-write.js';
import { SHA256_PATTERN } from '../../src-shared/contract/sync-api.js';
import { blobTempPath } from './blob-temp-names.js';

/**
 * Every name in the fan-out folders `<root>/ab/` (blob files, temp files, strays) with its path, for
 * the clean-ups that walk them (blob-gc.ts, temp-sweep.ts); nothing when a folder is gone.
 */
export async function* fanOutEntries(root: string): AsyncGenerator<{ name: string; file: string }> {
  for (const dir of await namesIn(root)) {
    if (!/^[0-9a-f]{2}$/.test(dir)) continue;
    for (const name of await namesIn(path.join(root, dir))) yield { name, file: path.join(root, dir, name) };
  }
}

async function namesIn(dir: string): Promise<string[]> {
  try {
    return await fs.promises.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/**
 * Blob files on the server's disk, under `<blob folder>/ab/<sha256>` (config.blobDir: BLOB_DIR, by
 * default `<data>/blobs`; a folder several server processes may share): the path comes from the hash
 * the server computed itself, never from anything a client named.
 *
 * A file is written to a temp name of its own beside the target (named after this host and process:
 * blob-temp-names.ts), fsynced, then renamed into place, so the target is always either absent or the
 * whole file, whatever crashes and however many processes write the same hash at once: each writes
 * its own temp file, and a rename replaces the target in one step. A writer that finds the target
 * already there and whole drops its temp file instead. A crash leaves at most a temp file, which the
 * next start removes (temp-sweep.ts).
 */
export class BlobFiles {
  /** Fan-out folders known to exist: mkdir is a system call per upload otherwise. */
  private readonly made = new Set<string>();

  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  exists(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  /** Stores the bytes under their hash (checked here), unless a whole file with that hash is there already. */
  async write(sha256: string, bytes: Buffer): Promise<void> {
    if (hashOf(bytes) !== sha256) throw new Error('write: bytes do not match their name');
    const target = this.pathOf(sha256);
    if (await holds(target, sha256, bytes.length)) return;
    const dir = path.dirname(target);
    if (!this.made.has(dir)) {
      await fs.promises.mkdir(dir, { recursive: true });
      this.made.add(dir);
    }
    // Temp file, fsync, rename (src-node/durable-write.ts): a reader, in this process or another, sees
    // no file or a whole one. Two writers of the same bytes at once each rename a whole copy over the
    // other; either way the file holds them.
    await writeFileDurably(target, bytes, { tmp: blobTempPath(target) });
  }
}

function hashOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Whether `file` is there with these contents: the size first (a stat), then the hash. Only a file the
 * rename did not make (copied in by hand, cut short by a full disk on restore) can fail the hash; such
 * a file is then replaced by the rename.
 */
async function holds(file: string, sha256: string, size: number): Promise<boolean> {
  const stat = await fs.promises.stat(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (!stat?.isFile() || stat.size !== size) return false;
  const hash = createHash('sha256');
  try {
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  } catch (e) {
    // Unlinked meanwhile (the clean-up): not there.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  return hash.digest('hex') === sha256;
}
