import { useEffect, useState } from 'react';
import type { ProgressEntryView } from '../../src-shared/contract/desktop-api.js';
import { api } from '../api/desktop-client.js';

/** A long job's progress line in the main process (its task name), asked twice a second while `busy`. */
export function useJobProgress(task: string, busy: boolean): ProgressEntryView | undefined {
  const [entry, setEntry] = useState<ProgressEntryView>();
  useEffect(() => {
    if (!busy) return setEntry(undefined);
    let live = true;
    const tick = async () => {
      const r = await api['progress.current'](undefined);
      if (live && r.ok) setEntry(r.value.find((e) => e.task === task));
    };
    void tick();
    const timer = setInterval(() => void tick(), 500);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [task, busy]);
  return entry;
}
