import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReviewPendingResponse } from '../../../src-shared/contract/sync-api.js';
import { callApi } from '../../api/console-client.js';

/** The server's filter: one unit, or one batch (whose unit it implies). */
export interface ServerFilter {
  unitId?: number | undefined;
  batchId?: string | undefined;
}

const QUEUE_REFRESH_MS = 60_000;

/**
 * The pending list for a unit or batch filter, fetched again when the filter changes and every minute,
 * but never while `paused` (a person or a dialog is open: the list would move under the reviewer) nor
 * while the tab is in the background. An answer for a filter no longer chosen is dropped.
 */
export function usePending(filter: ServerFilter, paused: boolean) {
  const [pending, setPending] = useState<ReviewPendingResponse>();
  const [loadError, setLoadError] = useState<string>();
  const latest = useRef(0);

  const load = useCallback(async (): Promise<ReviewPendingResponse | undefined> => {
    const ask = ++latest.current;
    const r = await callApi('GET /review/pending', { unitId: filter.unitId, batchId: filter.batchId });
    if (ask !== latest.current) return undefined;
    if (!r.ok) {
      setLoadError(r.error.message);
      return undefined;
    }
    setLoadError(undefined);
    setPending(r.value);
    return r.value;
  }, [filter.unitId, filter.batchId]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, QUEUE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [paused, load]);

  return { pending, loadError, load };
}
