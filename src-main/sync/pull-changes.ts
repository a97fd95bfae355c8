import type { Db } from '../store/open-store.js';
import { readSetting, writeSetting } from '../store/settings-repo.js';
import type { Actor } from '../store/clock.js';
import { applyChanges, emptyCounts, type AppliedCounts } from './apply-changes.js';
import type { SyncClient } from './sync-client.js';

const CURSOR_KEY = 'sync.cursor';

export function feedCursor(db: Db): string {
  return readSetting(db, CURSOR_KEY) ?? '0';
}

/**
 * Reads the change feed from the stored cursor to the end. Each page and the cursor after it are
 * stored in one transaction: a crash loses at most the page in flight, which is read again.
 */
export async function pullChanges(db: Db, client: SyncClient, actor: Actor, onPage?: (counts: AppliedCounts) => void): Promise<AppliedCounts & { cursor: string }> {
  const counts = emptyCounts();
  let cursor = feedCursor(db);
  for (;;) {
    const page = await client.call('GET /changes', { since: cursor, limit: 5000 });
    db.transaction(() => {
      applyChanges(db, page.changes, actor, counts);
      writeSetting(db, CURSOR_KEY, page.cursor);
    }).immediate();
    cursor = page.cursor;
    onPage?.(counts);
    if (!page.more) return { ...counts, cursor };
  }
}
