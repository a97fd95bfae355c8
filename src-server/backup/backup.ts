import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurablySync } from '../../src-node/durable-write.js';
import { SHA256_PATTERN } from '../../src-shared/contract/sync-api.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { DB_FILE } from '../db/open-db.js';
import type { ServerStore } from '../db/open-store.js';
import { CodedError } from '../../src-shared/coded-error.js';
import { isLiveBlob, liveBlobPage, liveSchemaVersion, snapshotDatabase, StoreCopy, type StoredBlobSize } from './backup-store.js';
import { pgDumpCommand } from './pg-dump-command.js';

/**
 * `server-admin backup` and `restore`: a consistent copy of a data directory, taken while the server
 * runs, and its way back.
 *
 * Backup on SQLite: SQLite's online backup API copies the database in one step (a single read
 * snapshot; the server keeps writing meanwhile), then the blob files that snapshot names are copied,
 * each checked against its SHA-256 on the way. `manifest.json` (every file's SHA-256 and size) is
 * written last, all of it into `<out>.partial`, renamed to `<out>` at the very end: a backup stopped
 * half-way leaves no folder that looks complete.
 *
 * Backup on PostgreSQL: the database is PostgreSQL's to back up (pg_dump), and this says so; only the
 * blob files the database names are copied, the same way, into a backup the manifest marks as files
 * only (`database: 'postgresql'`). A dump taken before the files are copied is covered by them: files
 * are only ever added, or removed once no batch uses them.
 *
 * Restore: the manifest is checked first — every file present with its size and hash, the database's
 * integrity_check, every stored file listed — before anything is written; then the files go into a
 * temp folder beside the target, checked again as they are copied, and the folder is renamed into
 * place. A target that is not empty is refused, and so is a files-only backup of PostgreSQL.
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
  /** Which store the backup came from; absent in backups made before PostgreSQL (SQLite). */
  database: z.enum(['sqlite', 'postgresql']).optional(),
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

/** Where the server's data is: the data folder, and the blob folder (BLOB_DIR, by default <data>/blobs). */
export interface BackupDirs {
  dataDir: string;
  blobDir: string;
}

export interface BackupSummary {
  out: string;
  /** sqlite: the database is in the backup; postgresql: only the files are, the database is pg_dump's. */
  database: 'sqlite' | 'postgresql';
  /** On PostgreSQL, the pg_dump command that saves the database (no password in it); null on SQLite. */
  pgDump: string | null;
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

/** What the database step gives the rest of a backup. */
interface StoreBackup {
  schemaVersion: number;
  /** The database file in the backup (SQLite), first in the manifest; null on PostgreSQL. */
  dbFile: string | null;
  blobs: StoredBlobSize[];
  collectedMeanwhile: number;
}

/**
 * Backs up the server's data (`store` open, possibly in use by the running server; its blob files in
 * `dirs.blobDir`) into `out`, which must not exist or be empty. On PostgreSQL only the files are
 * backed up: the summary's `pgDump` is the command that saves the database.
 */
export async function backupData(store: ServerStore, dirs: BackupDirs, out: string, opts: BackupOptions = {}): Promise<BackupSummary> {
  out = path.resolve(out);
  const dataDir = path.resolve(dirs.dataDir);
  const blobDir = path.resolve(dirs.blobDir);
  for (const [dir, what] of [
    [dataDir, '数据文件夹'],
    [blobDir, '文件存放文件夹（BLOB_DIR）'],
  ] as const) {
    if (isInside(out, dir) || isInside(dir, out)) {
      throw new BackupError(`备份文件夹“${out}”不能放在${what}“${dir}”里面（或反过来）。请用 --out 指定另一个位置，最好是另一块磁盘。`);
    }
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

    // 1 and 2. The database (SQLite only), and the files it names.
    const taken = store.dialect === 'sqlite' ? await backupSqlite(store, blobDir, partial, opts) : await backupPostgresFiles(store, blobDir, partial, opts);

    // 3. The manifest, last: every file's hash and size.
    await opts.onStep?.('manifest');
    const files: BackupManifest['files'] = taken.dbFile ? [{ path: DB_FILE, ...(await hashFile(taken.dbFile)) }] : [];
    for (const b of taken.blobs) files.push({ path: blobRel(b.sha256), sha256: b.sha256, size: b.size });
    const database = store.dialect === 'sqlite' ? 'sqlite' : 'postgresql';
    const manifest: BackupManifest = { format: FORMAT, version: 1, createdAt, database, schemaVersion: taken.schemaVersion, files };
    writeFileDurablySync(path.join(partial, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
    syncDir(partial);

    // 4. Into place.
    await opts.onStep?.('rename');
    if (fs.existsSync(out)) fs.rmdirSync(out); // empty, checked above
    fs.renameSync(partial, out);
    syncDir(path.dirname(out));
    return {
      out,
      database,
      pgDump: database === 'postgresql' ? pgDumpCommand(store.where, `${out}-database.dump`) : null,
      createdAt,
      files: files.length,
      blobs: taken.blobs.length,
      bytes: files.reduce((n, f) => n + f.size, 0),
      collectedMeanwhile: taken.collectedMeanwhile,
    };
  } catch (e) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw e;
  }
}

/** SQLite: the database in one step (one consistent read snapshot however busy the server is), then its files. */
async function backupSqlite(store: ServerStore, blobDir: string, partial: string, opts: BackupOptions): Promise<StoreBackup> {
  if (!store.sqlite) throw new Error('backupSqlite needs the SQLite connection');
  await opts.onStep?.('database');
  const snapshotFile = path.join(partial, DB_FILE);
  await snapshotDatabase(store.sqlite, snapshotFile);
  const snap = StoreCopy.forBackup(snapshotFile);
  try {
    const check = snap.integrityCheck();
    if (check !== 'ok') throw new BackupError(`数据库的完整性检查没有通过（${check}），备份没有完成。请先停止同步服务器并联系技术支持。`);
    const schemaVersion = snap.schemaVersion();

    // The files the snapshot names, each checked against its name.
    await opts.onStep?.('blobs');
    const usedInSnapshot = snap.usedCheck();
    const kept: StoredBlobSize[] = [];
    let collectedMeanwhile = 0;
    for (const b of snap.blobs()) {
      const state = await copyBlob(blobDir, partial, b);
      if (state === 'copied') {
        kept.push(b);
        continue;
      }
      // The daily clean-up may have removed an unused file after the snapshot: leave it out.
      if (!(await isLiveBlob(store.db, b.sha256)) && !usedInSnapshot(b.sha256)) {
        snap.dropBlob(b.sha256);
        collectedMeanwhile++;
        continue;
      }
      throw missingBlob(b.sha256, blobDir, state);
    }
    return { schemaVersion, dbFile: snapshotFile, blobs: kept, collectedMeanwhile };
  } finally {
    snap.close();
  }
}

/** Files listed per query on PostgreSQL: the blobs table is read a page at a time, never whole. */
const BLOB_PAGE = 1000;

/**
 * PostgreSQL: no database file (pg_dump's job); the files the live database names, a page at a time.
 * A file the clean-up removes meanwhile is left out, as on SQLite.
 */
async function backupPostgresFiles(store: ServerStore, blobDir: string, partial: string, opts: BackupOptions): Promise<StoreBackup> {
  const schemaVersion = await liveSchemaVersion(store.db);
  await opts.onStep?.('blobs');
  const kept: StoredBlobSize[] = [];
  let collectedMeanwhile = 0;
  for (let after = ''; ; ) {
    const page = await liveBlobPage(store.db, after, BLOB_PAGE);
    for (const b of page) {
      const state = await copyBlob(blobDir, partial, b);
      if (state === 'copied') kept.push(b);
      else if (!(await isLiveBlob(store.db, b.sha256))) collectedMeanwhile++;
      else throw missingBlob(b.sha256, blobDir, state);
    }
    if (page.length < BLOB_PAGE) break;
    after = page[page.length - 1]!.sha256;
  }
  return { schemaVersion, dbFile: null, blobs: kept, collectedMeanwhile };
}

type BlobCopy = 'copied' | 'missing' | 'damaged';

/** Copies one blob file into the backup, checked against its name; nothing is left of a missing or damaged one. */
async function copyBlob(blobDir: string, partial: string, b: StoredBlobSize): Promise<BlobCopy> {
  const src = path.join(blobDir, b.sha256.slice(0, 2), b.sha256);
  const dst = path.join(partial, ...blobRel(b.sha256).split('/'));
  let copied: { sha256: string; size: number } | undefined;
  try {
    copied = await copyHashed(src, dst);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (copied?.sha256 === b.sha256) return 'copied';
  fs.rmSync(dst, { force: true });
  return copied ? 'damaged' : 'missing';
}

function missingBlob(sha256: string, blobDir: string, state: BlobCopy): BackupError {
  return new BackupError(
    `文件存放文件夹“${blobDir}”中的文件 ${sha256.slice(0, 2)}/${sha256} ${state === 'damaged' ? '内容与其编号不符（已损坏）' : '不见了'}，备份没有完成。` +
      '请检查磁盘，并从上一次的备份中找回这个文件；不要删除现有的数据文件夹。',
  );
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
  if (manifest.database === 'postgresql') {
    throw new BackupError(
      `“${from}”是 PostgreSQL 部署的文件备份：里面只有上传的文件（照片、佐证资料），没有数据库，不能恢复成数据文件夹。` +
        `数据库请用 pg_restore 从 pg_dump 做的备份恢复；文件请复制到服务器的文件存放文件夹（BLOB_DIR），例如 cp -a "${path.join(from, 'blobs')}/." "<BLOB_DIR>/"。没有恢复任何东西。`,
    );
  }
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
