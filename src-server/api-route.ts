import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { API_PREFIX, SYNC_API, type ErrorCode, type RouteSpec, type SyncApi, type SyncRequest, type SyncResponse, type SyncRoute } from '../src-shared/contract/sync-api.js';
import { ApiError } from './errors.js';

type Issue = z.core.$ZodIssue;

/** Chinese for the checks a schema in the contract leaves to zod's (English) defaults. */
export function fallbackMessage(issue: z.core.$ZodRawIssue): string {
  const where = issue.path && issue.path.length > 0 ? `字段“${issue.path.map(String).join('.')}”` : '';
  if (!where) return '请求内容应为一个 JSON 对象，并带上请求头 Content-Type: application/json。';
  switch (issue.code) {
    case 'invalid_type':
      return `${where}的类型不对（应为 ${issue.expected}）。请升级报名助手到最新版本；如果仍然出现，请联系管理员。`;
    case 'too_big':
      return `${where}太长或太大，请检查。`;
    case 'too_small':
      return `${where}不能为空或太短，请检查。`;
    default:
      return `${where}的内容不符合要求，请检查。请升级报名助手到最新版本；如果仍然出现，请联系管理员。`;
  }
}

/**
 * Parses a body with a contract schema. A failure is a 400 whose message is the schema's own Chinese
 * message for the first problem (or a Chinese fallback) and whose code is `request.invalid` unless
 * `codeFor` says otherwise for that field.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, codeFor?: (issue: Issue) => ErrorCode | undefined): z.infer<S> {
  const parsed = schema.safeParse(body, { error: (iss) => fallbackMessage(iss) });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ApiError(400, codeFor?.(issue) ?? 'request.invalid', issue.message);
}

export interface ApiRouteOptions {
  /** Largest body for this route, in bytes; the server's JSON limit otherwise. */
  bodyLimit?: number;
  /** The error code for a schema failure on a given field (default `request.invalid`). */
  codeFor?: (issue: Issue) => ErrorCode | undefined;
  /**
   * Parses the body (or query) instead of the request schema, e.g. a slice at a time; must give what
   * the schema gives and throw ApiError for what it refuses.
   */
  parseInput?: (source: unknown) => Promise<unknown>;
  /** Runs parsing and handler inside this (e.g. a limit on how many run at once). */
  around?: (request: FastifyRequest, run: () => Promise<unknown>) => Promise<unknown>;
}

/** The parsed path parameters of a route whose spec has a `params` schema. */
export type SyncParams<K extends SyncRoute> =
  SyncApi[K] extends RouteSpec<z.ZodType, z.ZodType, infer P> ? (P extends z.ZodType ? z.output<P> : Record<string, never>) : never;

export type ApiHandler<K extends SyncRoute> = (
  /** The parsed body (POST, PUT) or query string (GET). */
  input: SyncRequest<K>,
  request: FastifyRequest,
  reply: FastifyReply,
  params: SyncParams<K>,
) => Promise<SyncResponse<K>> | SyncResponse<K>;

/**
 * Registers one route of the contract: method, path and access rule come from SYNC_API, the body is
 * parsed with its request schema before the handler sees it. Access is enforced by the auth hook
 * (app.ts) before the body is even read.
 */
export function apiRoute<K extends SyncRoute>(app: FastifyInstance, key: K, handler: ApiHandler<K>, options: ApiRouteOptions = {}): void {
  const spec = SYNC_API[key];
  app.route({
    method: spec.method,
    url: API_PREFIX + spec.path,
    config: { access: spec.access },
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
    handler: async (request, reply) => {
      const params = ('params' in spec && spec.params ? parseBody(spec.params, request.params) : {}) as SyncParams<K>;
      const source = spec.method === 'GET' || spec.method === 'HEAD' || spec.method === 'DELETE' ? request.query : request.body;
      const run = async () => {
        const input = (options.parseInput ? await options.parseInput(source) : parseBody(spec.request, source, options.codeFor)) as SyncRequest<K>;
        return handler(input, request, reply, params);
      };
      return options.around ? (options.around(request, run) as Promise<SyncResponse<K>>) : run();
    },
  });
}
