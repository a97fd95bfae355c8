import type { FastifyInstance, FastifyRequest } from 'fastify';
import { userView } from '../accounts/accounts.js';
import type { AuthContext } from '../auth/auth-service.js';
import { apiRoute } from '../api-route.js';

/** The signed-in caller; the auth hook has put it there for every route that is not public. */
export function caller(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Error(`route ${request.routeOptions.url ?? request.url} reached without authentication`);
  return request.auth;
}

/** POST /auth/login, /auth/change-password, /auth/logout and GET /me. */
export function registerAuthRoutes(app: FastifyInstance): void {
  apiRoute(app, 'POST /auth/login', async (body, request) => {
    const r = await app.authService.login(body.username, body.password, request.ip);
    return { token: r.token, expiresAt: r.expiresAt, mustChangePassword: r.user.mustChangePassword, user: userView(r.user) };
  });

  apiRoute(
    app,
    'POST /auth/change-password',
    async (body, request) => {
      const user = await app.authService.changePassword(caller(request), body.oldPassword, body.newPassword, request.ip);
      return { ok: true as const, user: userView(user) };
    },
    { codeFor: (issue) => (issue.path[0] === 'newPassword' ? 'auth.weak_password' : undefined) },
  );

  apiRoute(app, 'POST /auth/logout', async (_body, request) => {
    await app.authService.logout(caller(request), request.ip);
    return { ok: true as const };
  });

  apiRoute(app, 'GET /me', (_body, request) => {
    const ctx = caller(request);
    return { user: userView(ctx.user), expiresAt: ctx.expiresAt };
  });
}
