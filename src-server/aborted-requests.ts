import type { FastifyInstance, FastifyRequest } from 'fastify';
import { safeUrl } from './logging.js';

/**
 * One warn line when a client drops the connection before its request has fully arrived (a PUT
 * /blobs cut half-way by a flaky network, a desktop closed during a push): without it the log shows
 * the request coming in and at most the body parser's bare "aborted" error, and nobody can tell a
 * broken network from a refused upload. The line says who (when signed in), what (method and path, no
 * query), and how much of the body had arrived of what Content-Length announced.
 */

/** Body bytes read so far, per request that has a body. */
const received = new WeakMap<FastifyRequest, { bytes: number }>();

export function registerAbortedRequestLog(app: FastifyInstance): void {
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const count = { bytes: 0 };
    received.set(request, count);
    // Counted from the moment the body parser starts reading (Readable emits 'resume' just before the
    // first chunk flows). A 'data' listener added any earlier would start the flow itself, and chunks
    // could go by before the parser listens; and a body nobody reads is left as it was.
    payload.once('resume', () => {
      payload.on('data', (chunk: Buffer | string) => {
        count.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      });
    });
    done(null, payload);
  });

  // Fastify runs this when the socket closes before the request is over: its body cut short (warn:
  // an upload or a push that failed on the way), or, with the whole request in, before the answer (a
  // client that gave up waiting or navigated away: info, nothing was lost).
  app.addHook('onRequestAbort', async (request) => {
    const path = safeUrl(request.url.split('?')[0] ?? '');
    const header = Number(request.headers['content-length']);
    const contentLength = Number.isFinite(header) ? header : null;
    const receivedBytes = received.get(request)?.bytes ?? 0;
    const user = request.auth?.user;
    const aborted = {
      method: request.method,
      url: path,
      ...(user ? { user: user.username, userId: user.id, unitId: user.unitId } : {}),
      receivedBytes,
      contentLength,
    };
    if (request.raw.complete) {
      request.log.info({ aborted }, `client dropped the connection before the answer: ${request.method} ${path}`);
    } else {
      request.log.warn(
        { aborted },
        `client dropped the connection mid-request: ${request.method} ${path}, ${receivedBytes} of ${contentLength ?? 'unknown'} body bytes arrived`,
      );
    }
  });
}
