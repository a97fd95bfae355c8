import fs from 'node:fs';
import path from 'node:path';
import { SHA256_PATTERN } from '../../src-shared/contract/sync-api.js';
import { recordAudit } from '../db/audit.js';
import { transaction, type Sql } from '../db/sql.js';
import { BlobFiles, fanOutEntries } from './blob-files.js';
import { blobSize, dropStaleUploads, dropUnusedBlob, namedAmong, NAMED_CHUNK, staleUploads } from './blob-gc-store.js';
import { unlinkingBlobFiles } from './blob-file-lock.js';

/**
 * The clean-up of uploaded files that no batch has used (`server-admin gc-blobs`, and daily by the
 * server), in the blob folder `blobDir` (config.blobDir):
 *
 * 1. one transaction drops each unit's uploads that none of its batches names (`referenced_at` NULL)
 *    and that it last sent more than `days` ago, then the `blobs` rows nobody owns or names any more;
 * 2. after that commit, the files of those rows are unlinked; a crash in between leaves only files
 *    without a row, which step 3 of a later run removes;
 * 3. files in the blob folder that no row names (and temp files of interrupted writes), older than an
 *    hour so that an upload between its file and its commit is never touched.
 *
 * Every unlink happens under the blob-file lock (blob-file-lock.ts: SQLite's write lock, or
 * PostgreSQL's advisory lock), right after checking that no row names the file: an upload checks (and
 * if need be rewrites) its file inside its own transaction under that lock, so a row never names a
 * missing file, whichever process runs the clean-up. A file uploaded moments ago is never collected:
 * only the age since the last upload counts, and a re-upload renews it.
 */
export interface BlobGcOptions {
  /** Uploads no batch has named for more than this many days go. */
  days: number;
  /** Count only, change nothing. */
  dryRun?: boolean;
  now?: Date;
  /** Files on disk without a row are removed when older than this; default one hour. */
  orphanMinAgeMs?: number;
  /** Who is named in the audit log. */
  actor?: string;
}

export interface BlobGcSummary {
  dryRun: boolean;
  days: number;
  /** Uploads last sent before this moment and named by no batch of their unit were dropped. */
  cutoff: string;
  /** Unit uploads (blob_owners rows) dropped. */
  uploadsRemoved: number;
  units: number;
  /** Stored files (blobs rows and their files) removed. */
  blobsRemoved: number;
  bytesRemoved: number;
  /** Files on disk that no row named (left by a crash), and temp files of interrupted writes. */
  orphansRemoved: number;
  orphanBytes: number;
}

export const ORPHAN_MIN_AGE_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Files checked and unlinked per locked transaction: the server's uploads wait at most this long. */
const UNLINK_CHUNK = 100;

/** Thrown to roll back a dry run, carrying what it counted. */
class DryRun extends Error {
  constructor(readonly counted: { summary: BlobGcSummary; removed: string[] }) {
    super('dry run');
  }
}

export async function collectBlobs(db: Sql, blobDir: string, opts: BlobGcOptions): Promise<BlobGcSummary> {
  const now = opts.now ?? new Date();
  const dryRun = opts.dryRun === true;
  const cutoff = new Date(now.getTime() - opts.days * DAY_MS).toISOString();
  const files = new BlobFiles(blobDir);

  // 1. The rows, in one transaction (rolled back on a dry run, so its counts are exact). The counts are
  // made afresh by each run of it (PostgreSQL may run it again after a serialization failure).
  const { summary, removed } = await transaction(db, async (t) => {
    const summary: BlobGcSummary = { dryRun, days: opts.days, cutoff, uploadsRemoved: 0, units: 0, blobsRemoved: 0, bytesRemoved: 0, orphansRemoved: 0, orphanBytes: 0 };
    const removed: string[] = [];
    const stale = await staleUploads(t, cutoff);
    summary.uploadsRemoved = await dropStaleUploads(t, cutoff);
    summary.units = new Set(stale.map((r) => r.unitId)).size;
    for (const sha of new Set(stale.map((r) => r.sha256))) {
      const size = await blobSize(t, sha);
      if (size !== undefined && (await dropUnusedBlob(t, sha))) {
        removed.push(sha);
        summary.bytesRemoved += size;
      }
    }
    summary.blobsRemoved = removed.length;
    if (dryRun) throw new DryRun({ summary, removed });
    if (summary.uploadsRemoved > 0) {
      await recordAudit(t, {
        at: now, actorUserId: null, actor: opts.actor ?? 'server', action: 'blob.gc', entity: 'blob', entityId: 'gc',
        detail: { days: opts.days, cutoff, uploads: summary.uploadsRemoved, blobs: summary.blobsRemoved, bytes: summary.bytesRemoved },
      });
    }
    return { summary, removed };
  }).catch((e: unknown) => {
    if (e instanceof DryRun) return e.counted;
    throw e;
  });

  // 2. Their files, after the commit.
  if (!dryRun) await unlinkUnnamed(db, removed.map((sha) => files.pathOf(sha)));

  // 3. Files without a row, and temp files, older than an hour. The rows are asked about a chunk of
  // files at a time (the folder may hold millions).
  const minAge = opts.orphanMinAgeMs ?? ORPHAN_MIN_AGE_MS;
  const removedSet = new Set(removed);
  const orphans: Array<{ file: string; size: number }> = [];
  const consider = async (candidates: Array<{ file: string; sha: string; isBlob: boolean }>) => {
    const named = await namedAmong(db, candidates.filter((c) => c.isBlob).map((c) => c.sha));
    for (const c of candidates) {
      if (c.isBlob && named.has(c.sha)) continue;
      const stat = await fs.promises.stat(c.file).catch(() => undefined);
      // Wall-clock age: it protects uploads under way, whatever clock the caller passed.
      if (!stat?.isFile() || Date.now() - stat.mtimeMs < minAge) continue;
      orphans.push({ file: c.file, size: stat.size });
    }
  };
  let candidates: Array<{ file: string; sha: string; isBlob: boolean }> = [];
  for await (const { name, file } of fanOutEntries(files.root)) {
    const sha = name.slice(0, 64);
    const isBlob = SHA256_PATTERN.test(name);
    const isTemp = SHA256_PATTERN.test(sha) && name.endsWith('.tmp');
    if (!isBlob && !isTemp) continue;
    if (isBlob && removedSet.has(sha)) continue;
    candidates.push({ file, sha, isBlob });
    if (candidates.length >= NAMED_CHUNK) {
      await consider(candidates);
      candidates = [];
    }
  }
  await consider(candidates);
  if (dryRun) {
    summary.orphansRemoved = orphans.length;
    summary.orphanBytes = orphans.reduce((n, o) => n + o.size, 0);
  } else {
    const gone = new Set(await unlinkUnnamed(db, orphans.map((o) => o.file)));
    for (const o of orphans) {
      if (!gone.has(o.file)) continue;
      summary.orphansRemoved++;
      summary.orphanBytes += o.size;
    }
  }
  return summary;
}

/**
 * Unlinks each blob file that no `blobs` row names, checked under the blob-file lock so that no
 * upload can commit a row for it in between. Temp files are never named. Returns what went.
 */
async function unlinkUnnamed(db: Sql, paths: readonly string[]): Promise<string[]> {
  const gone: string[] = [];
  for (let i = 0; i < paths.length; i += UNLINK_CHUNK) {
    const chunk = paths.slice(i, i + UNLINK_CHUNK);
    await unlinkingBlobFiles(db, async (t) => {
      const named = await namedAmong(t, chunk.map((file) => path.basename(file)).filter((name) => SHA256_PATTERN.test(name)));
      for (const file of chunk) {
        if (named.has(path.basename(file))) continue;
        try {
          await fs.promises.unlink(file);
          gone.push(file);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
    });
  }
  return gone;
}

const MB = 1024 * 1024;
function sizeText(bytes: number): string {
  return bytes >= MB ? `${+(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The Chinese summary the command prints and the server logs. */
export function formatBlobGcSummary(s: BlobGcSummary): string {
  const head = s.dryRun ? '（试运行，没有删除任何东西）按现在的设置，清理会：' : '文件清理完成：';
  const verb = s.dryRun ? '将' : '已';
  const lines = [
    head,
    `  ${verb}删除 ${s.blobsRemoved} 个超过 ${s.days} 天没有被任何批次使用的文件，共 ${sizeText(s.bytesRemoved)}；` +
      `涉及 ${s.units} 个执法单位的 ${s.uploadsRemoved} 条上传记录（上次上传早于 ${s.cutoff}）。`,
    `  ${verb}删除 ${s.orphansRemoved} 个没有数据库记录的残留文件（中断的上传或清理留下的），共 ${sizeText(s.orphanBytes)}。`,
  ];
  if (s.blobsRemoved === 0 && s.uploadsRemoved === 0 && s.orphansRemoved === 0) lines.push('  没有需要清理的文件。');
  return lines.join('\n');
}
