import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiRoute } from '../api-route.js';
import { maskIdNumbers } from '../logging.js';

/** At most this many reports a minute from one session reach the log: a render loop must not fill the disk. */
export const CLIENT_ERRORS_PER_MINUTE = 30;
/** A report is a few KB: the console clips it (src-shared/client-error-report.ts). */
export const CLIENT_ERROR_BODY_LIMIT = 16 * 1024;
const MINUTE_MS = 60_000;

interface Minute {
  start: number;
  count: number;
  /** Who, for the line that says how many were dropped. */
  username: string;
}

/**
 * POST /api/v1/console/client-errors: the reviewer's console reports what went wrong in the page (a
 * render error its boundary caught, an uncaught error, an unhandled rejection), and it lands in the
 * server's log at warn with who was signed in, so that "出错了，已记录" is true. Per session at most
 * CLIENT_ERRORS_PER_MINUTE a minute are logged; the rest are counted, logged as a number, and answered
 * like the others (the page does nothing with the answer).
 */
export function registerClientErrorRoutes(app: FastifyInstance, now: () => Date): void {
  const minutes = new Map<string, Minute>();

  const close = (request: FastifyRequest, minute: Minute) => {
    const dropped = minute.count - CLIENT_ERRORS_PER_MINUTE;
    if (dropped > 0) request.log.warn({ user: minute.username, dropped }, `console error reports: ${dropped} more in that minute were not logged`);
  };

  apiRoute(
    app,
    'POST /console/client-errors',
    (report, request) => {
      const auth = request.auth!;
      const t = now().getTime();
      let minute = minutes.get(auth.tokenHash);
      if (!minute || t - minute.start >= MINUTE_MS) {
        // Sessions whose minute is over are forgotten here, so the map holds only this minute's.
        for (const [key, m] of minutes) {
          if (t - m.start >= MINUTE_MS) {
            close(request, m);
            minutes.delete(key);
          }
        }
        minute = { start: t, count: 0, username: auth.user.username };
        minutes.set(auth.tokenHash, minute);
      }
      minute.count++;
      if (minute.count <= CLIENT_ERRORS_PER_MINUTE) {
        request.log.warn(
          {
            user: auth.user.username,
            role: auth.user.role,
            clientError: { kind: report.kind, message: maskIdNumbers(report.message), stack: maskIdNumbers(report.stack), where: maskIdNumbers(report.where) },
          },
          `console ${report.kind} error: ${maskIdNumbers(report.message).slice(0, 200)}`,
        );
      }
      return { ok: true as const };
    },
    { bodyLimit: CLIENT_ERROR_BODY_LIMIT },
  );
}
