import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE } from '../../src-main/store/open-store.js';
import { REPO_ROOT } from './run-cli.js';

/**
 * Real storage faults for tests (issue 14), made with what the OS really does, never a fake error:
 * a read-only bind mount (EROFS), an immutable folder (chattr +i: EPERM, even for root), a small
 * tmpfs filled up (ENOSPC / SQLITE_FULL), another process holding `BEGIN EXCLUSIVE`. CI runs as root,
 * where chmod takes nothing away; the mounts need root (CAP_SYS_ADMIN). Where a mechanism is not
 * available, `why` says so and the test is skipped with that reason.
 */

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Why mounts cannot be made here, or undefined when they can. */
export const noMountReason: string | undefined = (() => {
  if (process.platform !== 'linux') return 'mounts are made with Linux mount(8)';
  if (!isRoot) return 'mount(8) needs root (CI runs as root)';
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-mount-probe-'));
  try {
    run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
    run('umount', [probe]);
    return undefined;
  } catch (e) {
    return `mount -t tmpfs failed here (${String((e as { stderr?: Buffer }).stderr ?? e).trim()})`;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
})();

/** Why chattr +i cannot be used on `dir`'s file system, or undefined. */
export function noChattrReason(dir: string): string | undefined {
  if (process.platform !== 'linux') return 'chattr is Linux only';
  const probe = fs.mkdtempSync(path.join(dir, 'chattr-probe-'));
  try {
    run('chattr', ['+i', probe]);
    run('chattr', ['-i', probe]);
    return undefined;
  } catch (e) {
    return `chattr +i is not possible here (${String((e as { stderr?: Buffer }).stderr ?? e).trim()})`;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

/** `dir` becomes read-only where it is (a read-only bind mount over itself); returns the undo. */
export function mountReadOnly(dir: string): () => void {
  run('mount', ['--bind', dir, dir]);
  try {
    run('mount', ['-o', 'remount,ro,bind', dir]);
  } catch (e) {
    run('umount', [dir]);
    throw e;
  }
  return () => run('umount', [dir]);
}

/** `dir` becomes immutable: nothing may be created, removed or written in it, even by root. */
export function makeImmutable(dir: string): () => void {
  run('chattr', ['+i', dir]);
  return () => run('chattr', ['-i', dir]);
}

/** A tmpfs of `bytes` at `dir`; returns the undo. */
export function mountTmpfs(dir: string, bytes: number): () => void {
  fs.mkdirSync(dir, { recursive: true });
  run('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  return () => run('umount', [dir]);
}

/** Fills the file system holding `dir` until `leave` bytes are free, with a new file `name` in it. */
export function fillDisk(dir: string, leave: number, name = 'filler'): void {
  const s = fs.statfsSync(dir);
  const free = s.bavail * s.bsize;
  if (free <= leave) return;
  const fd = fs.openSync(path.join(dir, name), 'wx');
  try {
    const chunk = Buffer.alloc(4096);
    for (let left = free - leave; left > 0; left -= chunk.length) fs.writeSync(fd, chunk, 0, Math.min(chunk.length, left));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Another process holding the store with `BEGIN EXCLUSIVE` (as a second program writing to it
 * would); resolves once it holds it. `release()` rolls back, closes and waits for the process.
 */
export async function holdExclusive(dbFile: string): Promise<{ release: () => Promise<void> }> {
  const script = `const D = require(${JSON.stringify(path.join(REPO_ROOT, 'node_modules', 'better-sqlite3'))});
const db = new D(${JSON.stringify(dbFile)});
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('held\\n');
process.stdin.on('data', () => {}).on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
    child.on('exit', (code) => reject(new Error(`the holder exited (${code}) before holding the store`)));
  });
  return {
    release: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

export interface StoreSnapshot {
  integrity: string;
  counts: { batches: number; persons: number; audit: number; blobs: number; evidence: number };
  files: string[];
}

/** The data folder's files (recursively, before the store is opened here), the store's integrity and row counts. */
export function snapshot(dataDir: string): StoreSnapshot {
  const files = listFiles(dataDir);
  // Read-write, so that closing this last connection removes the -wal and -shm it made.
  const db = new Database(path.join(dataDir, DB_FILE), { fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? '';
    const count = (t: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    const counts = { batches: count('batches'), persons: count('persons'), audit: count('audit_log'), blobs: count('blobs'), evidence: count('evidence') };
    return { integrity, counts, files };
  } finally {
    db.close();
  }
}

export function listFiles(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]))
    .sort();
}

/** One plain Chinese line: no English from SQLite or the OS, no stack, not "damaged". */
export const PLAIN_CHINESE_LINE = /^[^\n]*[\u4e00-\u9fff][^\n]*\n?$/;
export const ENGLISH = /SQLITE|sqlite|database|disk|readonly|read-only|unable|attempt|permission|denied|error|EACCES|EPERM|EROFS|ENOSPC|busy|locked/;
