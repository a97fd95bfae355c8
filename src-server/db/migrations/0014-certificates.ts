/**
 * 取证 (issue 19 item 5; Fujian notes ⑥ and ⑨).
 *
 * `exams.results_announced_on`: the 成绩合格确认公告 date, NULL until an administrator enters it; every
 * certificate of the exam runs from it.
 * `certificates`: one certificate number per person (the person row of the batch that registered them),
 * uploaded by their unit. `cert_no` is UNIQUE across all units: the number is what the certificate
 * office prints, and two people must never share one. `valid_to` is what the server computed (five
 * years from the 公告 date, ended by retirement), never the client's word. `exam_id` is the exam of the
 * person's batch when uploaded, so the 取证名单 is read per exam without walking batches.
 */
export const MIGRATION_0014 = `
ALTER TABLE exams ADD COLUMN results_announced_on TEXT CHECK (results_announced_on IS NULL OR results_announced_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');

CREATE TABLE certificates (
  person_id    INTEGER PRIMARY KEY REFERENCES persons (id),
  unit_id      INTEGER NOT NULL REFERENCES units (id),
  exam_id      INTEGER NOT NULL REFERENCES exams (id),
  cert_no      TEXT NOT NULL UNIQUE CHECK (length(cert_no) BETWEEN 1 AND 40),
  valid_from   TEXT NOT NULL,
  valid_to     TEXT NOT NULL CHECK (valid_to > valid_from),
  uploaded_by  INTEGER NOT NULL REFERENCES users (id),
  uploaded_at  TEXT NOT NULL
) STRICT;
CREATE INDEX certificates_exam ON certificates (exam_id, unit_id);
CREATE INDEX certificates_unit ON certificates (unit_id);
`;
