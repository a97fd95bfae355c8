import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../api-route.js';

/** GET /reference: the code tables, photo spec and rules version the server checks with. */
export function registerReferenceRoutes(app: FastifyInstance, now: () => Date): void {
  apiRoute(app, 'GET /reference', () => ({
    rulesVersion: app.referenceData.rulesVersion,
    codeTables: app.referenceData.codeTables,
    photoSpec: app.settings.photoSpec(),
    reviewStages: app.settings.reviewStages(),
    serverTime: now().toISOString(),
  }));
}
