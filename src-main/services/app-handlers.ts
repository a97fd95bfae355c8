import type { ImplFor } from './handler-types.js';

/** How each kind reads in the log. */
const WINDOW_ERROR_NAME = { render: 'WindowRenderError', error: 'WindowError', rejection: 'WindowUnhandledRejection' } as const;

/** At most this many window errors a minute reach the log: a render loop must not fill the disk. */
const REPORTS_PER_MINUTE = 30;

/**
 * app.*: what the window reports about itself. A render error the boundary caught, an uncaught error
 * or an unhandled rejection lands in the desktop log with its stack, so "出错了，已记录" is true.
 */
export function appHandlers(log: ((message: string, error: unknown) => void) | undefined, now: () => number = Date.now): ImplFor<'app.reportError'> {
  let windowStart = 0;
  let count = 0;
  return {
    'app.reportError': (i) => {
      const t = now();
      if (t - windowStart >= 60_000) {
        if (count > REPORTS_PER_MINUTE) log?.(`window: ${count - REPORTS_PER_MINUTE} more error reports in that minute were not logged`, undefined);
        windowStart = t;
        count = 0;
      }
      count++;
      if (count <= REPORTS_PER_MINUTE) {
        const error = Object.assign(new Error(i.message), { name: WINDOW_ERROR_NAME[i.kind], stack: i.stack || i.message });
        log?.(`window ${i.kind} error${i.where ? ` at ${i.where}` : ''}`, error);
      }
      return { ok: true as const };
    },
  };
}
