import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/open-store.js';
import { localIso } from '../store/clock.js';
import { writeFileDurablySync } from '../../src-node/durable-write.js';

/**
 * Photos and evidence files, stored once each under the SHA-256 of their bytes
 * (`<data>/blobs/ab/abcdef…`): the same photo imported twice takes no extra space, a file is never
 * half-written (temp file, fsync, rename), and the sync server can be asked "do you have ab…?" by the
 * same name. Names from the clerk's disk are never used as paths here.
 */
export class BlobStore {
  readonly root: string;

  constructor(
    private readonly db: Db,
    dataDir: string,
  ) {
    this.root = path.join(dataDir, 'blobs');
  }

  static sha256(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return this.db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').get(sha256) !== undefined && fs.existsSync(this.pathOf(sha256));
  }

  /** Stores `bytes` (idempotent) and records it; returns its SHA-256. */
  put(bytes: Buffer, mime: string, at: Date = new Date()): string {
    const sha = BlobStore.sha256(bytes);
    const target = this.pathOf(sha);
    if (!fs.existsSync(target)) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      writeFileDurablySync(target, bytes, { hidden: true });
    }
    this.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, mime, created_at) VALUES (?, ?, ?, ?)').run(sha, bytes.length, mime, localIso(at));
    return sha;
  }

  /**
   * Removes a file whose row is gone (a deleted person's or batch's, dropped by deletion-repo in a
   * committed transaction). A file already missing is fine: that is the state wanted.
   */
  removeFile(sha256: string): void {
    fs.rmSync(this.pathOf(sha256), { force: true });
  }

  /** The bytes, checked against their name: a damaged file is an error, not a silent wrong photo. */
  read(sha256: string): Buffer {
    const bytes = fs.readFileSync(this.pathOf(sha256));
    if (BlobStore.sha256(bytes) !== sha256) throw new Error(`文件 ${sha256.slice(0, 12)}… 已损坏（内容与记录不符），请重新导入该文件。`);
    return bytes;
  }
}
