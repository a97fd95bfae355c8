import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../api-route.js';
import { referenceExams } from '../exams/exams-service.js';
import { listCourses } from '../training/courses-store.js';

/** GET /reference: the code tables, photo spec and rules version the server checks with, and the exam tasks. */
export function registerReferenceRoutes(app: FastifyInstance, now: () => Date): void {
  apiRoute(app, 'GET /reference', () => ({
    rulesVersion: app.referenceData.rulesVersion,
    codeTables: app.referenceData.codeTables,
    photoSpec: app.settings.photoSpec(),
    reviewStages: app.settings.reviewStages(),
    serverTime: now().toISOString(),
    exams: referenceExams(app.db, now()),
    courses: listCourses(app.db),
    fees: { enabled: app.settings.feesEnabled() },
  }));
}
