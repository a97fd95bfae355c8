import type { FastifyInstance } from 'fastify';
import { API_PREFIX, XLSX_MIME } from '../../src-shared/contract/sync-api.js';
import { CERTIFICATE_EXPORT_PATH, certificateExportQuerySchema } from '../../src-shared/contract/sync-certificates.js';
import { apiRoute, parseBody } from '../api-route.js';
import { recordAudit } from '../db/audit.js';
import { exportCertificates } from '../certificates/certificate-export.js';
import { uploadCertificates } from '../certificates/certificates-service.js';
import { attachmentDisposition } from './export-routes.js';
import { caller } from './auth-routes.js';

/** 取证: POST /certificates (units) and the administrator's 取证名单 (src-shared/contract/sync-certificates.ts). */
export function registerCertificateRoutes(app: FastifyInstance, now: () => Date): void {
  apiRoute(app, 'POST /certificates', (body, request) => {
    const u = caller(request).user;
    return uploadCertificates(app.db, body, { userId: u.id, name: u.username, unitId: u.unitId!, ip: request.ip, now: now() });
  });

  app.route({
    method: 'GET',
    url: API_PREFIX + CERTIFICATE_EXPORT_PATH,
    config: { access: ['admin'] },
    handler: async (request, reply) => {
      const { examId } = parseBody(certificateExportQuerySchema, request.query);
      const user = caller(request).user;
      const file = await exportCertificates(app.db, examId, now());
      // ID numbers leaving the server: who took them is kept, like every export.
      await recordAudit(app.db, { at: now(), actorUserId: user.id, actor: user.username, action: 'export.certificates', entity: 'exam', entityId: examId, detail: { rows: file.rowCount }, ip: request.ip });
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-length', String(file.bytes.length))
        .header('content-disposition', attachmentDisposition(file.fileName, file.asciiFileName))
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file.bytes);
    },
  });
}
