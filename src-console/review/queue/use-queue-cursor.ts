import { useEffect, useRef, useState } from 'react';
import type { ReviewListItem } from '../../../src-shared/contract/sync-api.js';

/**
 * The queue's cursor, kept as the person it is on (not as a row number: the list reloads, re-sorts and
 * shrinks under it). When its person leaves the list (decided, filtered away), the cursor takes the
 * row that now sits where it was, so after a decision the reviewer goes on from the same place.
 */
export function useQueueCursor(rows: readonly ReviewListItem[]) {
  const [cursorId, setCursorId] = useState<number>();
  const lastIndex = useRef(0);
  const index = rows.findIndex((p) => p.personId === cursorId);

  useEffect(() => {
    if (index >= 0) lastIndex.current = index;
    else if (rows.length > 0) setCursorId(rows[Math.min(lastIndex.current, rows.length - 1)]!.personId);
  }, [rows, index]);

  return {
    cursorId: index >= 0 ? cursorId : undefined,
    cursorRow: index >= 0 ? rows[index] : undefined,
    setCursorId,
    /** J/K: one row on, or back; stops at the ends. */
    move: (step: 1 | -1) => {
      const next = rows[Math.min(Math.max((index < 0 ? 0 : index) + step, 0), rows.length - 1)];
      if (next) setCursorId(next.personId);
    },
    /** A new filter starts at the top. */
    reset: () => {
      lastIndex.current = 0;
      setCursorId(undefined);
    },
  };
}
