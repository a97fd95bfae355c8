import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../api-route.js';
import { ApiError } from '../errors.js';
import { batchView, submitBatch } from '../batches/batch-store.js';
import { checkPersons } from '../batches/check-persons.js';
import { chinaToday } from '../../src-shared/china-time.js';
import { caller } from './auth-routes.js';

/** PUT and GET /batches/:batchId for units (see src-shared/contract/sync-batches.ts). */
export function registerBatchRoutes(app: FastifyInstance, now: () => Date): void {
  apiRoute(app, 'PUT /batches/:batchId', (body, request, reply, params) => {
    const ctx = caller(request);
    const at = now();
    // The rules run before the transaction: they are pure and the slow part; the store work is short.
    const persons = checkPersons(body.persons, { lookups: app.referenceData.lookups, today: chinaToday(at), kind: body.kind });
    const { status, body: answer } = submitBatch(app.db, {
      batchId: params.batchId.toLowerCase(),
      request: body,
      persons,
      submitter: { userId: ctx.user.id, username: ctx.user.username, unitId: ctx.user.unitId!, ip: request.ip },
      reviewStages: app.settings.reviewStages(),
      photoSpec: app.settings.photoSpec(),
      now: at,
    });
    void reply.code(status);
    return answer;
  });

  apiRoute(app, 'GET /batches/:batchId', (_query, request, _reply, params) => {
    const view = batchView(app.db, params.batchId.toLowerCase(), caller(request).user.unitId!);
    if (!view) throw new ApiError(404, 'not_found', '服务器上没有这个批次（或它不属于你的单位）。如果批次还没提交成功，报名助手会自动重新提交。');
    return view;
  });
}
