import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../api-route.js';
import { dashboard } from '../review/dashboard-service.js';
import { caller } from './auth-routes.js';

/** 工作概况 for reviewers (their bureau's units) and administrators (every unit), by the server's clock. */
export function registerDashboardRoutes(app: FastifyInstance, now: () => Date): void {
  apiRoute(app, 'GET /review/dashboard', async (_query, request) =>
    dashboard(app.db, { user: caller(request).user, ip: request.ip }, now(), (await app.settings.reviewStages())),
  );
}
