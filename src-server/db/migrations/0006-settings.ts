/**
 * Deployment settings an administrator chose in the web console (review stages, photo spec): one row
 * per setting, the value as text. A row here wins over the server's flag / environment variable; no
 * row means the flag's value is in force. Each change is also in the audit log.
 */
export const MIGRATION_0006 = `
CREATE TABLE settings (
  key         TEXT PRIMARY KEY CHECK (length(key) > 0),
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  INTEGER REFERENCES users (id)          -- the administrator who chose it
) STRICT;
`;
