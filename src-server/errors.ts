import type { ErrorCode, ErrorResponse } from '../src-shared/contract/sync-api.js';
import { CodedError } from '../src-shared/coded-error.js';

/** What an error answer may carry besides code and message (see errorResponseSchema). */
export type ErrorDetails = Omit<ErrorResponse['error'], 'code' | 'message'>;

/**
 * An answer other than success, thrown anywhere below a route and turned into
 * `{ error: { code, message, ...details } }` with its status by the error handler. `message` is
 * Chinese and says what to do.
 */
export class ApiError extends CodedError<ErrorCode> {
  override name = 'ApiError';
  constructor(
    readonly statusCode: number,
    code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
    /** Machine-readable particulars: the missing files, the refused rows. */
    readonly details: ErrorDetails = {},
  ) {
    super(code, message, { userFacing: true });
  }

  body(): ErrorResponse {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

export function errorBody(code: ErrorCode, message: string): ErrorResponse {
  return { error: { code, message } };
}
