/** A data directory or database that cannot be used; `message` is Chinese and says what to do. */
export class StoreError extends Error {
  constructor(
    readonly code: 'newer_schema' | 'not_a_database' | 'locked' | 'not_writable' | 'not_found' | 'read_only' | 'no_permission' | 'disk_full',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
