import type { ClientError, ClientErrorKind } from './contract/client-error.js';

/**
 * How a window reports its own failures (the desktop window and the reviewer's console alike): a
 * report built from whatever was thrown, a sender that never throws and never loops, and the
 * listeners for what no error boundary sees. Structural types only: src-shared has no DOM types.
 */

/** Clipped so that a report stays a few KB, within the console route's body limit. */
const MAX_MESSAGE = 500;
const MAX_STACK = 3000;
const MAX_WHERE = 1000;
/** At most this many reports leave one page load: a render loop must not flood the log. */
export const MAX_REPORTS_PER_PAGE = 50;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function describe(thrown: unknown): string {
  if (typeof thrown === 'string') return thrown;
  try {
    return JSON.stringify(thrown) ?? String(thrown);
  } catch {
    return String(thrown);
  }
}

/** A report of `thrown` (an Error or anything else a script can throw or reject with). */
export function clientErrorOf(kind: ClientErrorKind, thrown: unknown, where = ''): ClientError {
  const e = thrown instanceof Error ? thrown : undefined;
  return {
    kind,
    message: clip(e ? `${e.name}: ${e.message}` : describe(thrown), MAX_MESSAGE),
    stack: clip(e?.stack ?? '', MAX_STACK),
    where: clip(where, MAX_WHERE),
  };
}

/**
 * A report function over `send`. It never throws and a failed send is dropped, not reported: an
 * error about reporting an error would report itself for ever.
 */
export function createErrorReporter(send: (report: ClientError) => Promise<unknown>): (report: ClientError) => void {
  let sent = 0;
  return (report) => {
    if (sent >= MAX_REPORTS_PER_PAGE) return;
    sent++;
    void Promise.resolve(report)
      .then(send)
      .catch(() => {
        // lost; see above
      });
  };
}

/** What the listeners read of an ErrorEvent or a PromiseRejectionEvent. */
interface WindowErrorEvent {
  error?: unknown;
  message?: unknown;
  reason?: unknown;
}
/** The part of `window` the listeners are added to. */
export interface ErrorEventSource {
  addEventListener(type: 'error' | 'unhandledrejection', listener: (event: WindowErrorEvent) => void): void;
  removeEventListener(type: 'error' | 'unhandledrejection', listener: (event: WindowErrorEvent) => void): void;
}

/**
 * Reports uncaught errors (kind 'error') and unhandled rejections (kind 'rejection') of the page;
 * render errors are the error boundary's. Answers a function that removes the listeners.
 */
export function reportWindowErrors(source: ErrorEventSource, report: (r: ClientError) => void): () => void {
  const onError = (event: WindowErrorEvent) => report(clientErrorOf('error', event.error ?? event.message));
  const onRejection = (event: WindowErrorEvent) => report(clientErrorOf('rejection', event.reason));
  source.addEventListener('error', onError);
  source.addEventListener('unhandledrejection', onRejection);
  return () => {
    source.removeEventListener('error', onError);
    source.removeEventListener('unhandledrejection', onRejection);
  };
}

/** The first lines of a React component stack: where in the page a render error happened. */
export function componentStackHead(componentStack: string | null | undefined, lines = 8): string {
  return (componentStack ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, lines)
    .join('\n');
}
