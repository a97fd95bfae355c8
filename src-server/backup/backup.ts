import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurablySync } from '../../src-node/durable-write.js';
import { SHA256_PATTERN } from '../../src-shared/contract/sync-api.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { DB_FILE, type Db } from '../db/open-db.js';
import { CodedError } from '../../src-shared/coded-error.js';
import { liveBlobCheck, snapshotDatabase, StoreCopy } from './backup-store.js';

/**
 * `server-admin backup` and `restore`: a consistent copy of a data directory, taken while the server
 * runs, and its way back.
 *
 * Backup: SQLite's online backup API copies the database in one step (a single read snapshot; the
 * server keeps writing meanwhile), then the blob files that snapshot names are copied, each checked
 * against its SHA-256 on the way. `manifest.json` (every file's SHA-256 and size) is written last, all
 * of it into `<out>.partial`, renamed to `<out>` at the very end: a backup stopped half-way leaves no
 * folder that looks complete.
 *
 * Restore: the manifest is checked first — every file present with its size and hash, the database's
 * integrity_check, every stored file listed — before anything is written; then the files go into a
 * temp folder beside the target, checked again as they are copied, and the folder is renamed into
 * place. A target that is not empty is refused.
 */

/** A backup or restore that cannot be done as asked; the message is Chinese and says what to do (exit 2). */
export class BackupError extends CodedError<'backup'> {
  override name = 'BackupError';
  constructor(message: string) {
    super('backup', message, { userFacing: true });
  }
}

export const MANIFEST_FILE = 'manifest.json';
const FORMAT = 'zfbm-sync-server-backup';

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  createdAt: z.string(),
  schemaVersion: z.number().int(),
  files: z.array(z.object({ path: z.string(), sha256: z.string().regex(SHA256_PATTERN), size: z.number().int().nonnegative() })),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** The steps of a backup, in order; `onStep` may throw to stop it there (tests of an interrupted backup). */
export type BackupStep = 'database' | 'blobs' | 'manifest' | 'rename';

export interface BackupOptions {
  onStep?: (step: BackupStep) => void | Promise<void>;
  now?: Date;
}

export interface BackupSummary {
  out: string;
  createdAt: string;
  files: number;
  blobs: number;
  bytes: number;
  /** Files the snapshot named that the clean-up removed while the backup ran (dropped from the copy). */
  collectedMeanwhile: number;
}

const BLOB_PATH = /^blobs\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

function isEmptyOrMissing(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw e;
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function syncDir(dir: string): void {
  // Makes a rename durable; Windows cannot open a folder, and NTFS does not need it.
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // best effort
  }
}

/** Copies one file, hashing what it copies; the copy is fsynced. */
async function copyHashed(src: string, dst: string): Promise<{ sha256: string; size: number }> {
  await fs.promises.mkdir(path.dirname(dst), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  const out = await fs.promises.open(dst, 'wx');
  try {
    for await (const chunk of fs.createReadStream(src) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
      await out.write(chunk);
    }
    await out.sync();
  } finally {
    await out.close();
  }
  return { sha256: hash.digest('hex'), size };
}

async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

function blobRel(sha: string): string {
  return `blobs/${sha.slice(0, 2)}/${sha}`;
}

/**
 * Backs up the data directory whose store is `db` (open, possibly in use by the running server) into
 * `out`, which must not exist or be empty.
 */
export async function backupData(db: Db, dataDir: string, out: string, opts: BackupOptions = {}): Promise<BackupSummary> {
  out = path.resolve(out);
  dataDir = path.resolve(dataDir);
  if (isInside(out, dataDir) || isInside(dataDir, out)) {
    throw new BackupError(`备份文件夹“${out}”不能放在数据文件夹“${dataDir}”里面（或反过来）。请用 --out 指定另一个位置，最好是另一块磁盘。`);
  }
  if (!isEmptyOrMissing(out)) {
    throw new BackupError(`备份文件夹“${out}”已存在且不是空的。为免覆盖已有的备份，请用 --out 指定一个新的（或空的）文件夹。`);
  }
  const partial = `${out}.partial`;
  // A leftover of an interrupted backup to the same place: ours by its name, never a complete backup.
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    const createdAt = (opts.now ?? new Date()).toISOString();

    // 1. The database: one step, so one consistent read snapshot however busy the server is.
    await opts.onStep?.('database');
    const snapshotFile = path.join(partial, DB_FILE);
    await snapshotDatabase(db, snapshotFile);
    const snap = StoreCopy.forBackup(snapshotFile);
    let blobs: Array<{ sha256: string; size: number }>;
    let schemaVersion: number;
    let collectedMeanwhile = 0;
    try {
      const check = snap.integrityCheck();
      if (check !== 'ok') throw new BackupError(`数据库的完整性检查没有通过（${check}），备份没有完成。请先停止同步服务器并联系技术支持。`);
      schemaVersion = snap.schemaVersion();
      blobs = snap.blobs();

      // 2. The files the snapshot names, each checked against its name.
      await opts.onStep?.('blobs');
      const isLive = liveBlobCheck(db);
      const usedInSnapshot = snap.usedCheck();
      const kept: typeof blobs = [];
      for (const b of blobs) {
        const src = path.join(dataDir, ...blobRel(b.sha256).split('/'));
        const dst = path.join(partial, ...blobRel(b.sha256).split('/'));
        let copied: { sha256: string; size: number } | undefined;
        try {
          copied = await copyHashed(src, dst);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
        if (copied?.sha256 === b.sha256) {
          kept.push(b);
          continue;
        }
        fs.rmSync(dst, { force: true });
        // The daily clean-up may have removed an unused file after the snapshot: leave it out.
        if (!isLive(b.sha256) && !usedInSnapshot(b.sha256)) {
          snap.dropBlob(b.sha256);
          collectedMeanwhile++;
          continue;
        }
        throw new BackupError(
          `数据文件夹中的文件 ${blobRel(b.sha256)} ${copied ? '内容与其编号不符（已损坏）' : '不见了'}，备份没有完成。` +
            '请检查磁盘，并从上一次的备份中找回这个文件；不要删除现有的数据文件夹。',
        );
      }
      blobs = kept;
    } finally {
      snap.close();
    }

    // 3. The manifest, last: every file's hash and size.
    await opts.onStep?.('manifest');
    const files: BackupManifest['files'] = [{ path: DB_FILE, ...(await hashFile(snapshotFile)) }];
    for (const b of blobs) files.push({ path: blobRel(b.sha256), sha256: b.sha256, size: b.size });
    const manifest: BackupManifest = { format: FORMAT, version: 1, createdAt, schemaVersion, files };
    writeFileDurablySync(path.join(partial, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
    syncDir(partial);

    // 4. Into place.
    await opts.onStep?.('rename');
    if (fs.existsSync(out)) fs.rmdirSync(out); // empty, checked above
    fs.renameSync(partial, out);
    syncDir(path.dirname(out));
    return { out, createdAt, files: files.length, blobs: blobs.length, bytes: files.reduce((n, f) => n + f.size, 0), collectedMeanwhile };
  } catch (e) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw e;
  }
}

export interface RestoreSummary {
  from: string;
  dataDir: string;
  createdAt: string;
  files: number;
  blobs: number;
  bytes: number;
}

/** Reads and checks a backup folder without writing anything; throws BackupError when it cannot be used. */
export async function verifyBackup(from: string): Promise<BackupManifest> {
  const broken = (why: string) =>
    new BackupError(`“${from}”不是一个完整可用的备份：${why}。没有恢复任何东西。请换一个备份，或重新备份。`);
  let text: string;
  try {
    text = fs.readFileSync(path.join(from, MANIFEST_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw broken(`没有 ${MANIFEST_FILE}（可能不是备份文件夹，或者备份中途被中断了）`);
    }
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw broken(`${MANIFEST_FILE} 不是有效的 JSON（可能被改动或损坏）`);
  }
  const m = manifestSchema.safeParse(parsed);
  if (!m.success) throw broken(`${MANIFEST_FILE} 的内容不对（可能被改动或损坏）`);
  const manifest = m.data;
  const known = Math.max(...MIGRATIONS.map((x) => x.id));
  if (manifest.schemaVersion > known) {
    throw new BackupError(`这个备份来自更新版本的同步服务器（数据结构版本 ${manifest.schemaVersion}，本程序只认识到 ${known}）。请升级同步服务器后再恢复。没有恢复任何东西。`);
  }
  const seen = new Set<string>();
  for (const f of manifest.files) {
    const blob = BLOB_PATH.exec(f.path);
    const ok = f.path === DB_FILE || (blob !== null && blob[2]!.startsWith(blob[1]!) && blob[2] === f.sha256);
    if (!ok || seen.has(f.path)) throw broken(`${MANIFEST_FILE} 列出了不该有的文件“${f.path.slice(0, 100)}”`);
    seen.add(f.path);
  }
  if (!seen.has(DB_FILE)) throw broken(`${MANIFEST_FILE} 里没有数据库文件`);

  for (const f of manifest.files) {
    const file = path.join(from, ...f.path.split('/'));
    let got: { sha256: string; size: number };
    try {
      got = await hashFile(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') throw broken(`缺少文件 ${f.path}`);
      throw e;
    }
    if (got.size !== f.size || got.sha256 !== f.sha256) throw broken(`文件 ${f.path} 的内容与清单不符（被改动或损坏）`);
  }

  let db: StoreCopy | undefined;
  try {
    db = StoreCopy.readOnly(path.join(from, DB_FILE));
    const check = db.integrityCheck();
    if (check !== 'ok') throw broken(`数据库的完整性检查没有通过（${check.slice(0, 200)}）`);
    const listed = new Set(manifest.files.map((f) => f.path));
    const missing = db.blobShas().filter((sha) => !listed.has(blobRel(sha)));
    if (missing.length > 0) throw broken(`数据库记录的 ${missing.length} 个文件不在备份里（例如 ${missing[0]}）`);
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw broken(`数据库无法读取（${e instanceof Error ? e.message : String(e)}）`);
  } finally {
    db?.close();
  }
  return manifest;
}

/**
 * Restores the backup in `from` as the data directory `dataDir`, which must not exist or be empty:
 * checked first, then written into a temp folder beside the target and renamed into place.
 */
export async function restoreData(from: string, dataDir: string): Promise<RestoreSummary> {
  from = path.resolve(from);
  dataDir = path.resolve(dataDir);
  if (!isEmptyOrMissing(dataDir)) {
    throw new BackupError(`数据文件夹“${dataDir}”已存在且不是空的。为免覆盖现有数据，恢复只写入新的（或空的）文件夹：请用 --data 指定一个新文件夹，确认无误后再让同步服务器使用它。`);
  }
  if (isInside(dataDir, from) || isInside(from, dataDir)) {
    throw new BackupError(`数据文件夹“${dataDir}”不能放在备份文件夹“${from}”里面（或反过来）。请用 --data 指定另一个位置。`);
  }
  const manifest = await verifyBackup(from);

  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = path.join(parent, `.${path.basename(dataDir)}.restore-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(tmp);
  try {
    for (const f of manifest.files) {
      const rel = f.path.split('/');
      const got = await copyHashed(path.join(from, ...rel), path.join(tmp, ...rel));
      if (got.sha256 !== f.sha256 || got.size !== f.size) {
        throw new BackupError(`备份中的文件 ${f.path} 在恢复过程中变了（被改动或磁盘有问题）。没有恢复任何东西，请重试或换一个备份。`);
      }
    }
    syncDir(tmp);
    if (fs.existsSync(dataDir)) fs.rmdirSync(dataDir); // empty, checked above
    fs.renameSync(tmp, dataDir);
    syncDir(parent);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return {
    from, dataDir, createdAt: manifest.createdAt, files: manifest.files.length,
    blobs: manifest.files.length - 1, bytes: manifest.files.reduce((n, f) => n + f.size, 0),
  };
}
