import { useState } from 'react';
import type { Result } from '../src-shared/contract/desktop-api.js';

/**
 * A button's call through the desktop-api: which button is busy (its label), and the Chinese error of
 * the last call that failed, cleared by the next one that succeeds. `run` answers the value, or
 * undefined when the call failed.
 */
export function useAction(): {
  busy: string | undefined;
  error: string | undefined;
  setError: (message: string | undefined) => void;
  run: <T>(label: string, work: () => Promise<Result<T>>) => Promise<T | undefined>;
} {
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const run = async <T,>(label: string, work: () => Promise<Result<T>>): Promise<T | undefined> => {
    setBusy(label);
    const r = await work();
    setBusy(undefined);
    setError(r.ok ? undefined : r.error.message);
    return r.ok ? r.value : undefined;
  };
  return { busy, error, setError, run };
}
