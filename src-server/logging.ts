import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { ServerConfig } from './config.js';

/**
 * The server's log (issue 13): pino JSON lines on stdout, one per request start and end with the
 * request id (`reqId`), and never a password, a token or an ID number. Fastify logs no bodies and no
 * headers by itself; what it does log — the URL — goes through `safeUrl`, and `redact` censors the
 * fields that could carry secrets should any code ever log an object holding them.
 */

export const REDACTED = '[redacted]';

const SECRET_KEYS = ['password', 'oldPassword', 'newPassword', 'initialPassword', 'token', 'idNumber', 'originalCertNo', 'authorization', 'cookie'];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-auth-token"]',
  'headers.authorization',
  'headers.cookie',
  'body',
  'req.body',
  'request.body',
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
];

/** Query parameters whose values tell nothing about a person (ids, cursors, dates); the rest are hidden. */
const PLAIN_QUERY_KEYS = new Set(['since', 'limit', 'batchId', 'unitId', 'from', 'to', 'kind']);

/** Runs of digits as long as an ID number (18, or the old 15), also ending in X. */
const ID_LIKE = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;

/** Hides anything shaped like an ID number. */
export function maskIdNumbers(text: string): string {
  return text.replace(ID_LIKE, REDACTED);
}

/** `text` with ID-shaped parts hidden, also when they are percent-encoded. */
function maskEncoded(text: string): string {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // not valid percent-encoding: look at it as it is
  }
  const masked = maskIdNumbers(decoded);
  return masked !== decoded ? masked : maskIdNumbers(text);
}

/** The URL as it may be logged: the path with ID-shaped parts hidden, only plain query values kept. */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  const path = maskEncoded(q < 0 ? url : url.slice(0, q));
  if (q < 0) return path;
  const params = url
    .slice(q + 1)
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      if (eq < 0) return maskEncoded(p);
      const key = p.slice(0, eq);
      return PLAIN_QUERY_KEYS.has(key) ? `${key}=${maskEncoded(p.slice(eq + 1))}` : `${maskEncoded(key)}=${REDACTED}`;
    });
  return params.length ? `${path}?${params.join('&')}` : path;
}

/** What is logged of a request: no headers, no body, the safe URL. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: safeUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export interface LoggedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

/**
 * What is logged of an error: its kind, code, status and stack, ID numbers hidden in the message; no
 * other fields (an error may carry refused rows with their ID numbers).
 */
export function serializeError(err: unknown): LoggedError {
  if (!(err instanceof Error)) return { type: typeof err, message: maskIdNumbers(String(err)), stack: '' };
  const e = err as Error & { code?: unknown; statusCode?: unknown; cause?: unknown };
  return {
    type: e.name,
    message: maskIdNumbers(e.message),
    stack: maskIdNumbers(e.stack ?? ''),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}),
    ...(e.cause !== undefined ? { cause: serializeError(e.cause) } : {}),
  };
}

/** Fastify's logger option for this server. */
export function loggerOptions(config: Pick<ServerConfig, 'logLevel'>): NonNullable<Exclude<FastifyServerOptions['logger'], boolean>> {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { req: serializeRequest, err: serializeError },
  };
}
