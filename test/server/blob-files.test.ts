import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobFiles } from '../../src-server/blobs/blob-files.js';
import { REPO_ROOT, serverTempDir } from './server-helpers.js';

/** BlobFiles in a blob folder several writers (requests, processes) share: never a partial file. */

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const leftovers = (root: string) => (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.tmp'));

/** A child process that writes `bytes` (from a file) under their hash `times` times into `root`. */
function writer(root: string, source: string, times: number): Promise<number | null> {
  const script = `
    import fs from 'node:fs';
    import { createHash } from 'node:crypto';
    import { BlobFiles } from './src-server/blobs/blob-files.ts';
    const [root, source, times] = process.argv.slice(1);
    const bytes = fs.readFileSync(source);
    const sha = createHash('sha256').update(bytes).digest('hex');
    for (let i = 0; i < Number(times); i++) await new BlobFiles(root).write(sha, bytes);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, root, source, String(times)], { cwd: REPO_ROOT, stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('BlobFiles', () => {
  it('many writers of the same bytes at once leave one whole file and no temp file', async () => {
    const root = path.join(serverTempDir(), 'blobs');
    const bytes = randomBytes(512 * 1024);
    await Promise.all(Array.from({ length: 12 }, () => new BlobFiles(root).write(sha(bytes), bytes)));
    const files = new BlobFiles(root);
    expect(fs.readFileSync(files.pathOf(sha(bytes)))).toEqual(bytes);
    expect(leftovers(root)).toEqual([]);
  });

  it('two processes writing the same hash at once: whoever looks sees no file or the whole file, never part of one', { timeout: 120_000 }, async () => {
    const root = path.join(serverTempDir(), 'blobs');
    const source = path.join(serverTempDir(), 'source.bin');
    const bytes = randomBytes(4 * 1024 * 1024);
    fs.writeFileSync(source, bytes);
    const target = new BlobFiles(root).pathOf(sha(bytes));
    let seen = 0;
    let done = false;
    // Removes the file now and then, so the writers keep writing it anew while this reads.
    const watch = (async () => {
      while (!done) {
        try {
          const read = fs.readFileSync(target);
          expect(read.length).toBe(bytes.length);
          expect(sha(read)).toBe(sha(bytes));
          seen++;
          if (seen % 3 === 0) fs.rmSync(target, { force: true });
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const codes = await Promise.all([writer(root, source, 40), writer(root, source, 40)]);
    done = true;
    await watch;
    expect(codes).toEqual([0, 0]);
    expect(seen).toBeGreaterThan(0);
    expect(leftovers(root)).toEqual([]);
  });

  it('replaces a file of the right name but the wrong contents (one not made by a write)', async () => {
    const root = path.join(serverTempDir(), 'blobs');
    const files = new BlobFiles(root);
    const bytes = randomBytes(64 * 1024);
    const target = files.pathOf(sha(bytes));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Cut short, and then the same size but other bytes.
    for (const broken of [bytes.subarray(0, 1000), randomBytes(bytes.length)]) {
      fs.writeFileSync(target, broken);
      await files.write(sha(bytes), bytes);
      expect(fs.readFileSync(target)).toEqual(bytes);
    }
    expect(leftovers(root)).toEqual([]);
  });

  it('refuses bytes that do not match their name, writing nothing', async () => {
    const root = path.join(serverTempDir(), 'blobs');
    const files = new BlobFiles(root);
    await expect(files.write(sha(Buffer.from('a')), Buffer.from('b'))).rejects.toThrow(/do not match/);
    expect(fs.existsSync(root)).toBe(false);
  });
});
