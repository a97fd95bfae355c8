import fs from 'node:fs';
import path from 'node:path';
import type { Actor } from '../accounts/accounts.js';
import { recordAudit } from '../db/audit.js';
import { transaction, type Sql } from '../db/sql.js';
import { BLOCKMAP_MAX_BYTES, INSTALLER_MAX_BYTES, LATEST_YML_MAX_BYTES, ManifestError, readLatestYml, type ReleaseManifest } from './latest-yml.js';
import { copyChecked, releaseDir, releaseFilePath, removeUnlistedReleaseFolders, storedFileIsWhole, type CopyProblem } from './release-files.js';
import { compareVersions } from './semver.js';
import { UpdateError } from './update-error.js';
import { findRelease, insertRelease, listReleases, deleteRelease, setBlockmapSize, type ReleaseRow } from './update-store.js';

/**
 * `server-admin publish-update --dir <electron-builder output>`: takes latest.yml, the installer it
 * names and its .blockmap from the folder, checks the installer's size and SHA-512 against latest.yml
 * while copying it into the blob folder, records the release and keeps only the newest `keep`.
 * Anything wrong (a truncated or corrupted installer, a version not newer than the last) changes
 * nothing. Publishing the very same release again changes nothing either, except that missing or
 * damaged stored files are put back (after a restore, say).
 */

export const DEFAULT_KEEP = 5;
export const MIN_KEEP = 2;
export const MAX_KEEP = 20;
export const DEFAULT_ROLLOUT = 100;

export interface PublishOptions {
  dir: string;
  rolloutPercent: number;
  keep: number;
  actor: Actor;
}

export interface PublishResult {
  status: 'published' | 'unchanged' | 'repaired';
  version: string;
  installerName: string;
  installerSize: number;
  blockmap: boolean;
  rolloutPercent: number;
  /** Older releases removed to keep `keep`. */
  pruned: string[];
}

const MB = 1024 * 1024;

async function fileSize(file: string): Promise<number | undefined> {
  const stat = await fs.promises.stat(file).catch(() => undefined);
  return stat?.isFile() ? stat.size : undefined;
}

async function readManifest(dir: string): Promise<ReleaseManifest> {
  const stat = await fs.promises.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new UpdateError('invalid', `找不到文件夹“${dir}”。请用 --dir 指定 electron-builder 的输出文件夹（里面有 latest.yml 和安装程序 .exe）。`);
  const ymlPath = path.join(dir, 'latest.yml');
  const size = await fileSize(ymlPath);
  if (size === undefined) throw new UpdateError('invalid', `文件夹“${dir}”里没有 latest.yml。请指定 electron-builder 的输出文件夹（打包 Windows 安装程序时与 .exe 一起生成）。`);
  if (size > LATEST_YML_MAX_BYTES) throw new UpdateError('invalid', `“${ymlPath}”有 ${size} 字节，不像 electron-builder 生成的 latest.yml（通常不到 1 KB）。请检查文件。`);
  try {
    return readLatestYml(await fs.promises.readFile(ymlPath, 'utf8'));
  } catch (e) {
    if (e instanceof ManifestError) throw new UpdateError('invalid', `${e.message}什么也没有发布。`);
    throw e;
  }
}

function copyRefusal(what: string, p: CopyProblem, m: ReleaseManifest): UpdateError {
  const tail = '什么也没有发布。请重新打包，或把 electron-builder 输出文件夹里的文件完整地重新复制过来后再发布。';
  if (p.problem === 'too_large') return new UpdateError('invalid', `${what}太大（超过上限）。${tail}`);
  if (p.problem === 'size') return new UpdateError('invalid', `${what}只有 ${p.size} 字节，latest.yml 记录的是 ${m.installerSize} 字节：文件不完整（可能复制或下载到一半）。${tail}`);
  return new UpdateError('invalid', `${what}的 SHA-512 与 latest.yml 记录的不一致：文件已损坏，或不是这次打包生成的文件。${tail}`);
}

/** A .blockmap is gzip-compressed JSON: anything else would only make every differential download fail. */
async function looksLikeBlockmap(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    return head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Copies the installer (checked against latest.yml) and the .blockmap (if there) into the release's folder. */
async function storeFiles(blobDir: string, dir: string, m: ReleaseManifest): Promise<number | null> {
  const installer = path.join(dir, m.installerName);
  const size = await fileSize(installer);
  if (size === undefined) throw new UpdateError('invalid', `文件夹“${dir}”里没有 latest.yml 所说的安装程序“${m.installerName}”。请把 electron-builder 输出的 .exe 放在 latest.yml 旁边。什么也没有发布。`);
  if (size !== m.installerSize) throw copyRefusal(`安装程序“${m.installerName}”`, { problem: 'size', size }, m);
  const copied = await copyChecked(installer, releaseFilePath(blobDir, m.version, 'installer'), { maxBytes: INSTALLER_MAX_BYTES, size: m.installerSize, sha512: m.installerSha512 });
  if ('problem' in copied) throw copyRefusal(`安装程序“${m.installerName}”`, copied, m);

  const blockmap = `${installer}.blockmap`;
  const blockmapSize = await fileSize(blockmap);
  if (blockmapSize === undefined) return null;
  if (blockmapSize === 0 || blockmapSize > BLOCKMAP_MAX_BYTES || !(await looksLikeBlockmap(blockmap))) {
    throw new UpdateError('invalid', `“${m.installerName}.blockmap”不是 electron-builder 生成的 blockmap 文件（应为 gzip 压缩、不超过 ${BLOCKMAP_MAX_BYTES / MB} MB）。请使用原文件，或删掉它（没有它时电脑会完整下载安装程序）。什么也没有发布。`);
  }
  const b = await copyChecked(blockmap, releaseFilePath(blobDir, m.version, 'blockmap'), { maxBytes: BLOCKMAP_MAX_BYTES });
  if ('problem' in b) throw new UpdateError('invalid', `复制“${m.installerName}.blockmap”时文件变了大小。请确认没有其他程序在改动这个文件夹后重试。什么也没有发布。`);
  return b.size;
}

/** The same release again: nothing changes but files put back if they went missing. */
async function republish(db: Sql, blobDir: string, dir: string, m: ReleaseManifest, existing: ReleaseRow, actor: Actor): Promise<PublishResult> {
  const base = { version: m.version, installerName: existing.installerName, installerSize: existing.installerSize, rolloutPercent: existing.rolloutPercent, pruned: [] };
  const installerOk = await storedFileIsWhole(releaseFilePath(blobDir, m.version, 'installer'), existing.installerSize, existing.installerSha512);
  const blockmapOk = existing.blockmapSize === null || (await storedFileIsWhole(releaseFilePath(blobDir, m.version, 'blockmap'), existing.blockmapSize));
  if (installerOk && blockmapOk) return { ...base, status: 'unchanged', blockmap: existing.blockmapSize !== null };
  const blockmapSize = await storeFiles(blobDir, dir, m);
  await transaction(db, async (t) => {
    await setBlockmapSize(t, m.version, blockmapSize);
    await recordAudit(t, { at: actor.now(), actorUserId: actor.userId, actor: actor.name, action: 'update.repair', entity: 'update', entityId: m.version, detail: { blockmap: blockmapSize !== null }, ...(actor.ip ? { ip: actor.ip } : {}) });
  });
  return { ...base, status: 'repaired', blockmap: blockmapSize !== null };
}

function newestOf(releases: readonly ReleaseRow[]): ReleaseRow | undefined {
  return [...releases].sort((a, b) => compareVersions(b.version, a.version))[0];
}

export async function publishUpdate(db: Sql, blobDir: string, opts: PublishOptions): Promise<PublishResult> {
  const m = await readManifest(opts.dir);
  const existing = await findRelease(db, m.version);
  if (existing) {
    if (existing.installerSha512 !== m.installerSha512) {
      throw new UpdateError(
        'conflict',
        `版本 ${m.version} 已经发布过，但这次的安装程序与当时发布的不同。已发布的版本不能替换（电脑可能已经下载了它）：请提高 package.json 里的版本号，重新打包后再发布。什么也没有发布。`,
      );
    }
    return republish(db, blobDir, opts.dir, m, existing, opts.actor);
  }
  const refuseOlder = (releases: readonly ReleaseRow[]) => {
    const newest = newestOf(releases);
    if (newest && compareVersions(m.version, newest.version) <= 0) {
      throw new UpdateError('conflict', `版本 ${m.version} 不比已发布的 ${newest.version} 新。要让电脑回到旧版本，请用 update-point-back --version <版本号>；新打包的程序请用更高的版本号。什么也没有发布。`);
    }
    const sameName = releases.find((r) => r.installerName === m.installerName);
    if (sameName) throw new UpdateError('conflict', `安装程序名“${m.installerName}”已被版本 ${sameName.version} 使用。请让文件名包含版本号（electron-builder 的 artifactName）。什么也没有发布。`);
  };
  refuseOlder(await listReleases(db));

  let blockmapSize: number | null;
  try {
    blockmapSize = await storeFiles(blobDir, opts.dir, m);
  } catch (e) {
    await removeIfUnrecorded(db, blobDir, m.version);
    throw e;
  }
  const at = opts.actor.now();
  let pruned: string[];
  let kept: string[];
  try {
    ({ pruned, kept } = await transaction(db, async (t) => {
      const releases = await listReleases(t);
      // Again inside: another publish may have come first.
      if (releases.some((r) => r.version === m.version)) throw new UpdateError('conflict', `版本 ${m.version} 刚刚由别人发布了。运行 update-status 查看。`);
      refuseOlder(releases);
      await insertRelease(t, {
        version: m.version, installerName: m.installerName, installerSize: m.installerSize, installerSha512: m.installerSha512, blockmapSize,
        channelYml: m.yml, releaseDate: m.releaseDate, rolloutPercent: opts.rolloutPercent, publishedAt: at, publishedBy: opts.actor.name,
      });
      const all = [m.version, ...releases.map((r) => r.version)].sort((a, b) => compareVersions(b, a));
      const drop = all.slice(opts.keep);
      for (const v of drop) await deleteRelease(t, v);
      await recordAudit(t, {
        at, actorUserId: opts.actor.userId, actor: opts.actor.name, action: 'update.publish', entity: 'update', entityId: m.version,
        detail: { installer: m.installerName, size: m.installerSize, blockmap: blockmapSize !== null, rolloutPercent: opts.rolloutPercent, pruned: drop },
        ...(opts.actor.ip ? { ip: opts.actor.ip } : {}),
      });
      return { pruned: drop, kept: all.slice(0, opts.keep) };
    }));
  } catch (e) {
    await removeIfUnrecorded(db, blobDir, m.version);
    throw e;
  }
  await removeUnlistedReleaseFolders(blobDir, new Set(kept), new Set(pruned));
  return { status: 'published', version: m.version, installerName: m.installerName, installerSize: m.installerSize, blockmap: blockmapSize !== null, rolloutPercent: opts.rolloutPercent, pruned };
}

/** After a failed publish: its files go, unless another publish of the same version has recorded them meanwhile. */
async function removeIfUnrecorded(db: Sql, blobDir: string, version: string): Promise<void> {
  if (await findRelease(db, version)) return;
  await fs.promises.rm(releaseDir(blobDir, version), { recursive: true, force: true }).catch(() => undefined);
}
