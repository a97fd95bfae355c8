/** A data directory or database the server cannot use; `message` is Chinese and says what to do. */
export class DbError extends Error {
  constructor(
    readonly code: 'newer_schema' | 'not_a_database' | 'locked' | 'not_writable',
    message: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}
