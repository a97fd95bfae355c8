import type { DesktopDeps, ImplFor } from './handler-types.js';

/** Long jobs in flight (import, photos, upload, pull), for a window that polls. */
export function progressHandlers({ progress }: Pick<DesktopDeps, 'progress'>): ImplFor<'progress.current'> {
  return {
    'progress.current': () => progress.current(),
  };
}
