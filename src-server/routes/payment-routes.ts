import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../api-route.js';
import { BlobFiles } from '../blobs/blob-files.js';
import { shareBlobFiles } from '../blobs/blob-file-lock.js';
import { isBlobOwned } from '../blobs/blob-owners-store.js';
import { markPayment, putPayment } from '../payments/payments-service.js';
import { caller } from './auth-routes.js';

/** 交费 (issue 19 item 2): the unit's 交费信息, and 标记已交费 by the final-level reviewer or an administrator. */
export function registerPaymentRoutes(app: FastifyInstance, now: () => Date): void {
  const files = new BlobFiles(app.serverConfig.blobDir);

  apiRoute(app, 'PUT /batches/:batchId/payment', async (body, request, _reply, params) => {
    const { user } = caller(request);
    return putPayment(app.db, {
      batchId: params.batchId.toLowerCase(),
      unit: { unitId: user.unitId!, userId: user.id, username: user.username, ip: request.ip },
      request: body,
      // The unit's own upload, and its bytes really on disk (the blob clean-up holds back meanwhile:
      // once stored, the payment names the file, and the clean-up keeps it).
      isOwned: async (t, sha256, unitId) => {
        await shareBlobFiles(t);
        return (await isBlobOwned(t, sha256, unitId)) && files.exists(sha256);
      },
      feesEnabled: await app.settings.feesEnabled(),
      now: now(),
    });
  });

  apiRoute(app, 'POST /review/batches/:batchId/payment', async (body, request, _reply, params) =>
    markPayment(app.db, { user: caller(request).user, ip: request.ip }, {
      batchId: params.batchId.toLowerCase(),
      request: body,
      feesEnabled: await app.settings.feesEnabled(),
      reviewStages: await app.settings.reviewStages(),
      now: now(),
    }),
  );
}
