/**
 * Sync with the server (issue 6): the outbox of push jobs, what the server said about each person
 * (version, review history), and what flows down through the change feed (study accounts, study
 * records, exam scores). Feed entries carry the server's sequence number; UNIQUE on it makes applying
 * the same page twice (after a crash between storing and moving the cursor) change nothing.
 */
export const MIGRATION_0002 = `
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  batch_id        TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
  state           TEXT NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'running', 'paused', 'done', 'failed', 'cancelled')),
  runner          TEXT NOT NULL DEFAULT '',               -- host:pid of the process pushing it (state running)
  attempts        INTEGER NOT NULL DEFAULT 0,             -- tries that ended in a retryable failure
  next_attempt_at TEXT NOT NULL,                          -- ISO 8601 UTC; backoff with jitter
  files_total     INTEGER NOT NULL DEFAULT 0,
  files_done      INTEGER NOT NULL DEFAULT 0,
  bytes_total     INTEGER NOT NULL DEFAULT 0,
  bytes_done      INTEGER NOT NULL DEFAULT 0,
  error_code      TEXT NOT NULL DEFAULT '',               -- the server's code or network / server / auth
  error_message   TEXT NOT NULL DEFAULT '',               -- Chinese, for the clerk
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  done_at         TEXT NOT NULL DEFAULT ''
) STRICT;
-- One open job per batch: submitting twice queues nothing new.
CREATE UNIQUE INDEX outbox_open_batch ON outbox (batch_id) WHERE state IN ('queued', 'running', 'paused');

ALTER TABLE persons ADD COLUMN server_version INTEGER NOT NULL DEFAULT 0;   -- 0: never accepted by the server
ALTER TABLE persons ADD COLUMN resubmit INTEGER NOT NULL DEFAULT 0 CHECK (resubmit IN (0, 1));  -- returned, to go out again
ALTER TABLE persons ADD COLUMN pending_at TEXT NOT NULL DEFAULT '';        -- 青秀区司法局（县级）: who reviews next

CREATE TABLE review_records (                      -- 审核记录: every decision, kept after a resubmission
  id          INTEGER PRIMARY KEY,
  seq         INTEGER NOT NULL UNIQUE,             -- the server's feed sequence number
  person_id   INTEGER REFERENCES persons (id) ON DELETE SET NULL,
  batch_id    TEXT NOT NULL,
  person_key  TEXT NOT NULL,
  version     INTEGER NOT NULL,
  level       TEXT NOT NULL CHECK (level IN ('county', 'city')),
  result      TEXT NOT NULL CHECK (result IN ('approved', 'rejected')),
  comment     TEXT NOT NULL DEFAULT '',
  reviewer    TEXT NOT NULL,
  decided_at  TEXT NOT NULL
) STRICT;
CREATE INDEX review_records_person ON review_records (person_id, seq);

CREATE TABLE study_accounts (                      -- 学习账号, made by the server at final approval
  id               INTEGER PRIMARY KEY,
  seq              INTEGER NOT NULL UNIQUE,
  person_id        INTEGER REFERENCES persons (id) ON DELETE SET NULL,
  id_number        TEXT NOT NULL,
  name             TEXT NOT NULL,
  username         TEXT NOT NULL,
  initial_password TEXT NOT NULL,
  created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX study_accounts_id_number ON study_accounts (id_number);

CREATE TABLE study_records (                       -- 人员学习记录, latest per person and start time
  seq        INTEGER NOT NULL UNIQUE,
  id_number  TEXT NOT NULL,
  name       TEXT NOT NULL,
  started_at TEXT NOT NULL,
  record     TEXT NOT NULL,                        -- JSON, the contract's studyRecordSchema
  PRIMARY KEY (id_number, started_at)
) STRICT;

CREATE TABLE exam_scores (                         -- 人员考试成绩, latest per person and exam start
  seq        INTEGER NOT NULL UNIQUE,
  id_number  TEXT NOT NULL,
  name       TEXT NOT NULL,
  started_at TEXT NOT NULL,
  score      TEXT NOT NULL,                        -- JSON, the contract's examScoreSchema
  PRIMARY KEY (id_number, started_at)
) STRICT;
`;
