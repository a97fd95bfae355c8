import { z } from 'zod';
import { get, run, transaction, type Sql } from '../db/sql.js';

/** The review_visits table (migration 0009): each reviewer's looks at their queue. */

const visitRow = z.object({ sessionHash: z.string(), lastSeenAt: z.string(), previousSeenAt: z.string().nullable() });

/**
 * Records a look at the queue from session `sessionHash` at `at` and answers the previous visit: the
 * last look of an earlier session (reloads within one sign-in do not move it), or null the first time.
 * One row per reviewer, read and written once per request.
 */
export async function recordQueueVisit(db: Sql, userId: number, sessionHash: string, at: string): Promise<string | null> {
  return transaction(db, async (t): Promise<string | null> => {
    const row = await get(
      t,
      visitRow,
      'SELECT session_hash AS "sessionHash", last_seen_at AS "lastSeenAt", previous_seen_at AS "previousSeenAt" FROM review_visits WHERE user_id = ?',
      [userId],
    );
    const previous = !row ? null : row.sessionHash === sessionHash ? row.previousSeenAt : row.lastSeenAt;
    await run(
      t,
      `INSERT INTO review_visits (user_id, session_hash, last_seen_at, previous_seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET session_hash = excluded.session_hash, last_seen_at = excluded.last_seen_at, previous_seen_at = excluded.previous_seen_at`,
      [userId, sessionHash, at, previous],
    );
    return previous;
  });
}
