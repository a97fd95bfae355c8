/**
 * Batches, the people in them (every submitted version kept), review decisions, study accounts and
 * the change feed. A person's current standing lives on `persons`; what was sent lives, immutable,
 * in `person_versions`; what reviewers said lives, append-only, in `decisions`.
 */
export const MIGRATION_0003 = `
CREATE TABLE batches (
  id             TEXT PRIMARY KEY CHECK (length(id) = 36),   -- the desktop's UUID, lower case
  unit_id        INTEGER NOT NULL REFERENCES units (id),
  kind           TEXT NOT NULL CHECK (kind IN ('new', 'renewal')),
  name           TEXT NOT NULL,
  number         TEXT NOT NULL,
  created_at     TEXT NOT NULL,                             -- 采集时间 on the desktop
  rules_version  TEXT NOT NULL,                             -- what the desktop checked with
  submitted_by   INTEGER NOT NULL REFERENCES users (id),
  received_at    TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX batches_unit ON batches (unit_id);

CREATE TABLE batch_evidence (
  batch_id   TEXT NOT NULL REFERENCES batches (id),
  sha256     TEXT NOT NULL REFERENCES blobs (sha256),
  kind       TEXT NOT NULL,
  file_name  TEXT NOT NULL,                                 -- for people's eyes; never a path
  added_at   TEXT NOT NULL,
  PRIMARY KEY (batch_id, sha256)
) STRICT;

CREATE TABLE persons (
  id                      INTEGER PRIMARY KEY,
  batch_id                TEXT NOT NULL REFERENCES batches (id),
  unit_id                 INTEGER NOT NULL REFERENCES units (id),
  person_key              TEXT NOT NULL,                    -- the desktop's name for the person
  kind                    TEXT NOT NULL CHECK (kind IN ('new', 'renewal')),
  version                 INTEGER NOT NULL CHECK (version >= 1),   -- the current version
  id_number               TEXT NOT NULL,
  name                    TEXT NOT NULL,
  status                  TEXT NOT NULL CHECK (status IN ('submitted', 'county_approved', 'approved', 'rejected')),
  pending_jurisdiction_id INTEGER REFERENCES jurisdictions (id),   -- who decides next
  pending_level           TEXT CHECK (pending_level IN ('county', 'city')),
  updated_at              TEXT NOT NULL,
  UNIQUE (batch_id, person_key),
  CHECK ((status IN ('submitted', 'county_approved')) = (pending_jurisdiction_id IS NOT NULL AND pending_level IS NOT NULL))
) STRICT;
CREATE INDEX persons_pending ON persons (pending_jurisdiction_id, pending_level) WHERE pending_jurisdiction_id IS NOT NULL;
CREATE INDEX persons_unit_id_number ON persons (unit_id, id_number);

CREATE TABLE person_versions (
  person_id       INTEGER NOT NULL REFERENCES persons (id),
  version         INTEGER NOT NULL CHECK (version >= 1),
  fields_json     TEXT NOT NULL,                            -- PersonFields as the server normalised them
  photo_sha256    TEXT NOT NULL REFERENCES blobs (sha256),
  photo_file_name TEXT NOT NULL,
  content_sha256  TEXT NOT NULL,                            -- of fields + photo: "the same content again"
  issues_json     TEXT NOT NULL DEFAULT '[]',               -- the server's warnings and repairs
  submitted_by    INTEGER NOT NULL REFERENCES users (id),
  submitted_at    TEXT NOT NULL,
  PRIMARY KEY (person_id, version)
) STRICT;
CREATE TRIGGER person_versions_no_update BEFORE UPDATE ON person_versions
BEGIN
  SELECT RAISE(ABORT, 'person_versions are immutable');
END;

CREATE TABLE decisions (
  id               INTEGER PRIMARY KEY,
  person_id        INTEGER NOT NULL,
  version          INTEGER NOT NULL,
  level            TEXT NOT NULL CHECK (level IN ('county', 'city')),
  jurisdiction_id  INTEGER NOT NULL REFERENCES jurisdictions (id),
  result           TEXT NOT NULL CHECK (result IN ('approved', 'rejected')),
  comment          TEXT NOT NULL DEFAULT '',
  reviewer_user_id INTEGER NOT NULL REFERENCES users (id),
  reviewer_name    TEXT NOT NULL,
  decided_at       TEXT NOT NULL,
  CHECK (result = 'approved' OR length(trim(comment)) > 0),
  FOREIGN KEY (person_id, version) REFERENCES person_versions (person_id, version)
) STRICT;
CREATE INDEX decisions_person ON decisions (person_id, id);
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN
  SELECT RAISE(ABORT, 'decisions are append-only');
END;

CREATE TABLE study_accounts (                      -- made at final approval
  id                   INTEGER PRIMARY KEY,
  person_id            INTEGER NOT NULL UNIQUE REFERENCES persons (id),
  unit_id              INTEGER NOT NULL REFERENCES units (id),
  id_number            TEXT NOT NULL,
  username             TEXT NOT NULL UNIQUE,       -- 姓名 + 8-digit birth date (+ suffix on a clash)
  initial_password     TEXT NOT NULL,              -- handed to the unit via the feed; changed at first login
  must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
  created_at           TEXT NOT NULL
) STRICT;
CREATE INDEX study_accounts_id_number ON study_accounts (id_number);

CREATE TABLE changes (                             -- the change feed, read per unit with a cursor (seq)
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,       -- never reused, so a cursor never goes back
  unit_id INTEGER NOT NULL REFERENCES units (id),
  type    TEXT NOT NULL CHECK (type IN ('decision', 'study_account', 'study_record', 'exam_score')),
  payload TEXT NOT NULL,                           -- JSON: the change without seq and at
  at      TEXT NOT NULL
) STRICT;
CREATE INDEX changes_unit ON changes (unit_id, seq);
`;
