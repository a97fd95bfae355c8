import { CodedError } from '../../src-shared/coded-error.js';

/** A data directory or database that cannot be used; `message` is Chinese and says what to do. */
export class StoreError extends CodedError<'newer_schema' | 'not_a_database' | 'locked' | 'not_writable' | 'not_found' | 'read_only' | 'no_permission' | 'disk_full'> {
  override name = 'StoreError';
  constructor(code: StoreError['code'], message: string) {
    super(code, message, { userFacing: true });
  }
}
