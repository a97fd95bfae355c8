/** A data directory or database that cannot be used; `message` is Chinese and says what to do. */
export class StoreError extends Error {
  constructor(
    readonly code: 'newer_schema' | 'not_a_database' | 'locked' | 'not_writable' | 'not_found',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
