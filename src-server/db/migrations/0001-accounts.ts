/**
 * The server's first schema: who may sign in and what they belong to. STRICT tables, CHECK constraints
 * on every enumerated value and on the shape of each role, foreign keys: a bug that writes a reviewer
 * without a jurisdiction fails loudly instead of producing an account that sees too much or nothing.
 * Times are ISO 8601 in UTC (2026-01-16T13:08:56.000Z), so they compare as text.
 */
export const MIGRATION_0001 = `
CREATE TABLE jurisdictions (                       -- 司法局: a city bureau, or a county bureau under one
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
  level      TEXT NOT NULL CHECK (level IN ('city', 'county')),
  parent_id  INTEGER REFERENCES jurisdictions (id),
  created_at TEXT NOT NULL,
  CHECK ((level = 'city' AND parent_id IS NULL) OR (level = 'county' AND parent_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX jurisdictions_name ON jurisdictions (ifnull(parent_id, 0), name);
CREATE INDEX jurisdictions_parent ON jurisdictions (parent_id);
CREATE TRIGGER jurisdictions_parent_is_city BEFORE INSERT ON jurisdictions
  WHEN NEW.parent_id IS NOT NULL AND (SELECT level FROM jurisdictions WHERE id = NEW.parent_id) IS NOT 'city'
BEGIN
  SELECT RAISE(ABORT, 'a county jurisdiction must be under a city jurisdiction');
END;

CREATE TABLE units (                               -- 执法单位, each under one judicial bureau
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
  jurisdiction_id INTEGER NOT NULL REFERENCES jurisdictions (id),
  created_at      TEXT NOT NULL,
  UNIQUE (jurisdiction_id, name)
) STRICT;

CREATE TABLE users (
  id                   INTEGER PRIMARY KEY,
  username             TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(username) BETWEEN 1 AND 64),
  display_name         TEXT NOT NULL DEFAULT '',
  role                 TEXT NOT NULL CHECK (role IN ('unit', 'reviewer', 'admin')),
  unit_id              INTEGER REFERENCES units (id),
  jurisdiction_id      INTEGER REFERENCES jurisdictions (id),
  review_level         TEXT CHECK (review_level IN ('county', 'city')),
  password_hash        TEXT NOT NULL,              -- scrypt$N$r$p$salt$hash (base64url)
  must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
  disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  failed_logins        INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until         TEXT,
  password_changed_at  TEXT,
  last_login_at        TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  CHECK (
    (role = 'unit' AND unit_id IS NOT NULL AND jurisdiction_id IS NULL AND review_level IS NULL) OR
    (role = 'reviewer' AND unit_id IS NULL AND jurisdiction_id IS NOT NULL AND review_level IS NOT NULL) OR
    (role = 'admin' AND unit_id IS NULL AND jurisdiction_id IS NULL AND review_level IS NULL)
  )
) STRICT;
CREATE INDEX users_unit ON users (unit_id);
CREATE INDEX users_jurisdiction ON users (jurisdiction_id);

CREATE TABLE sessions (                            -- login tokens; the token itself is never stored
  token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),   -- hex SHA-256 of the token
  user_id    INTEGER NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,                                 -- logout, password change, reset or disable
  ip         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE audit_log (                           -- append-only: who did what, when, from where
  id            INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  actor_user_id INTEGER REFERENCES users (id),     -- NULL for the admin command line
  actor         TEXT NOT NULL,                     -- user name, or "server-admin (<OS user>)"
  action        TEXT NOT NULL,                     -- login.ok, login.failed, user.add, ...
  entity        TEXT NOT NULL,                     -- user, unit, jurisdiction, ...
  entity_id     TEXT NOT NULL,
  detail        TEXT NOT NULL DEFAULT '',          -- JSON, never a password or a token
  ip            TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
`;
