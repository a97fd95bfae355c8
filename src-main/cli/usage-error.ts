import { CodedError } from '../../src-shared/coded-error.js';

/** Wrong command-line words; the message is Chinese and says the right form. Exit code 2. */
export class UsageError extends CodedError<'usage'> {
  override name = 'UsageError';
  constructor(message: string) {
    super('usage', message, { userFacing: true });
  }
}
