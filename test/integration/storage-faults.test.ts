import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { cliArgv, cliEnv, REPO_ROOT, runCli, type CliResult } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { DB_FILE } from '../../src-main/store/open-store.js';
import {
  ENGLISH,
  PLAIN_CHINESE_LINE,
  fillDisk,
  holdExclusive,
  isRoot,
  makeImmutable,
  mountReadOnly,
  mountTmpfs,
  noChattrReason,
  noMountReason,
  snapshot,
} from '../helpers/storage-faults.js';

/**
 * Issue 14, part 3, through the CLI as a child process: a read-only data folder, one the user may not
 * write, a full disk and a store held by another process each end with exit 2 and one plain Chinese
 * line that says what happened and what to do — never SQLite's English, an internal error or a
 * damaged database — and leave the store as it was, with no file of ours left behind.
 */
const root = tempDir('zfbm-faults-');
// The CLI also runs as another user below (nobody), who must reach the files.
fs.chmodSync(root, 0o755);
let n = 0;
const freshDir = () => path.join(root, `data-${++n}`);
const small = path.join(root, '三人.xlsx');
const big = path.join(root, '二百人.xlsx');

beforeAll(async () => {
  await writeTemplate(small, [validRow(), validRow(), validRow()]);
  await writeTemplate(big, Array.from({ length: 200 }, () => validRow()));
  fs.chmodSync(small, 0o644);
  fs.chmodSync(big, 0o644);
});

/** A data folder holding a store with one batch of three, closed cleanly (no -wal, no -shm). */
async function storeWithOneBatch(dir = freshDir()): Promise<string> {
  const r = await runCli(['import', '--data', dir, small]);
  expect(r.code, r.stderr).toBe(0);
  expect(fs.readdirSync(dir)).toEqual([DB_FILE]);
  return dir;
}

function expectFault(r: CliResult, words: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(PLAIN_CHINESE_LINE);
  // The folder's path is the clerk's own; the words around it are Chinese.
  expect(r.stderr.replace(/“[^”]*”/g, '“…”')).not.toMatch(ENGLISH);
  expect(r.stderr).not.toMatch(/损坏|备份恢复|内部错误|技术支持/);
  expect(r.stderr).toMatch(words);
  expect(r.stderr).toContain('数据没有改变');
}

/** The CLI run as user nobody (uid 65534), for a folder root owns: a real EACCES, as a clerk without rights gets. */
function runCliAsNobody(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      cliArgv(args),
      { cwd: REPO_ROOT, uid: 65534, gid: 65534, env: cliEnv({ HOME: '/nonexistent' }) },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Every folder from / down to `dir` may be entered by other users. */
function othersReach(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) return false;
    if (path.dirname(d) === d) return true;
  }
}

describe('storage faults through the CLI', () => {
  it.skipIf(noMountReason)(`a read-only data folder: exit 2, 只读, store unchanged${noMountReason ? ` (skipped: ${noMountReason})` : ''}`, async () => {
    const dir = await storeWithOneBatch();
    const before = snapshot(dir);
    const undo = mountReadOnly(dir);
    let r: CliResult, list: CliResult;
    try {
      r = await runCli(['import', '--data', dir, big]);
      list = await runCli(['batches', '--data', dir]);
    } finally {
      undo();
    }
    expectFault(r, /只读/);
    expectFault(list, /只读/);
    expect(snapshot(dir)).toEqual(before);
    expect(before.integrity).toBe('ok');
  });

  // As root the clerk's case is played by user nobody, who must reach the checkout (not under /root).
  const nobodyCannotRun = isRoot && !othersReach(REPO_ROOT) ? `user nobody cannot reach ${REPO_ROOT}` : undefined;
  it.skipIf(nobodyCannotRun)(`a data folder the user may not write: exit 2, 没有…权限, never a damaged database${nobodyCannotRun ? ` (skipped: ${nobodyCannotRun})` : ''}`, async () => {
    const dir = await storeWithOneBatch();
    const before = snapshot(dir);
    let r: CliResult;
    if (isRoot) {
      // Root may write anywhere; the clerk's case is another user.
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(path.join(dir, DB_FILE), 0o644);
      r = await runCliAsNobody(['import', '--data', dir, big]);
    } else {
      fs.chmodSync(dir, 0o555);
      try {
        r = await runCli(['import', '--data', dir, big]);
      } finally {
        fs.chmodSync(dir, 0o755);
      }
    }
    expectFault(r, /没有写入数据文件夹.*的权限/);
    expect(snapshot(dir)).toEqual(before);
  });

  const noChattr = noChattrReason(root);
  it.skipIf(noChattr)(`an immutable data folder (EPERM, also for root): exit 2, 没有…权限${noChattr ? ` (skipped: ${noChattr})` : ''}`, async () => {
    const dir = await storeWithOneBatch();
    const before = snapshot(dir);
    const undo = makeImmutable(dir);
    let r: CliResult;
    try {
      r = await runCli(['import', '--data', dir, big]);
    } finally {
      undo();
    }
    expectFault(r, /没有写入数据文件夹.*的权限/);
    expect(snapshot(dir)).toEqual(before);
  });

  it.skipIf(noMountReason)(`a full disk: exit 2, 磁盘已满, store unchanged, no -wal or -shm left${noMountReason ? ` (skipped: ${noMountReason})` : ''}`, async () => {
    const disk = path.join(root, `disk-${++n}`);
    const undo = mountTmpfs(disk, 1024 * 1024);
    try {
      const dir = await storeWithOneBatch(path.join(disk, 'data'));
      const before = snapshot(dir);
      // Room for the store to open, not for 200 more people.
      fillDisk(disk, 48 * 1024);
      const r = await runCli(['import', '--data', dir, big]);
      expectFault(r, /磁盘已满/);
      expect(snapshot(dir)).toEqual(before);
      expect(before.integrity).toBe('ok');
      // A 问题清单 written onto the full disk: refused in Chinese, its temp file removed.
      const number = (JSON.parse((await runCli(['batches', '--data', dir, '--json'])).stdout) as Array<{ number: string }>)[0]!.number;
      // Room for the store's -shm (32 KB) while the report is written, not for the report.
      fillDisk(disk, 40 * 1024, 'filler-2');
      const out = await runCli(['report', '--data', dir, '--batch', number, '--out', path.join(disk, '问题清单.xlsx')]);
      expect(out.code, out.stderr).toBe(2);
      expect(out.stderr).toMatch(PLAIN_CHINESE_LINE);
      expect(out.stderr).toMatch(/磁盘空间不足/);
      expect(fs.readdirSync(disk).sort()).toEqual(['data', 'filler', 'filler-2']);
      expect(snapshot(dir)).toEqual(before);
    } finally {
      undo();
    }
  });

  it.skipIf(noMountReason)(`a new data folder on a full disk: exit 2, 磁盘已满, no half-made store, -wal or -shm left${noMountReason ? ` (skipped: ${noMountReason})` : ''}`, async () => {
    const disk = path.join(root, `disk-${++n}`);
    const undo = mountTmpfs(disk, 256 * 1024);
    try {
      fillDisk(disk, 48 * 1024);
      const dir = path.join(disk, 'data');
      expectFault(await runCli(['import', '--data', dir, small]), /磁盘已满/);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      undo();
    }
  });

  it('a store held by another process: waits 5 s, then exit 2 naming the other program; store unchanged', async () => {
    const dir = await storeWithOneBatch();
    const before = snapshot(dir);
    const holder = await holdExclusive(path.join(dir, DB_FILE));
    let r: CliResult;
    const t0 = Date.now();
    try {
      r = await runCli(['import', '--data', dir, big]);
    } finally {
      await holder.release();
    }
    expect(Date.now() - t0).toBeGreaterThanOrEqual(5000);
    expectFault(r, /另一个程序使用.*报名助手窗口.*再试/);
    expect(snapshot(dir)).toEqual(before);
  }, 60_000);
});
