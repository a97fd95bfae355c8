import type { FastifyInstance } from 'fastify';
import { API_PREFIX, EXPORT_ACCESS, EXPORT_KINDS, EXPORT_PATHS, XLSX_MIME, exportQuerySchema, type ExportKind } from '../../src-shared/contract/sync-api.js';
import { parseBody } from '../api-route.js';
import { contentDisposition } from '../../src-shared/file-names.js';
import { recordAudit } from '../db/audit.js';
import { APPROVED_EXPORT } from '../exports/approved-export.js';
import { REJECTED_EXPORT } from '../exports/rejected-export.js';
import { exportPeople, type PeopleExportDef } from '../exports/people-export.js';
import { caller } from './auth-routes.js';

/** `attachment` with the Chinese name for browsers and an ASCII one for everything older. */
export function attachmentDisposition(fileName: string, asciiFileName: string): string {
  return contentDisposition('attachment', fileName, asciiFileName);
}

const EXPORTS = { approved: APPROVED_EXPORT, rejected: REJECTED_EXPORT } satisfies Record<ExportKind, PeopleExportDef>;

/**
 * GET /exports/approved.xlsx and /exports/rejected.xlsx: raw .xlsx bytes, so outside the JSON map. A
 * reviewer gets their jurisdiction, an administrator everything (see sync-exports.ts).
 */
export function registerExportRoutes(app: FastifyInstance, now: () => Date): void {
  for (const kind of EXPORT_KINDS) {
    app.route({
      method: 'GET',
      url: API_PREFIX + EXPORT_PATHS[kind],
      config: { access: EXPORT_ACCESS },
      handler: async (request, reply) => {
        const query = parseBody(exportQuerySchema, request.query);
        const user = caller(request).user;
        const file = await exportPeople(EXPORTS[kind], app.db, { user, ip: request.ip }, query, now());
        // A list of ID numbers leaving the server: who took which one is kept for good, like any change.
        await recordAudit(app.db, {
          at: now(),
          actorUserId: user.id,
          actor: user.username,
          action: `export.${kind}`,
          entity: 'export',
          entityId: kind,
          detail: { ...query, rows: file.rowCount },
          ip: request.ip,
        });
        request.log.info({ export: kind, user: user.username, query, rows: file.rowCount }, 'export');
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
}
