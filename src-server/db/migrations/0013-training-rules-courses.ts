/**
 * Training eligibility and course settings (issue 19 items 3 and 4).
 *
 * Each exam carries the numbers of its 打印准考证 rule (Guangxi notice: ≥ 6 学时 of courses and ≥ 1 mock
 * exam); existing exams get the notice's numbers.
 *
 * `courses` is the course table an administrator imports (课程名称, 学时, 必修/选修, 考试类别): one import
 * replaces the whole table in one transaction, so desktops never see half of a file. `course_imports`
 * is the append-only history of those imports; the newest row describes the table in force.
 */
export const MIGRATION_0013 = `
ALTER TABLE exams ADD COLUMN study_hours_required INTEGER NOT NULL DEFAULT 6 CHECK (study_hours_required BETWEEN 0 AND 200);
ALTER TABLE exams ADD COLUMN mock_exams_required INTEGER NOT NULL DEFAULT 1 CHECK (mock_exams_required BETWEEN 0 AND 20);

CREATE TABLE courses (
  id         INTEGER PRIMARY KEY,
  category   TEXT NOT NULL,                    -- 考试类别 by its name in the code table
  name       TEXT NOT NULL CHECK (length(name) > 0),
  hours      REAL NOT NULL CHECK (hours > 0 AND hours <= 200),
  required   INTEGER NOT NULL CHECK (required IN (0, 1)),   -- 1 必修, 0 选修
  position   INTEGER NOT NULL,                 -- the row's order in the imported file
  UNIQUE (category, name)
) STRICT;
CREATE INDEX courses_position ON courses (category, position);

CREATE TABLE course_imports (
  id          INTEGER PRIMARY KEY,
  file        TEXT NOT NULL,
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
  courses     INTEGER NOT NULL,
  by_user_id  INTEGER REFERENCES users (id),
  by_name     TEXT NOT NULL,
  at          TEXT NOT NULL
) STRICT;
CREATE TRIGGER course_imports_no_update BEFORE UPDATE ON course_imports
BEGIN
  SELECT RAISE(ABORT, 'course_imports are append-only');
END;
`;
