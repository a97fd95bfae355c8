import type { FastifyInstance, FastifyRequest } from 'fastify';
import { COURSE_FILE_MAX_BYTES, courseImportQuerySchema } from '../../src-shared/contract/sync-api.js';
import { apiRoute, parseBody } from '../api-route.js';
import { courseTable, importCourses, type CourseActor } from '../training/courses-service.js';
import { eligibilityList } from '../training/eligibility-service.js';
import { processLane as lane } from '../cpu-lane.js';
import { withReadConnection } from '../db/read-connection.js';
import { caller } from './auth-routes.js';

/** The administrator's training routes (src-shared/contract/sync-training.ts): 可打印准考证 and the course table. */
export function registerTrainingRoutes(app: FastifyInstance, now: () => Date): void {
  const actorOf = (request: FastifyRequest): CourseActor => {
    const u = caller(request).user;
    return { userId: u.id, name: u.username, ip: request.ip, now: now() };
  };

  // A province's list is a pass over every approved person and study record (seconds at 10^5): done in
  // slices on the CPU lane, on a connection of its own, so the server answers everyone else meanwhile
  // (bench/eligibility measures the longest wait of a /healthz beside it).
  apiRoute(app, 'GET /admin/eligibility', (query) =>
    withReadConnection(app.db, (reader, sliced) => (sliced ? lane.run((tick) => eligibilityList(reader, query, tick)) : eligibilityList(reader, query))),
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
