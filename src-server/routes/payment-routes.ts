import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../api-route.js';
import { BlobFiles } from '../blobs/blob-files.js';
import { BlobOwnersStore } from '../blobs/blob-owners-store.js';
import { markPayment, putPayment } from '../payments/payments-service.js';
import { caller } from './auth-routes.js';

/** 交费 (issue 19 item 2): the unit's 交费信息, and 标记已交费 by the final-level reviewer or an administrator. */
export function registerPaymentRoutes(app: FastifyInstance, now: () => Date): void {
  const owners = new BlobOwnersStore(app.db);
  const files = new BlobFiles(app.serverConfig.dataDir);

  apiRoute(app, 'PUT /batches/:batchId/payment', (body, request, _reply, params) => {
    const { user } = caller(request);
    return putPayment(app.db, {
      batchId: params.batchId.toLowerCase(),
      unit: { unitId: user.unitId!, userId: user.id, username: user.username, ip: request.ip },
      request: body,
      // The unit's own upload, and its bytes really on disk.
      isOwned: (sha256, unitId) => owners.isOwned(sha256, unitId) && files.exists(sha256),
      feesEnabled: app.settings.feesEnabled(),
      now: now(),
    });
  });

  apiRoute(app, 'POST /review/batches/:batchId/payment', (body, request, _reply, params) =>
    markPayment(app.db, { user: caller(request).user, ip: request.ip }, {
      batchId: params.batchId.toLowerCase(),
      request: body,
      feesEnabled: app.settings.feesEnabled(),
      reviewStages: app.settings.reviewStages(),
      now: now(),
    }),
  );
}
