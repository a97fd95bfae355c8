/**
 * The first schema. STRICT tables, CHECK constraints on every status and foreign keys: a bug that
 * writes the wrong kind of value fails loudly instead of leaving data the next read misunderstands.
 */
export const MIGRATION_0001 = `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE batches (
  id            TEXT PRIMARY KEY,                -- UUID made here; the sync server keys on it
  kind          TEXT NOT NULL CHECK (kind IN ('new', 'renewal')),
  name          TEXT NOT NULL,                   -- 行政执法人员2024-01-1601批次
  number        TEXT NOT NULL UNIQUE,            -- XZZF20240116-210856
  unit          TEXT NOT NULL DEFAULT '',        -- 添加单位
  parent_unit   TEXT NOT NULL DEFAULT '',        -- 上级单位
  status        TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'ready', 'submitted', 'closed')),
  source_file   TEXT NOT NULL DEFAULT '',        -- file name only, for the clerk's eyes
  source_sha256 TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,                   -- 采集时间, ISO 8601 with offset
  updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX batches_source ON batches (source_sha256);

CREATE TABLE persons (
  id                   INTEGER PRIMARY KEY,
  batch_id             TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
  row_number           INTEGER,                  -- Excel row it came from; NULL when added by hand
  seq                  TEXT NOT NULL DEFAULT '',
  raw_json             TEXT NOT NULL,            -- the cells as read, before any repair
  county               TEXT NOT NULL DEFAULT '',
  name                 TEXT NOT NULL DEFAULT '',
  photo                TEXT NOT NULL DEFAULT '',
  agency               TEXT NOT NULL DEFAULT '',
  cert_no              TEXT NOT NULL DEFAULT '',
  cert_expiry          TEXT NOT NULL DEFAULT '',
  id_number            TEXT NOT NULL DEFAULT '',
  gender               TEXT NOT NULL DEFAULT '',
  ethnicity            TEXT NOT NULL DEFAULT '',
  birth_date           TEXT NOT NULL DEFAULT '',
  political            TEXT NOT NULL DEFAULT '',
  valid_from           TEXT NOT NULL DEFAULT '',
  education            TEXT NOT NULL DEFAULT '',
  major                TEXT NOT NULL DEFAULT '',
  rank_code            TEXT NOT NULL DEFAULT '',
  is_law_major         TEXT NOT NULL DEFAULT '',
  has_legal_qualification TEXT NOT NULL DEFAULT '',
  posts                TEXT NOT NULL DEFAULT '',
  exam_category        TEXT NOT NULL DEFAULT '',
  original_cert_no     TEXT NOT NULL DEFAULT '',
  original_agency      TEXT NOT NULL DEFAULT '',
  issues_json          TEXT NOT NULL DEFAULT '[]',
  error_count          INTEGER NOT NULL DEFAULT 0,
  warning_count        INTEGER NOT NULL DEFAULT 0,
  fixed_count          INTEGER NOT NULL DEFAULT 0,
  status               TEXT NOT NULL DEFAULT 'draft'
                       CHECK (status IN ('draft', 'submitted', 'county_approved', 'approved', 'rejected')),
  review_level         TEXT NOT NULL DEFAULT '',
  review_comment       TEXT NOT NULL DEFAULT '',
  reviewer             TEXT NOT NULL DEFAULT '',
  reviewed_at          TEXT NOT NULL DEFAULT '',
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
) STRICT;
CREATE INDEX persons_batch ON persons (batch_id, row_number);
CREATE INDEX persons_id_number ON persons (id_number);
CREATE INDEX persons_name ON persons (name);

-- Files are stored once, content-addressed (issue 4 fills these).
CREATE TABLE blobs (
  sha256     TEXT PRIMARY KEY,
  size       INTEGER NOT NULL,
  mime       TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE photos (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  sha256      TEXT NOT NULL REFERENCES blobs (sha256),
  file_name   TEXT NOT NULL,
  current     INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1)),  -- replaced photos keep their history
  issues_json TEXT NOT NULL DEFAULT '[]',
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX photos_person ON photos (person_id, current);

CREATE TABLE evidence (
  id         INTEGER PRIMARY KEY,
  batch_id   TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
  sha256     TEXT NOT NULL REFERENCES blobs (sha256),
  file_name  TEXT NOT NULL,
  kind       TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX evidence_batch ON evidence (batch_id);

-- Who changed what and when. Never updated, never deleted.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,       -- batch.import, person.add, person.update, ...
  entity    TEXT NOT NULL,       -- batch | person | photo | evidence
  entity_id TEXT NOT NULL,
  field     TEXT NOT NULL DEFAULT '',
  old_value TEXT NOT NULL DEFAULT '',
  new_value TEXT NOT NULL DEFAULT '',
  detail    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_entity ON audit_log (entity, entity_id);
`;
