import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../api-route.js';
import { referenceExams } from '../exams/exams-service.js';
import { listCourses } from '../training/courses-store.js';

/** GET /reference: the code tables, photo spec and rules version the server checks with, and the exam tasks. */
export function registerReferenceRoutes(app: FastifyInstance, now: () => Date): void {
  apiRoute(app, 'GET /reference', async () => {
    const at = now();
    const [photoSpec, reviewStages, exams, courses, feesEnabled] = await Promise.all([
      app.settings.photoSpec(),
      app.settings.reviewStages(),
      referenceExams(app.db, at),
      listCourses(app.db),
      app.settings.feesEnabled(),
    ]);
    return {
      rulesVersion: app.referenceData.rulesVersion,
      codeTables: app.referenceData.codeTables,
      photoSpec,
      reviewStages,
      serverTime: at.toISOString(),
      exams,
      courses,
      fees: { enabled: feesEnabled },
    };
  });
}
