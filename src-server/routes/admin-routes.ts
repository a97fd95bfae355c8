import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ADMIN_RECORD_FILE_MAX_BYTES, adminRecordQuerySchema } from '../../src-shared/contract/sync-api.js';
import { addJurisdiction, addUnit, addUser, getUser, resetPassword, setDisabled, type Actor } from '../accounts/accounts.js';
import { accountChange, adminUserView, directoryView, jurisdictionView, unitView } from '../admin/directory.js';
import { previewRecordImport, readUploadedRecordFile } from '../admin/record-upload.js';
import { apiRoute, parseBody } from '../api-route.js';
import { ApiError } from '../errors.js';
import { storeRecordImport } from '../records/import-records.js';
import { SettingsError } from '../settings/deployment-settings.js';
import { caller } from './auth-routes.js';

/**
 * The administrator's routes for the web console (src-shared/contract/sync-admin.ts): the account
 * directory, study-record and exam-score imports with a preview, and the deployment settings. Every
 * change is audited under the signed-in administrator's name and address.
 */
export function registerAdminRoutes(app: FastifyInstance, now: () => Date): void {
  const actorOf = (request: FastifyRequest): Actor => {
    const u = caller(request).user;
    return { userId: u.id, name: u.username, now, ip: request.ip };
  };
  const userOrGone = async (userId: number) => {
    const u = await getUser(app.db, userId);
    if (!u) throw new ApiError(404, 'not_found', `没有编号为 ${userId} 的用户，请刷新页面后重试。`);
    return u;
  };

  // ---- Accounts

  apiRoute(app, 'GET /admin/directory', () => directoryView(app.db, now()));

  apiRoute(app, 'POST /admin/jurisdictions', (body, request) =>
    accountChange(async () => jurisdictionView(await addJurisdiction(app.db, body, actorOf(request)))),
  );

  apiRoute(app, 'POST /admin/units', (body, request) => accountChange(async () => unitView(await addUnit(app.db, body, actorOf(request)))));

  apiRoute(app, 'POST /admin/users', (body, request) =>
    accountChange(async () => {
      const { user, initialPassword } = await addUser(
        app.db,
        {
          username: body.username,
          ...(body.displayName ? { displayName: body.displayName } : {}),
          role: body.role,
          unitId: body.unitId ?? null,
          jurisdictionId: body.jurisdictionId ?? null,
        },
        actorOf(request),
      );
      return { user: adminUserView(user, now()), initialPassword };
    }),
  );

  apiRoute(app, 'POST /admin/users/:userId/reset-password', (_body, request, _reply, { userId }) =>
    accountChange(async () => {
      const initialPassword = await resetPassword(app.db, userId, actorOf(request));
      return { user: adminUserView(await userOrGone(userId), now()), initialPassword };
    }),
  );

  apiRoute(app, 'POST /admin/users/:userId/disable', (_body, request, _reply, { userId }) => {
    if (userId === caller(request).user.id) {
      throw new ApiError(400, 'request.invalid', '不能停用你自己正在使用的账号（否则可能再没有管理员能登录）。如确需停用，请让另一位管理员操作。');
    }
    return accountChange(async () => ({ user: adminUserView(await setDisabled(app.db, userId, true, actorOf(request)), now()) }));
  });

  apiRoute(app, 'POST /admin/users/:userId/enable', (_body, request, _reply, { userId }) =>
    accountChange(async () => ({ user: adminUserView(await setDisabled(app.db, userId, false, actorOf(request)), now()) })),
  );

  // ---- Study records and exam scores: the body is the file itself (octet-stream, up to 50 MB, on these
  // two routes only; the parser is the one the blob routes register, this limit overrides its own).

  if (!app.hasContentTypeParser('application/octet-stream')) throw new Error('register the blob routes (octet-stream parser) before the admin routes');
  const fileName = (request: FastifyRequest): string | undefined => parseBody(adminRecordQuerySchema, request.query).fileName;

  apiRoute(
    app,
    'POST /admin/records/:kind/preview',
    async (bytes, request, _reply, { kind }) => {
      const file = await readUploadedRecordFile(kind, bytes, fileName(request));
      return { preview: true as const, ...(await previewRecordImport(app.db, file, actorOf(request))) };
    },
    { bodyLimit: ADMIN_RECORD_FILE_MAX_BYTES },
  );

  apiRoute(
    app,
    'POST /admin/records/:kind/import',
    async (bytes, request, _reply, { kind }) => {
      const file = await readUploadedRecordFile(kind, bytes, fileName(request));
      return { preview: false as const, summary: await storeRecordImport(app.db, file, actorOf(request)) };
    },
    { bodyLimit: ADMIN_RECORD_FILE_MAX_BYTES },
  );

  // ---- Deployment settings

  apiRoute(app, 'GET /admin/settings', async () => app.settings.view());

  apiRoute(app, 'PUT /admin/settings', async (body, request) => {
    try {
      await app.settings.update(body, actorOf(request));
    } catch (e) {
      if (e instanceof SettingsError) throw new ApiError(400, 'request.invalid', e.message);
      throw e;
    }
    return app.settings.view();
  });
}
