/**
 * 0009-review-visits in PostgreSQL's words: STRICT dropped. `user_id` was SQLite's INTEGER PRIMARY KEY
 * but is the user's id, never generated: a plain BIGINT key here.
 */
export const PG_0009 = `
CREATE TABLE review_visits (
  user_id          BIGINT PRIMARY KEY REFERENCES users (id),
  session_hash     TEXT NOT NULL,     -- the session (token hash) of the latest look
  last_seen_at     TEXT NOT NULL,     -- the latest look at the queue
  previous_seen_at TEXT               -- the last look of the session before; NULL before a second sign-in
);
`;
