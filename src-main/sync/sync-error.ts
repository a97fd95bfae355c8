import type { RowProblem } from '../../src-shared/contract/sync-api.js';
import { CodedError } from '../../src-shared/coded-error.js';

/**
 * Every way a call to the sync server can end other than success, sorted by what to do about it:
 * - network, timeout, server (5xx), throttled (429): try again later, on its own (retryable);
 * - auth: the token is missing, expired or revoked: sign in again (the job waits, nothing is lost);
 * - refused: the server understood and said no (a row it refuses, a conflict): the clerk must act;
 * - tls: the certificate is not trusted: fix the CA setting; never retried blindly, never ignored;
 * - config: no server set, a proxy or CA setting that cannot be used.
 * `message` is Chinese and says what to do next.
 */
export type SyncErrorKind = 'network' | 'timeout' | 'server' | 'throttled' | 'auth' | 'refused' | 'tls' | 'config';

export class SyncError extends CodedError {
  override name = 'SyncError';
  constructor(
    readonly kind: SyncErrorKind,
    /** The server's error code when it sent one (batch.invalid_rows, auth.token_expired …), else the kind. */
    code: string,
    message: string,
    readonly extra: { status?: number; retryAfterMs?: number; rows?: RowProblem[]; missingBlobs?: string[] } = {},
  ) {
    super(code, message, { userFacing: true });
  }

  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || this.kind === 'server' || this.kind === 'throttled';
  }
}
