import { CodedError } from '../../src-shared/coded-error.js';

/**
 * Something about publishing or steering the update feed that the administrator can put right: a
 * corrupted installer, an unknown version, a percentage out of range. The message is Chinese and says
 * what to do; the command line prints it (exit 2), the admin routes answer it (400 / 404 / 409).
 */
export class UpdateError extends CodedError<'invalid' | 'not_found' | 'conflict'> {
  override name = 'UpdateError';
  constructor(code: UpdateError['code'], message: string) {
    super(code, message, { userFacing: true });
  }
}
