/** 0006-settings in PostgreSQL's words: INTEGER is BIGINT, STRICT dropped; nothing else differs. */
export const PG_0006 = `
CREATE TABLE settings (
  key         TEXT PRIMARY KEY CHECK (length(key) > 0),
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  BIGINT REFERENCES users (id)           -- the administrator who chose it
);
`;
