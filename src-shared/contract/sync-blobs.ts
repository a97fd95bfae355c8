import { z } from 'zod';
import { SHA256_PATTERN, sha256Schema } from './sync-common.js';

// Blobs: photos and evidence, content-addressed. Raw bytes, so outside the JSON route map (SYNC_API).
//   HEAD /api/v1/blobs/:sha256  -> 200 when the caller's unit has uploaded these bytes, else 404.
//   PUT  /api/v1/blobs/:sha256  body: the bytes (Content-Type: application/octet-stream)
//                               -> 201 stored, or 200 when the unit had already uploaded them;
//                                  both answer BlobResponse. Idempotent: retry freely.
// The server checks the SHA-256 of what arrived and the real type (magic bytes), never a name.
// A unit sees only its own uploads: the same bytes from another unit are stored once but must be
// uploaded by each unit (having the hash is not having the file).

export const BLOB_PATH = '/blobs/:sha256';
export const BLOB_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;

export const blobResponseSchema = z.object({
  sha256: z.string().regex(SHA256_PATTERN),
  size: z.number().int().positive(),
  mime: z.enum(BLOB_TYPES),
  /** False when this unit had uploaded the same bytes before. */
  created: z.boolean(),
});
export type BlobResponse = z.infer<typeof blobResponseSchema>;

/**
 * POST /api/v1/blobs/missing: which of these files the caller's unit has not uploaded yet, in one
 * round trip instead of one HEAD per file (a batch names a thousand photos).
 */
export const BLOBS_MISSING_MAX = 10000;
export const blobsMissingRequestSchema = z.object({
  sha256: z.array(sha256Schema).max(BLOBS_MISSING_MAX, `一次最多询问 ${BLOBS_MISSING_MAX} 个文件，请分几次询问。`),
});
export const blobsMissingResponseSchema = z.object({ missing: z.array(z.string()) });
export type BlobsMissingResponse = z.infer<typeof blobsMissingResponseSchema>;
