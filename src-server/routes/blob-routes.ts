import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PREFIX, BLOB_PATH, BLOB_TYPES, SHA256_PATTERN, type BlobResponse } from '../../src-shared/contract/sync-api.js';
import { FILE_TYPE_MIME, sniffFileType } from '../../src-shared/file-type.js';
import { ApiError } from '../errors.js';
import { BlobFiles } from '../blobs/blob-files.js';
import { imageSize } from '../blobs/image-size.js';
import { recordAudit } from '../db/audit.js';
import { GroupCommit } from '../db/group-commit.js';
import { caller } from './auth-routes.js';
import { apiRoute } from '../api-route.js';

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
  mime: BlobResponse['mime'];
  bytes: number;
  size: { width: number; height: number } | undefined;
  userId: number;
  username: string;
  unitId: number;
  ip: string;
}

/** HEAD and PUT /api/v1/blobs/:sha256 and POST /blobs/missing for units (see the contract for the rules). */
export function registerBlobRoutes(app: FastifyInstance): void {
  const files = new BlobFiles(app.serverConfig.dataDir);
  const url = API_PREFIX + BLOB_PATH;
  const unitOnly = { access: ['unit'] as const };

  const owned = app.db.prepare('SELECT 1 FROM blob_owners WHERE sha256 = ? AND unit_id = ?').pluck();
  const insertBlob = app.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, mime, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insertOwner = app.db.prepare('INSERT OR IGNORE INTO blob_owners (sha256, unit_id, uploaded_by, created_at) VALUES (?, ?, ?, ?)');
  // Many uploads at once share one commit (one WAL sync); each answer waits for its own to be durable.
  const commits = new GroupCommit(app.db, (u: Upload): boolean => {
    const at = new Date();
    const now = at.toISOString();
    insertBlob.run(u.sha, u.bytes, u.mime, u.size?.width ?? null, u.size?.height ?? null, now);
    const created = insertOwner.run(u.sha, u.unitId, u.userId, now).changes > 0;
    if (created) {
      recordAudit(app.db, {
        at, actorUserId: u.userId, actor: u.username, action: 'blob.upload', entity: 'blob', entityId: u.sha,
        detail: { mime: u.mime, size: u.bytes, unitId: u.unitId }, ip: u.ip,
      });
    }
    return created;
  });

  // Raw bytes, up to the blob limit (not the JSON limit); only on these routes.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: app.serverConfig.blobBodyLimit }, (_req, body, done) => done(null, body));

  apiRoute(app, 'POST /blobs/missing', (body, request) => {
    const unitId = caller(request).user.unitId;
    const asked = [...new Set(body.sha256)];
    return { missing: asked.filter((sha) => !owned.get(sha, unitId) || !files.exists(sha)) };
  });

  app.route({
    method: 'HEAD',
    url,
    config: unitOnly,
    handler: async (request, reply) => {
      const sha = nameOf(request.params);
      const unitId = caller(request).user.unitId;
      const isOwned = owned.get(sha, unitId);
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
    const size = mime === 'application/pdf' ? undefined : await imageSize(bytes);
    await files.write(sha, bytes);
    const created = await commits.add({ sha, mime, bytes: bytes.length, size, userId: ctx.user.id, username: ctx.user.username, unitId: ctx.user.unitId!, ip: request.ip });
    const body: BlobResponse = { sha256: sha, size: bytes.length, mime, created };
    return { status: created ? 201 : 200, body };
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
