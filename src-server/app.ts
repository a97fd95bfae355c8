import http from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { RouteAccess } from '../src-shared/contract/sync-api.js';
import type { ServerConfig } from './config.js';
import { openServerStore, type ServerStore } from './db/open-store.js';
import type { Sql } from './db/sql.js';
import { AuthService, type AuthContext } from './auth/auth-service.js';
import { ApiError, errorBody } from './errors.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerBlobRoutes } from './routes/blob-routes.js';
import { registerBatchRoutes } from './routes/batch-routes.js';
import { registerReviewRoutes } from './routes/review-routes.js';
import { registerDashboardRoutes } from './routes/dashboard-routes.js';
import { registerExportRoutes } from './routes/export-routes.js';
import { registerFeedRoutes } from './routes/feed-routes.js';
import { registerReferenceRoutes } from './routes/reference-routes.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import { registerExamRoutes } from './routes/exam-routes.js';
import { registerTrainingRoutes } from './routes/training-routes.js';
import { registerCertificateRoutes } from './routes/certificate-routes.js';
import { registerPaymentRoutes } from './routes/payment-routes.js';
import { registerUpdateRoutes } from './routes/update-routes.js';
import { DeploymentSettings } from './settings/deployment-settings.js';
import { registerConsoleRoutes } from './routes/console-routes.js';
import { registerClientErrorRoutes } from './routes/client-error-routes.js';
import { loadReferenceData, type ReferenceData } from './reference/reference-data.js';
import { readTlsFiles, registerHsts } from './tls.js';
import { loggerOptions } from './logging.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { scheduleBlobGc, type BlobGcSchedule } from './blobs/blob-gc-timer.js';
import { scheduleTempSweep, type TempSweepSchedule } from './blobs/temp-sweep.js';
import { registerOverloadGuard, type OverloadLimits } from './overload.js';
import { processLane } from './cpu-lane.js';
import { registerAbortedRequestLog } from './aborted-requests.js';

/** JSON bodies from this many characters on are parsed on the CPU lane. */
const LANE_JSON_CHARS = 256 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's database (SQLite or PostgreSQL, db/sql.ts); closed when the server closes (unless handed in through deps.store). */
    db: Sql;
    /** The same database with what differs between the two (the dialect, SQLite's own connection for backups). */
    store: ServerStore;
    authService: AuthService;
    serverConfig: ServerConfig;
    /** Code tables, photo spec and rules version, loaded once at start (photoSpec: the flag's; see settings). */
    referenceData: ReferenceData;
    /** Review stages and photo spec in force: an administrator's choice, else the flag's. Read at each use. */
    settings: DeploymentSettings;
  }
  interface FastifyRequest {
    /** The signed-in caller, set by the auth hook on every route that is not public. */
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route; routes that do not say are for signed-in accounts only. */
    access?: RouteAccess;
  }
}

export interface ServerDeps {
  /** The clock for token expiry and lockouts; tests move it. */
  now?: () => Date;
  /** Fastify's logger option; false in tests. Default: pino at config.logLevel. */
  logger?: FastifyServerOptions['logger'];
  /** An already open store (left open on close). Default: opened from config.databaseUrl, else in config.dataDir. */
  store?: ServerStore;
  /** The built reviewer's console (vite.console.config.ts). Default: out/console in the repository. */
  consoleDir?: string;
  /** GET /healthz answers 503 below this much free disk in the data folder (default 256 MB). */
  minFreeDiskBytes?: number;
  /** When the daily blob clean-up runs (default: 10 minutes after listen, then every 24 hours). */
  blobGc?: BlobGcSchedule;
  /** How often leftover blob temp files are swept by age (default hourly; also once before listening). */
  tempSweep?: TempSweepSchedule;
  /** When the server refuses requests as overloaded (503 server.busy; overload.ts). */
  overload?: OverloadLimits;
}

const MB = 1024 * 1024;
function sizeText(bytes: number): string {
  return bytes >= MB ? `${+(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Requests so broken that Node's HTTP parser gives up before Fastify sees them (a body shorter than its
 * Content-Length, oversized headers, a timeout): answered in Chinese on the raw socket, then closed.
 */
function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let status: number;
  let message: string;
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    message = '请求发送得太慢，已超时。请检查网络后重试。';
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    message = '请求头太大，服务器无法处理。请检查客户端设置，或升级报名助手。';
  } else {
    status = 400;
    message = '请求格式有误或传输中断，服务器无法读取。请重试；如果一直出现，请检查网络或升级报名助手。';
  }
  const body = JSON.stringify(errorBody('request.invalid', message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/**
 * The sync server. Opens (and migrates) the store, so a database from a newer version (or one that
 * cannot be reached) throws a DbError here, before anything listens. Call `listen` on the result;
 * `close` finishes the requests in flight, then closes the store.
 */
export async function buildServer(config: ServerConfig, deps: ServerDeps = {}): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  // Before the store is opened: a missing data file or an unknown photo spec stops the start here.
  const referenceData = loadReferenceData(config);
  // So is a missing, unreadable or mismatched certificate or key (ConfigError).
  const tlsMaterial = config.tls ? readTlsFiles(config.tls) : null;
  const store = deps.store ?? (await openServerStore(config));
  const db = store.db;

  let app: FastifyInstance;
  try {
    app = Fastify({
      // HTTPS on the same port when TLS_CERT / TLS_KEY are set. Fastify's types tell an https.Server
      // from an http.Server by overload only; to everything here (listen, address, close) they are alike.
      ...(tlsMaterial ? ({ https: { cert: tlsMaterial.cert, key: tlsMaterial.key } } as object) : {}),
      logger: deps.logger ?? loggerOptions(config),
      bodyLimit: config.jsonBodyLimit,
      // request.ip: X-Forwarded-For only when the socket's peer is one of the proxies TRUST_PROXY names
      // (the rightmost address not itself such a proxy); else the socket's address.
      ...(config.trustProxy.length > 0 ? { trustProxy: config.trustProxy } : {}),
      // Node's own default; Fastify's is none. A client that trickles a body is cut off eventually.
      requestTimeout: 300_000,
      // Our own Chinese 503 (below) instead of Fastify's English one.
      return503OnClosing: false,
      forceCloseConnections: 'idle',
      clientErrorHandler,
      frameworkErrors: (error, _request, reply) => {
        // Fastify's types make this reply generic over route schemas we do not use.
        const r = reply as unknown as FastifyReply;
        if (error.code === 'FST_ERR_BAD_URL') {
          void r.code(400).send(errorBody('request.bad_url', '请求地址的写法不对（含有无法识别的字符），请检查地址。'));
        } else {
          void r.code(400).send(errorBody('request.invalid', '请求有误，服务器无法处理。请检查后重试，或升级报名助手到最新版本。'));
        }
      },
    });
  } catch (e) {
    if (!deps.store) await store.close();
    throw e;
  }

  app.decorate('db', db);
  app.decorate('store', store);
  app.decorate('serverConfig', config);
  app.decorate('referenceData', referenceData);
  app.decorate('settings', new DeploymentSettings(db, config, referenceData));
  app.decorate('authService', new AuthService(db, config, now));
  app.decorateRequest('auth', null);
  if (tlsMaterial) registerHsts(app);

  // JSON as usual, but an empty body (e.g. a logout sent with Content-Type: application/json) is "no
  // body" rather than an error; each route's schema decides whether it needs one.
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') done(null, undefined);
    // (Fastify types the parser as possibly async; the default one answers through `done`.)
    else if ((body as string).length < LANE_JSON_CHARS) void defaultJson(request, body as string, done);
    // A big body (a 5,000-person batch: 40-100 ms to parse) waits for its turn on the lane, so that
    // eight arriving together are not parsed back to back while everyone else waits (cpu-lane.ts).
    else processLane.run(async () => defaultJson(request, body as string, done)).catch((e: unknown) => done(e as Error, undefined));
  });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    // close() closes the connections idle at that moment, once; one whose answer was still under way
    // turns idle later and would then hold close() for keepAliveTimeout (72 s). Swept until closed.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    sweep.unref();
    app.server.once('close', () => clearInterval(sweep));
  });
  // A request still running when close() began ends its keep-alive connection with its answer, so the
  // close does not wait for the client to drop an idle connection.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) void reply.header('connection', 'close');
    return payload;
  });

  // Before the body is read: a request from nobody, or from an account that may not make it, costs
  // us nothing but this check.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (closing) {
      return reply.code(503).header('connection', 'close').send(errorBody('server.closing', '服务器正在停止（可能在升级或维护），请过几分钟再试。'));
    }
    if (request.is404) return;
    const access: RouteAccess = request.routeOptions.config.access ?? 'signed-in';
    if (access === 'public') return;
    const ctx = await app.authService.authenticate(request.headers.authorization);
    if (ctx.user.mustChangePassword && access !== 'first-login') {
      throw new ApiError(403, 'auth.must_change_password', '首次登录（或密码被管理员重置）后必须先修改密码：请先修改密码，改好后再继续操作。');
    }
    if (Array.isArray(access) && !access.includes(ctx.user.role)) {
      throw new ApiError(403, 'auth.forbidden', '你的账号没有做这件事的权限。如果确实需要，请联系管理员。');
    }
    request.auth = ctx;
  });

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof ApiError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
      return reply.code(error.statusCode).headers(error.headers).send(error.body());
    }
    const e = error as { code?: string; statusCode?: number; message?: string };
    switch (e.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.code(400).send(errorBody('request.invalid_json', '请求内容不是有效的 JSON，服务器无法读取。请检查格式（引号、逗号、括号是否成对）后重试。'));
      case 'FST_ERR_CTP_BODY_TOO_LARGE': {
        const limit = request.routeOptions.bodyLimit ?? config.jsonBodyLimit;
        return reply
          .code(413)
          .send(errorBody('request.too_large', `请求内容太大（这个接口最多接收 ${sizeText(limit)}）。请分批提交，或请管理员调高上限。`));
      }
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reply.code(400).send(errorBody('request.invalid', '请求内容的长度与 Content-Length 不符，传输可能中断了，请重试。'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply
          .code(415)
          .send(errorBody('request.unsupported_media_type', `不支持这种内容类型（${String(request.headers['content-type'] ?? '未注明')}），请用 Content-Type: application/json。`));
    }
    const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
    if (status >= 400 && status < 500) {
      // A body cut off by the client ends here too; aborted-requests.ts logs that one, as what it is.
      if (!request.raw.aborted) request.log.info({ err: error }, 'request refused');
      return reply.code(status).send(errorBody('request.invalid', '请求有误，服务器无法处理。请检查后重试，或升级报名助手到最新版本。'));
    }
    // Everything else is our fault: log it in full, tell the person only what to do.
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .code(500)
      .send(errorBody('internal', `服务器内部出错，这次操作没有完成。请稍后再试；如果一直出现，请把时间和编号 ${request.id} 告诉管理员。`));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    return reply
      .code(404)
      .send(errorBody('not_found', `没有这个接口：${request.method} ${path.slice(0, 200)}。请检查地址，或把报名助手升级到与服务器相同的版本。`));
  });

  registerAbortedRequestLog(app);
  registerOverloadGuard(app, deps.overload);
  registerAuthRoutes(app);
  registerBlobRoutes(app, now);
  registerReferenceRoutes(app, now);
  registerBatchRoutes(app, now);
  registerReviewRoutes(app, now);
  registerDashboardRoutes(app, now);
  registerExportRoutes(app, now);
  registerFeedRoutes(app);
  registerAdminRoutes(app, now);
  registerExamRoutes(app, now);
  registerTrainingRoutes(app, now);
  registerCertificateRoutes(app, now);
  registerPaymentRoutes(app, now);
  registerUpdateRoutes(app, now);
  registerConsoleRoutes(app, deps.consoleDir);
  registerClientErrorRoutes(app, now);
  registerHealthRoutes(app, { minFreeDiskBytes: deps.minFreeDiskBytes });
  scheduleBlobGc(app, now, deps.blobGc);
  scheduleTempSweep(app, deps.tempSweep);

  if (!deps.store) {
    app.addHook('onClose', async () => {
      await store.close();
    });
  }
  return app;
}
