import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { API_PREFIX, reviewBlobParamsSchema } from '../../src-shared/contract/sync-api.js';
import { contentDisposition } from '../../src-shared/file-names.js';
import { apiRoute, parseBody } from '../api-route.js';
import { ApiError } from '../errors.js';
import { BlobFiles } from '../blobs/blob-files.js';
import { decide, getPerson, listPending, reviewerBlob, type Reviewer } from '../review/review-service.js';
import { listReviewBatches } from '../review/review-batches.js';
import { listBatchPersons } from '../review/review-batch-persons.js';
import { caller } from './auth-routes.js';

/** The reviewer's routes: queue summary, a batch's people, pending list, one person, their files, decisions. */
export function registerReviewRoutes(app: FastifyInstance, now: () => Date): void {
  const files = new BlobFiles(app.serverConfig.blobDir);
  const reviewer = (request: Parameters<typeof caller>[0]): Reviewer => ({ user: caller(request).user, ip: request.ip });

  apiRoute(app, 'GET /review/batches', async (_query, request) => listReviewBatches(app.db, reviewer(request), { enabled: (await app.settings.feesEnabled()) }));

  apiRoute(app, 'GET /review/pending', async (query, request) =>
    listPending(app.db, reviewer(request), query, { session: caller(request).tokenHash, now: now(), reviewStages: (await app.settings.reviewStages()) }),
  );

  apiRoute(app, 'GET /review/batches/:batchId/persons', (_query, request, _reply, params) => listBatchPersons(app.db, reviewer(request), params.batchId));

  apiRoute(app, 'GET /review/persons/:personId', (_query, request, _reply, params) => getPerson(app.db, reviewer(request), params.personId));

  apiRoute(app, 'POST /review/decisions', async (body, request) => decide(app.db, reviewer(request), body, now(), (await app.settings.reviewStages()), { enabled: (await app.settings.feesEnabled()) }), {
    codeFor: (issue) => (issue.path[0] === 'comment' ? 'review.comment_required' : undefined),
  });

  // Raw bytes, so outside the JSON contract map: a photo or an evidence file of a person in scope.
  app.route({
    method: 'GET',
    url: `${API_PREFIX}/review/blobs/:sha256`,
    // Administrators too: they open people read-only (GET /review/persons/:personId).
    config: { access: ['reviewer', 'admin'] as const },
    handler: async (request, reply) => {
      const { sha256 } = parseBody(reviewBlobParamsSchema, request.params, () => 'blob.bad_name');
      const blob = await reviewerBlob(app.db, reviewer(request), sha256);
      if (!blob || !files.exists(sha256)) {
        throw new ApiError(404, 'blob.not_found', '没有这个文件，或它不属于你审核范围内的人员。请刷新后重试。');
      }
      return reply
        .header('content-type', blob.mime)
        .header('content-length', String(blob.size))
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', contentDisposition('inline', blob.fileName))
        .send(fs.createReadStream(files.pathOf(sha256)));
    },
  });
}
