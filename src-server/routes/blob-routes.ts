import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PREFIX, BLOB_PATH, BLOB_TYPES, SHA256_PATTERN, type BlobResponse } from '../../src-shared/contract/sync-api.js';
import { FILE_TYPE_MIME, sniffFileType } from '../../src-shared/file-type.js';
import { ApiError } from '../errors.js';
import { BlobFiles } from '../blobs/blob-files.js';
import { isBlobOwned, ownedAmong, recordUpload, unreferencedUsage } from '../blobs/blob-owners-store.js';
import { shareBlobFiles } from '../blobs/blob-file-lock.js';
import { imageSize } from '../blobs/image-size.js';
import { UploadQuota } from '../blobs/upload-quota.js';
import { recordAudit } from '../db/audit.js';
import { GroupCommit } from '../db/group-commit.js';
import type { Sql } from '../db/sql.js';
import { caller } from './auth-routes.js';
import { apiRoute } from '../api-route.js';
import { processLane } from '../cpu-lane.js';

const MB = 1024 * 1024;
function sizeText(bytes: number): string {
  return bytes >= 1024 * MB ? `${+(bytes / (1024 * MB)).toFixed(1)} GB` : bytes >= MB ? `${+(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The real type from the first bytes (the same sniffer the desktop uses); only these three are accepted. */
function blobType(bytes: Buffer): BlobResponse['mime'] | undefined {
  const mime = FILE_TYPE_MIME[sniffFileType(bytes.subarray(0, 256))];
  return (BLOB_TYPES as readonly string[]).includes(mime) ? (mime as BlobResponse['mime']) : undefined;
}

function nameOf(params: unknown): string {
  const sha = String((params as { sha256?: unknown }).sha256 ?? '');
  if (!SHA256_PATTERN.test(sha)) {
    throw new ApiError(400, 'blob.bad_name', '文件的编号应为 64 位小写十六进制的 SHA-256。请升级报名助手到最新版本后重试。');
  }
  return sha;
}

interface Upload {
  sha: string;
  /** Kept for the commit: rewritten there if the clean-up removed the file meanwhile. */
  data: Buffer;
  mime: BlobResponse['mime'];
  bytes: number;
  size: { width: number; height: number } | undefined;
  userId: number;
  username: string;
  unitId: number;
  ip: string;
}

/** HEAD and PUT /api/v1/blobs/:sha256 and POST /blobs/missing for units (see the contract for the rules). */
export function registerBlobRoutes(app: FastifyInstance, now: () => Date = () => new Date()): void {
  const files = new BlobFiles(app.serverConfig.blobDir);
  const url = API_PREFIX + BLOB_PATH;
  const unitOnly = { access: ['unit'] as const };

  const { blobQuotaBytes, blobQuotaFiles } = app.serverConfig;
  const quota = new UploadQuota({ bytes: blobQuotaBytes, files: blobQuotaFiles });
  // Many uploads at once share one commit (one WAL sync); each answer waits for its own to be durable.
  const commits = new GroupCommit(app.db, async (t: Sql, u: Upload): Promise<boolean> => {
    const at = now();
    // Inside the transaction and under the blob-file lock, so no clean-up (which checks and unlinks
    // under that lock) can remove the file between this check and the commit: rows never name a
    // missing file. Writing the file again, should this run twice, writes the same bytes.
    await shareBlobFiles(t);
    if (!files.exists(u.sha)) await files.write(u.sha, u.data);
    const created = !(await isBlobOwned(t, u.sha, u.unitId));
    await recordUpload(t, { sha256: u.sha, size: u.bytes, mime: u.mime, dimensions: u.size, unitId: u.unitId, userId: u.userId }, at);
    if (created) {
      await recordAudit(t, {
        at, actorUserId: u.userId, actor: u.username, action: 'blob.upload', entity: 'blob', entityId: u.sha,
        detail: { mime: u.mime, size: u.bytes, unitId: u.unitId }, ip: u.ip,
      });
    }
    return created;
  },
  // Each statement above is safe beside concurrent uploads by itself (upserts keyed on the file and
  // the unit; the file lock is taken first); SERIALIZABLE made one unit's simultaneous uploads abort
  // each other by the hundred (bench/server, 32 clients). The one thing a race can do here is write
  // the audit line of a first upload twice.
  { isolation: 'read committed' });

  // Raw bytes, up to the blob limit (not the JSON limit); only on these routes.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: app.serverConfig.blobBodyLimit }, (_req, body, done) => done(null, body));

  apiRoute(app, 'POST /blobs/missing', async (body, request) => {
    const unitId = caller(request).user.unitId;
    const asked = [...new Set(body.sha256)];
    const owned = await ownedAmong(app.db, unitId, asked);
    const isMissing = (sha: string) => !owned.has(sha) || !files.exists(sha);
    if (asked.length <= 1000) return { missing: asked.filter(isMissing) };
    // Up to 10,000 file checks: in slices on the CPU lane, like a batch check.
    const missing: string[] = [];
    await processLane.run(async (tick) => {
      for (const sha of asked) {
        await tick();
        if (isMissing(sha)) missing.push(sha);
      }
    });
    return { missing };
  });

  app.route({
    method: 'HEAD',
    url,
    config: unitOnly,
    handler: async (request, reply) => {
      const sha = nameOf(request.params);
      const unitId = caller(request).user.unitId;
      const isOwned = await isBlobOwned(app.db, sha, unitId);
      return reply.code(isOwned && files.exists(sha) ? 200 : 404).send();
    },
  });

  /** One upload, checked and stored; the answer's status and body. */
  async function receive(request: FastifyRequest): Promise<{ status: 200 | 201; body: BlobResponse }> {
    const sha = nameOf(request.params);
    const ctx = caller(request);
    const bytes = request.body;
    if (!Buffer.isBuffer(bytes)) {
      throw new ApiError(415, 'request.unsupported_media_type', '上传文件时请用 Content-Type: application/octet-stream，正文就是文件本身。');
    }
    if (bytes.length === 0) throw new ApiError(400, 'blob.empty', '上传的文件是空的（0 字节），请检查文件后重试。');
    if (createHash('sha256').update(bytes).digest('hex') !== sha) {
      throw new ApiError(400, 'blob.hash_mismatch', '收到的文件内容与编号不符，可能在传输中损坏了。报名助手会自动重传；如果一直出现，请检查网络。');
    }
    const mime = blobType(bytes);
    if (!mime) {
      throw new ApiError(415, 'blob.wrong_type', '只接收 JPG、PNG 照片和 PDF 文件（按文件内容判断，不看文件名）。请把文件转换成这些格式后再上传。');
    }
    const unitId = ctx.user.unitId!;
    const release = (await isBlobOwned(app.db, sha, unitId)) ? () => undefined : await reserve(unitId, sha, bytes.length);
    try {
      const size = mime === 'application/pdf' ? undefined : await imageSize(bytes);
      await files.write(sha, bytes);
      const created = await commits.add({ sha, data: bytes, mime, bytes: bytes.length, size, userId: ctx.user.id, username: ctx.user.username, unitId, ip: request.ip });
      const body: BlobResponse = { sha256: sha, size: bytes.length, mime, created };
      return { status: created ? 201 : 200, body };
    } finally {
      release();
    }
  }

  /**
   * Checks a new file against the unit's quota of files no batch names yet, counting the uploads
   * still under way, and holds its place until its commit; refuses with 413 before anything is stored.
   */
  async function reserve(unitId: number, sha: string, bytes: number): Promise<() => void> {
    const held = await quota.reserve(unitId, sha, bytes, (besides) => unreferencedUsage(app.db, unitId, besides));
    if ('refused' in held) {
      const used = held.refused;
      throw new ApiError(
        413,
        'blob.quota_exceeded',
        `本单位已上传、但还没有被任何已提交批次用到的照片和佐证资料已有 ${used.files} 个、共 ${sizeText(used.bytes)}` +
          `（上限 ${blobQuotaFiles} 个、${sizeText(blobQuotaBytes)}），这个文件没有保存。` +
          '请先提交用到这些文件的批次（提交后它们不再计入），再继续上传；如果确实需要一次上传更多，请联系管理员调高上限。',
      );
    }
    return held.release;
  }

  app.route({
    method: 'PUT',
    url,
    config: unitOnly,
    bodyLimit: app.serverConfig.blobBodyLimit,
    handler: async (request, reply) => {
      // Counted while under way, so a commit waits for company only when company is coming.
      commits.begin();
      try {
        const { status, body } = await receive(request);
        return reply.code(status).send(body);
      } finally {
        commits.end();
      }
    },
  });
}
