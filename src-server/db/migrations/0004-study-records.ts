/**
 * Study records (人员学习记录) and exam scores (人员考试成绩) imported by an administrator from the
 * study platform's exports. Each row belongs to the unit of the approved person with its ID number and
 * reaches that unit through the change feed. A record is keyed by (ID number, start time), so importing
 * the same export again changes nothing; the fields are kept as the export wrote them, as JSON of the
 * contract's StudyRecord / ExamScore.
 */
export const MIGRATION_0004 = `
CREATE TABLE study_records (
  id             INTEGER PRIMARY KEY,
  id_number      TEXT NOT NULL CHECK (length(id_number) > 0),
  started_key    TEXT NOT NULL,                   -- 开始时间, normalised for comparison ('' when the export had none)
  unit_id        INTEGER NOT NULL REFERENCES units (id),
  person_id      INTEGER NOT NULL REFERENCES persons (id),
  name           TEXT NOT NULL,                   -- 姓名 as in the export
  record_json    TEXT NOT NULL,                   -- StudyRecord, text as written
  source_sha256  TEXT NOT NULL CHECK (length(source_sha256) = 64),   -- the file that last wrote it
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  UNIQUE (id_number, started_key)
) STRICT;
CREATE INDEX study_records_unit ON study_records (unit_id);

CREATE TABLE exam_scores (
  id             INTEGER PRIMARY KEY,
  id_number      TEXT NOT NULL CHECK (length(id_number) > 0),
  started_key    TEXT NOT NULL,                   -- 开始考试时间, normalised for comparison
  unit_id        INTEGER NOT NULL REFERENCES units (id),
  person_id      INTEGER NOT NULL REFERENCES persons (id),
  name           TEXT NOT NULL,
  score_json     TEXT NOT NULL,                   -- ExamScore, text as written
  source_sha256  TEXT NOT NULL CHECK (length(source_sha256) = 64),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  UNIQUE (id_number, started_key)
) STRICT;
CREATE INDEX exam_scores_unit ON exam_scores (unit_id);

-- Whose record is it: the approved person with this ID number, the most recently updated one.
CREATE INDEX persons_approved_id_number ON persons (id_number, updated_at) WHERE status = 'approved';
`;
