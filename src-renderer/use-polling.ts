import { useEffect, useState } from 'react';
import type { Result } from '../src-shared/contract/desktop-api.js';

/**
 * The latest answer of a call repeated every `ms` while the page shows (status bar, upload queue).
 * A new `refresh` value asks again at once (after a button changed what the answer would be).
 */
export function usePolling<T>(load: () => Promise<Result<T>>, ms: number, refresh: unknown = 0): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const r = await load();
      if (!live) return;
      if (r.ok) setValue(r.value);
      timer = setTimeout(() => void tick(), ms);
    };
    void tick();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [ms, refresh]);
  return value;
}
