import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../api-route.js';
import { readChanges } from '../feed/changes-store.js';
import { caller } from './auth-routes.js';

/** GET /changes?since= for units: their decisions, study accounts, study records and exam scores. */
export function registerFeedRoutes(app: FastifyInstance): void {
  apiRoute(app, 'GET /changes', async (query, request) => readChanges(app.db, caller(request).user.unitId!, Number(query.since), query.limit));
}
