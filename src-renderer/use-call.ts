import { useCallback, useEffect, useState } from 'react';
import type { DesktopError, Result } from '../src-shared/contract/desktop-api.js';

/**
 * Loads something through the desktop-api; `reload` fetches again. Errors stay data, shown in
 * Chinese. With `loadingDelayMs` the loading flag is raised only when an answer takes longer, so a
 * quick answer costs one render instead of three (and no spinner flicker).
 */
export function useCall<T>(
  load: () => Promise<Result<T>>,
  deps: readonly unknown[],
  opts: { loadingDelayMs?: number } = {},
): { value: T | undefined; error: DesktopError | undefined; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ value: T | undefined; error: DesktopError | undefined; loading: boolean }>({ value: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    const raise = () => setState((s) => (s.loading ? s : { ...s, loading: true }));
    const slow = opts.loadingDelayMs === undefined ? (raise(), undefined) : setTimeout(() => live && raise(), opts.loadingDelayMs);
    void load().then((r) => {
      if (!live) return;
      clearTimeout(slow);
      setState(r.ok ? { value: r.value, error: undefined, loading: false } : { value: undefined, error: r.error, loading: false });
    });
    return () => {
      live = false;
      clearTimeout(slow);
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
