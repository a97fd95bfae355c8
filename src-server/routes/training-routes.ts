import type { FastifyInstance, FastifyRequest } from 'fastify';
import { COURSE_FILE_MAX_BYTES, courseImportQuerySchema } from '../../src-shared/contract/sync-api.js';
import { apiRoute, parseBody } from '../api-route.js';
import { courseTable, importCourses, type CourseActor } from '../training/courses-service.js';
import { eligibilityList } from '../training/eligibility-service.js';
import { withEligibilityRows } from '../training/eligibility-rows.js';
import { processLane as lane } from '../cpu-lane.js';
import { caller } from './auth-routes.js';

/** The administrator's training routes (src-shared/contract/sync-training.ts): 可打印准考证 and the course table. */
export function registerTrainingRoutes(app: FastifyInstance, now: () => Date): void {
  const actorOf = (request: FastifyRequest): CourseActor => {
    const u = caller(request).user;
    return { userId: u.id, name: u.username, ip: request.ip, now: now() };
  };

  // A province's list is a pass over every approved person and study record (seconds at 10^5): done in
  // slices on the CPU lane over rows read in pages (SQLite: on a connection of its own; PostgreSQL: keyset
  // pages), so the server answers everyone else meanwhile (bench/eligibility measures the longest wait of
  // a /healthz beside it).
  apiRoute(app, 'GET /admin/eligibility', (query) =>
    withEligibilityRows(app.store, (rows, sliced) => (sliced ? lane.run((tick) => eligibilityList(rows, query, tick)) : eligibilityList(rows, query))),
  );
  apiRoute(app, 'GET /admin/courses', () => courseTable(app.db));
  // The body is the .xlsx itself (the octet-stream parser the blob routes register; this limit overrides its own).
  apiRoute(
    app,
    'POST /admin/courses/import',
    (bytes, request) =>
      importCourses(app.db, bytes, parseBody(courseImportQuerySchema, request.query).fileName, app.referenceData.lookups.examCategory, actorOf(request)),
    { bodyLimit: COURSE_FILE_MAX_BYTES },
  );
}
