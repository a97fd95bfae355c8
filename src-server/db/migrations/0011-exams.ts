/**
 * Exam tasks (issue 19): each exam's stage windows as China dates (YYYY-MM-DD, both ends included),
 * the fee in whole yuan per person and its 考点; 任务状态 is computed from the windows, never stored.
 * A stage a province does not run has both its dates NULL (报名 and 考试 always exist). `last_day` is the
 * latest end of any window, kept by the store, so "exams not over yet" is an indexed range.
 *
 * `exam_extensions` is the history of windows moved later by an administrator, with the reason; it is
 * append-only like the audit log. `batches.exam_id` ties a batch to the exam it registers for (NULL for
 * batches from before exam tasks, and in deployments that define none).
 */
const OPTIONAL_STAGES = ['review', 'payment', 'training', 'admit_card'];

// SQLite wants every column before the table's constraints.
export const MIGRATION_0011 = `
CREATE TABLE exams (
  id                 INTEGER PRIMARY KEY,
  name               TEXT NOT NULL UNIQUE,
  category           TEXT NOT NULL,                  -- 考试类别 by its name in the code table
  registration_start TEXT NOT NULL,
  registration_end   TEXT NOT NULL,
${OPTIONAL_STAGES.map((s) => `  ${s}_start TEXT,\n  ${s}_end TEXT,\n`).join('')}  exam_start         TEXT NOT NULL,
  exam_end           TEXT NOT NULL,
  last_day           TEXT NOT NULL,
  fee_yuan           INTEGER NOT NULL CHECK (fee_yuan >= 0),
  sites_json         TEXT NOT NULL DEFAULT '[]',
  created_by         INTEGER REFERENCES users (id),
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  CHECK (registration_start <= registration_end),
  CHECK (exam_start <= exam_end),
${OPTIONAL_STAGES.map((s) => `  CHECK ((${s}_start IS NULL) = (${s}_end IS NULL) AND (${s}_start IS NULL OR ${s}_start <= ${s}_end))`).join(',\n')}
) STRICT;
CREATE INDEX exams_registration ON exams (registration_start, registration_end);
CREATE INDEX exams_last_day ON exams (last_day);

CREATE TABLE exam_extensions (
  id          INTEGER PRIMARY KEY,
  exam_id     INTEGER NOT NULL REFERENCES exams (id),
  stage       TEXT NOT NULL CHECK (stage IN ('registration', 'review', 'payment', 'training', 'admitCard', 'exam')),
  from_end    TEXT NOT NULL,
  to_end      TEXT NOT NULL CHECK (to_end > from_end),
  reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  by_user_id  INTEGER REFERENCES users (id),
  by_name     TEXT NOT NULL,
  at          TEXT NOT NULL
) STRICT;
CREATE INDEX exam_extensions_exam ON exam_extensions (exam_id, id);
CREATE TRIGGER exam_extensions_no_update BEFORE UPDATE ON exam_extensions
BEGIN
  SELECT RAISE(ABORT, 'exam_extensions are append-only');
END;

ALTER TABLE batches ADD COLUMN exam_id INTEGER REFERENCES exams (id);
CREATE INDEX batches_exam ON batches (exam_id) WHERE exam_id IS NOT NULL;
`;
