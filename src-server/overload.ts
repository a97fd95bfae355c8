import v8 from 'node:v8';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.js';

/** When the server counts as overloaded and refuses new requests (503 server.busy) until it recovers. */
export interface OverloadLimits {
  /** Mean event-loop delay over a sample, in ms (default 1000: the loop was held for about a second). */
  maxEventLoopDelayMs?: number;
  /** JavaScript heap in use, in bytes (default 90 % of the heap limit, so the process is not killed). */
  maxHeapUsedBytes?: number;
  /** How often the figures are sampled, in ms (default 1000). */
  sampleIntervalMs?: number;
  /** Seconds in Retry-After (default 10). */
  retryAfterSeconds?: number;
}

/** Routes answered whatever the load: monitoring must see an overloaded server, not a 503 of ours. */
const EXEMPT = new Set(['/healthz']);

/**
 * @fastify/under-pressure: when the event loop lags or the heap is nearly full, every new request
 * (but /healthz) is answered at once with 503 `server.busy`, Retry-After and a Chinese message,
 * instead of waiting in a queue without end. The desktop retries on its own after Retry-After.
 */
export function registerOverloadGuard(app: FastifyInstance, limits: OverloadLimits = {}): void {
  const retryAfter = limits.retryAfterSeconds ?? 10;
  let lastLog = 0;
  void app.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs ?? 1000,
    maxHeapUsedBytes: limits.maxHeapUsedBytes ?? Math.floor(v8.getHeapStatistics().heap_size_limit * 0.9),
    sampleInterval: limits.sampleIntervalMs ?? 1000,
    retryAfter,
    pressureHandler: (request, reply, type, value) => {
      if (EXEMPT.has(request.url.split('?')[0] ?? '')) return undefined;
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        request.log.warn({ type, value }, 'overloaded: refusing requests with 503 server.busy');
      }
      // Sent here (the plugin's documented way); the request goes no further.
      void reply
        .code(503)
        .header('retry-after', String(retryAfter))
        .send(errorBody('server.busy', `服务器现在太忙，这次请求没有处理。请过 ${retryAfter} 秒左右再试；报名助手会自动重试，数据不会丢失。`));
      return undefined;
    },
  });
}
