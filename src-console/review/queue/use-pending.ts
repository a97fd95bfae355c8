import { useCallback, useEffect, useRef, useState } from 'react';
import { REVIEW_PENDING_MAX, REVIEW_PENDING_PAGE, type ReviewPendingResponse } from '../../../src-shared/contract/sync-api.js';
import { callApi } from '../../api/console-client.js';

/** The server's filter: one unit, or one batch (whose unit it implies); first or later submissions; a name or ID number. */
export interface ServerFilter {
  unitId?: number | undefined;
  batchId?: string | undefined;
  round: 'all' | 'first' | 'again';
  q: string;
}

const QUEUE_REFRESH_MS = 60_000;

/**
 * The pending list for a filter, a page at a time (the longest waiting first): fetched again when the
 * filter changes and every minute, but never while `paused` (a person or a dialog is open: the list
 * would move under the reviewer) nor while the tab is in the background. `loadMore` adds the next page;
 * a reload then asks for as many as are shown, so the list does not shrink back under the cursor. A
 * chosen batch comes whole (a batch always fits one answer), so 整批通过 covers all of it. An answer
 * for a filter no longer chosen, or overtaken by a later ask, is dropped.
 */
export function usePending(filter: ServerFilter, paused: boolean) {
  const [pending, setPending] = useState<ReviewPendingResponse>();
  const [loadError, setLoadError] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);
  const latest = useRef(0);
  const wanted = useRef(REVIEW_PENDING_PAGE);
  const query = useCallback(
    () => ({ unitId: filter.unitId, batchId: filter.batchId, round: filter.round === 'all' ? undefined : filter.round, q: filter.q.trim() || undefined }),
    [filter.unitId, filter.batchId, filter.round, filter.q],
  );

  const load = useCallback(async (): Promise<ReviewPendingResponse | undefined> => {
    const ask = ++latest.current;
    const limit = filter.batchId ? REVIEW_PENDING_MAX : Math.min(REVIEW_PENDING_MAX, wanted.current);
    const r = await callApi('GET /review/pending', { ...query(), limit });
    if (ask !== latest.current) return undefined;
    if (!r.ok) {
      setLoadError(r.error.message);
      return undefined;
    }
    setLoadError(undefined);
    setPending(r.value);
    return r.value;
  }, [query, filter.batchId]);

  const loadMore = useCallback(async (): Promise<void> => {
    const shown = pending;
    if (!shown?.nextAfter) return;
    const ask = ++latest.current;
    setLoadingMore(true);
    const r = await callApi('GET /review/pending', { ...query(), limit: REVIEW_PENDING_PAGE, after: shown.nextAfter });
    setLoadingMore(false);
    if (ask !== latest.current) return;
    if (!r.ok) {
      setLoadError(r.error.message);
      return;
    }
    setLoadError(undefined);
    wanted.current = shown.persons.length + REVIEW_PENDING_PAGE;
    const have = new Set(shown.persons.map((p) => p.personId));
    setPending({ ...r.value, persons: [...shown.persons, ...r.value.persons.filter((p) => !have.has(p.personId))] });
  }, [pending, query]);

  // A new filter starts again from its first page.
  useEffect(() => {
    wanted.current = REVIEW_PENDING_PAGE;
    void load();
  }, [load]);
  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, QUEUE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [paused, load]);

  return { pending, loadError, load, loadMore, loadingMore };
}
