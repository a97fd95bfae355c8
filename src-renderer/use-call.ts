import { useCallback, useEffect, useState } from 'react';
import type { DesktopError, Result } from '../src-shared/contract/desktop-api.js';

/** Loads something through the desktop-api; `reload` fetches again. Errors stay data, shown in Chinese. */
export function useCall<T>(load: () => Promise<Result<T>>, deps: readonly unknown[]): { value: T | undefined; error: DesktopError | undefined; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ value: T | undefined; error: DesktopError | undefined; loading: boolean }>({ value: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    void load().then((r) => {
      if (!live) return;
      setState(r.ok ? { value: r.value, error: undefined, loading: false } : { value: undefined, error: r.error, loading: false });
    });
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
