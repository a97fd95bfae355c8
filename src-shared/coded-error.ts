/**
 * The one base of the errors we throw on purpose, desktop and server alike: a stable machine `code`
 * (tests, logs and answers match on it), a Chinese `message`, and `userFacing`, which says whether that
 * message is meant for the person at the keyboard as it is (it says what happened and what to do) or
 * describes a fault of ours that goes to the log and is answered with a general "程序内部出错".
 * Whoever turns an error into an answer (the desktop dispatcher, the backend worker, the CLIs) asks
 * this property; never a list of classes, never the message's characters.
 */
export interface CodedErrorOptions {
  /** True: show `message` as it is. False: an internal fault, log it and show a general message. */
  userFacing: boolean;
  /** The error this one explains (kept for the log). */
  cause?: unknown;
}

export class CodedError<C extends string = string> extends Error {
  override name = 'CodedError';
  readonly userFacing: boolean;

  constructor(
    readonly code: C,
    message: string,
    options: CodedErrorOptions,
  ) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.userFacing = options.userFacing;
  }
}

/** An error whose message is meant to be shown as it is. */
export function isUserFacing(e: unknown): e is CodedError {
  return e instanceof CodedError && e.userFacing;
}
