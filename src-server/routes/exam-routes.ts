import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiRoute } from '../api-route.js';
import { changeExam, createExam, examList, extendExamWindow, type ExamActor } from '../exams/exams-service.js';
import { caller } from './auth-routes.js';

/** The administrator's exam tasks (src-shared/contract/sync-exams.ts); desktops get them with GET /reference. */
export function registerExamRoutes(app: FastifyInstance, now: () => Date): void {
  const actorOf = (request: FastifyRequest): ExamActor => {
    const u = caller(request).user;
    return { userId: u.id, name: u.username, ip: request.ip, now: now() };
  };
  const categories = () => app.referenceData.lookups.examCategory;

  apiRoute(app, 'GET /admin/exams', () => examList(app.db, now()));
  apiRoute(app, 'POST /admin/exams', (body, request) => createExam(app.db, body, categories(), actorOf(request)));
  apiRoute(app, 'PUT /admin/exams/:examId', (body, request, _reply, { examId }) => changeExam(app.db, examId, body, categories(), actorOf(request)));
  apiRoute(app, 'POST /admin/exams/:examId/extend', (body, request, _reply, { examId }) => extendExamWindow(app.db, examId, body, actorOf(request)));
}
