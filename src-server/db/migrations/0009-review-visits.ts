/**
 * When each reviewer last looked at their queue, so that the console can mark what arrived since
 * their previous visit, on whichever PC they sign in next. Kept per user rather than derived from the
 * sessions table: a session records when it was created, not when it was last used, and updating it on
 * every request would put a write on every signed-in call. A visit is one sign-in: the list's reloads
 * within the same session keep `previous_seen_at`; the first look from a new session moves
 * `last_seen_at` there.
 */
export const MIGRATION_0009 = `
CREATE TABLE review_visits (
  user_id          INTEGER PRIMARY KEY REFERENCES users (id),
  session_hash     TEXT NOT NULL,     -- the session (token hash) of the latest look
  last_seen_at     TEXT NOT NULL,     -- the latest look at the queue
  previous_seen_at TEXT               -- the last look of the session before; NULL before a second sign-in
) STRICT;
`;
