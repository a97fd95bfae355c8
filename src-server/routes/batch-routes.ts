import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';
import { batchContentHash, batchView, submitBatch } from '../batches/batch-store.js';
import { checkPersons } from '../batches/check-persons.js';
import { parseBatchRequest } from '../batches/parse-batch.js';
import { processLane as lane } from '../cpu-lane.js';
import { KeyGate } from '../key-gate.js';
import { chinaToday } from '../../src-shared/china-time.js';
import { caller } from './auth-routes.js';
import { apiRoute, parseBody } from '../api-route.js';
import { API_PREFIX, SYNC_API, batchIdParamsSchema } from '../../src-shared/contract/sync-api.js';
import { batchContentSha256InSlices } from '../../src-node/batch-content-hash.js';
import { examGate } from '../exams/exam-gate.js';

/** Batches one unit may have being checked at once... */
export const BATCHES_PER_UNIT_AT_ONCE = 2;
/** ...and waiting for their turn behind them; one more is a 429 batch.busy. */
export const BATCHES_PER_UNIT_WAITING = 6;

/** PUT, HEAD and GET /batches/:batchId for units (see src-shared/contract/sync-batches.ts). */
export function registerBatchRoutes(app: FastifyInstance, now: () => Date): void {
  // Checking a batch (its schema, then the rules row by row) runs in slices, one slice at a time
  // across the server, so a big or hostile batch never holds the event loop for long (cpu-lane.ts).
  const perUnit = new KeyGate<number>(BATCHES_PER_UNIT_AT_ONCE, BATCHES_PER_UNIT_WAITING);
  const tick = () => lane.tick();

  apiRoute(app, 'PUT /batches/:batchId', async (body, request, reply, params) => {
    const ctx = caller(request);
    const at = now();
    // The rules run before the transaction: they are pure and the slow part; the store work is short.
    const persons = await checkPersons(body.persons, { lookups: app.referenceData.lookups, today: chinaToday(at), kind: body.kind }, tick);
    // Hashed before the transaction, over the request as parsed (names cleaned), in slices like the
    // check: the desktop hashes the same way and compares it with HEAD's ETag.
    const contentSha256 = await batchContentSha256InSlices(body, tick);
    const { status, body: answer } = await submitBatch(app.db, {
      batchId: params.batchId.toLowerCase(),
      request: body,
      persons,
      submitter: { userId: ctx.user.id, username: ctx.user.username, unitId: ctx.user.unitId!, ip: request.ip },
      reviewStages: (await app.settings.reviewStages()),
      photoSpec: (await app.settings.photoSpec()),
      now: at,
      contentSha256,
      examGate: examGate(body.examId, chinaToday(at)),
    });
    void reply.code(status);
    return answer;
  }, {
    parseInput: (source) => parseBatchRequest(source, tick),
    around: async (request, run) => {
      const unitId = caller(request).user.unitId!;
      const entered = perUnit.enter(unitId);
      if (!entered) {
        throw new ApiError(429, 'batch.busy', `本单位已有 ${perUnit.load(unitId)} 个批次正在服务器上检查或等待检查，请等它们检查完再提交这个批次；报名助手会自动稍后重试。`, { 'retry-after': '5' });
      }
      const leave = await entered;
      try {
        return await lane.run(run);
      } finally {
        leave();
      }
    },
  });

  // Before the GET: Fastify would otherwise make a HEAD route of the GET (exposeHeadRoutes) that builds
  // the whole view with every person only to drop it; a HEAD declared first stops that, and one
  // declared after the GET would be refused as a duplicate at start. This one is a primary-key look-up.
  app.route({
    method: 'HEAD',
    url: API_PREFIX + SYNC_API['GET /batches/:batchId'].path,
    config: { access: SYNC_API['GET /batches/:batchId'].access },
    handler: async (request, reply) => {
      const { batchId } = parseBody(batchIdParamsSchema, request.params);
      const hash = await batchContentHash(app.db, batchId.toLowerCase(), caller(request).user.unitId!);
      if (hash === undefined) return reply.code(404).send();
      // '' = stored before the hash was kept: no ETag, so the desktop pushes (and the push stores one).
      if (hash !== '') void reply.header('etag', `"${hash}"`);
      return reply.code(200).send();
    },
  });

  apiRoute(app, 'GET /batches/:batchId', async (_query, request, _reply, params) => {
    const view = await batchView(app.db, params.batchId.toLowerCase(), caller(request).user.unitId!);
    if (!view) throw new ApiError(404, 'not_found', '服务器上没有这个批次（或它不属于你的单位）。如果批次还没提交成功，报名助手会自动重新提交。');
    return view;
  });
}
