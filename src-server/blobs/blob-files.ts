import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SHA256_PATTERN } from '../../src-shared/contract/sync-api.js';
import { writeFileDurably, writeFileDurablySync } from '../../src-node/durable-write.js';
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
 * Blob files on the server's disk, under `<data>/blobs/ab/<sha256>`: the path comes from the hash the
 * server computed itself, never from anything a client named. Written with temp file, fsync, rename,
 * so a crash leaves either the whole file or none (and at most a temp file named after this host and
 * process, which the next start removes: temp-sweep.ts).
 */
export class BlobFiles {
  readonly root: string;
  /** Fan-out folders known to exist: mkdir is a system call per upload otherwise. */
  private readonly made = new Set<string>();

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'blobs');
  }

  pathOf(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  exists(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  async write(sha256: string, bytes: Buffer): Promise<void> {
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new Error('write: bytes do not match their name');
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) return;
    const dir = path.dirname(target);
    if (!this.made.has(dir)) {
      await fs.promises.mkdir(dir, { recursive: true });
      this.made.add(dir);
    }
    await writeFileDurably(target, bytes, { tmp: blobTempPath(target) });
  }

  /**
   * The same, synchronously: for the rare upload whose file the blob clean-up removed between
   * `write` and the commit of its rows (checked inside that commit, so rows never name a missing file).
   */
  writeSync(sha256: string, bytes: Buffer): void {
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new Error('write: bytes do not match their name');
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) return;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    writeFileDurablySync(target, bytes, { tmp: blobTempPath(target) });
  }
}
