import { CodedError } from '../../src-shared/coded-error.js';

/** A data directory or database the server cannot use; `message` is Chinese and says what to do. */
export class DbError extends CodedError<'newer_schema' | 'not_a_database' | 'locked' | 'not_writable'> {
  override name = 'DbError';
  constructor(code: DbError['code'], message: string) {
    super(code, message, { userFacing: true });
  }
}
