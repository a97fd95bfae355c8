import type { ErrorCode, ErrorResponse } from '../src-shared/contract/sync-api.js';

/**
 * An answer other than success, thrown anywhere below a route and turned into
 * `{ error: { code, message } }` with its status by the error handler. `message` is Chinese and says
 * what to do.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ErrorResponse {
    return { error: { code: this.code, message: this.message } };
  }
}

export function errorBody(code: ErrorCode, message: string): ErrorResponse {
  return { error: { code, message } };
}
