import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore, DB_FILE, type Db } from '../../src-main/store/open-store.js';
import { openDesktopBackend } from '../../src-main/services/desktop-backend.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { StoreError } from '../../src-main/store/store-error.js';
import type { DesktopHandlers } from '../../src-main/services/desktop-handlers.js';
import { makeHandlers } from '../helpers/desktop-handlers.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ENGLISH, PLAIN_CHINESE_LINE, fillDisk, holdExclusive, listFiles, makeImmutable, mountReadOnly, mountTmpfs, noChattrReason, noMountReason, snapshot } from '../helpers/storage-faults.js';

/**
 * Issue 14, part 3, in the window: the same storage faults as through the CLI (storage-faults.test.ts),
 * answered by the desktop-api handlers with code store.* and a Chinese message, the store unchanged.
 */
const root = tempDir('zfbm-desk-faults-');
let n = 0;
const small = path.join(root, '三人.xlsx');
const big = path.join(root, '二百人.xlsx');
const pdf = path.join(root, '三定方案.pdf');
const cleanup: Array<() => void> = [];

beforeAll(async () => {
  await writeTemplate(small, [validRow(), validRow(), validRow()]);
  await writeTemplate(big, Array.from({ length: 200 }, () => validRow()));
  fs.writeFileSync(pdf, Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'));
});
afterEach(() => {
  for (const undo of cleanup.splice(0).reverse()) undo();
});

/** The window's handlers over a data folder with one batch of three. */
async function desk(dir = path.join(root, `data-${++n}`)): Promise<{ dir: string; db: Db; h: DesktopHandlers; batchId: string }> {
  const db = openStore(dir);
  cleanup.push(() => db.open && db.close());
  const h = makeHandlers(db, dir);
  const r = await h.handle('import.file', { file: small });
  expect(r.ok).toBe(true);
  fs.mkdirSync(path.join(dir, 'blobs'), { recursive: true });
  return { dir, db, h, batchId: (r as { value: { batch: { id: string } } }).value.batch.id };
}

function expectFault(r: unknown, code: string, words: RegExp): void {
  expect(r).toMatchObject({ ok: false, error: { code } });
  const message = (r as { error: { message: string } }).error.message;
  expect(message).toMatch(PLAIN_CHINESE_LINE);
  expect(message.replace(/“[^”]*”/g, '“…”')).not.toMatch(ENGLISH);
  expect(message).not.toMatch(/损坏|备份恢复|内部出错|技术支持/);
  expect(message).toMatch(words);
}

const openFails = (dir: string): StoreError => {
  try {
    const b = openDesktopBackend({ dataDir: dir, tokens: new MemoryTokenStore(), runOutbox: false });
    void b.close();
  } catch (e) {
    expect(e).toBeInstanceOf(StoreError);
    return e as StoreError;
  }
  throw new Error('the backend opened');
};

describe('storage faults in the window (desktop-api handlers)', () => {
  it('the store held by another process: store.locked after 5 s, nothing written', async () => {
    const { dir, h } = await desk();
    const before = snapshot(dir);
    const holder = await holdExclusive(path.join(dir, DB_FILE));
    let r: unknown;
    try {
      r = await h.handle('import.file', { file: big });
    } finally {
      await holder.release();
    }
    expectFault(r, 'store.locked', /另一个程序使用.*再试/);
    expect(snapshot(dir).counts).toEqual(before.counts);
  }, 30_000);

  it('the store full (PRAGMA max_page_count set on the open store): store.disk_full, nothing written', async () => {
    const { dir, db, h } = await desk();
    const before = snapshot(dir);
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 1}`);
    const r = await h.handle('import.file', { file: big });
    db.pragma('max_page_count = 4294967294');
    expectFault(r, 'store.disk_full', /磁盘已满/);
    const after = snapshot(dir);
    expect(after.counts).toEqual(before.counts);
    expect(after.integrity).toBe('ok');
  });

  it.skipIf(noMountReason)(`a real full disk: store.disk_full, nothing written${noMountReason ? ` (skipped: ${noMountReason})` : ''}`, async () => {
    const disk = path.join(root, `disk-${++n}`);
    cleanup.push(mountTmpfs(disk, 1024 * 1024));
    const { dir, h } = await desk(path.join(disk, 'data'));
    const before = snapshot(dir);
    fillDisk(disk, 48 * 1024);
    expectFault(await h.handle('import.file', { file: big }), 'store.disk_full', /磁盘已满/);
    expect(snapshot(dir).counts).toEqual(before.counts);
  });

  it.skipIf(noMountReason)(`a read-only data folder: the window's store does not open (read_only), and 佐证资料 into read-only blobs is store.read_only${noMountReason ? ` (skipped: ${noMountReason})` : ''}`, async () => {
    const { dir, db, h, batchId } = await desk();
    const blobs = path.join(dir, 'blobs');
    const before = snapshot(dir);
    const undoBlobs = mountReadOnly(blobs);
    try {
      expectFault(await h.handle('evidence.add', { batchId, file: pdf, kind: '三定方案' }), 'store.read_only', /只读/);
    } finally {
      undoBlobs();
    }
    expect(listFiles(blobs)).toEqual([]);
    expect(snapshot(dir).counts).toEqual(before.counts);

    db.close();
    const undo = mountReadOnly(dir);
    let e: StoreError;
    try {
      e = openFails(dir);
    } finally {
      undo();
    }
    expect(e.code).toBe('read_only');
    expectFault({ ok: false, error: { code: `store.${e.code}`, message: e.message } }, 'store.read_only', /只读/);
  });

  const noChattr = noChattrReason(root);
  it.skipIf(noChattr)(`a data folder that may not be written (EPERM): the store does not open (no_permission), 佐证资料 is store.no_permission${noChattr ? ` (skipped: ${noChattr})` : ''}`, async () => {
    const { dir, db, h, batchId } = await desk();
    const blobs = path.join(dir, 'blobs');
    const before = snapshot(dir);
    const undoBlobs = makeImmutable(blobs);
    try {
      expectFault(await h.handle('evidence.add', { batchId, file: pdf, kind: '三定方案' }), 'store.no_permission', /没有写入数据文件夹.*的权限/);
    } finally {
      undoBlobs();
    }
    expect(listFiles(blobs)).toEqual([]);
    expect(snapshot(dir).counts).toEqual(before.counts);

    db.close();
    const undo = makeImmutable(dir);
    let e: StoreError;
    try {
      e = openFails(dir);
    } finally {
      undo();
    }
    expect(e.code).toBe('no_permission');
    expect(e.message).not.toMatch(/损坏|备份恢复/);
  });
});
