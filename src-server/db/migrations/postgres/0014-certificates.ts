/**
 * 0014-certificates in PostgreSQL's words. Differs from the SQLite text: the GLOB date check is the
 * regular expression with the same meaning (the whole text, ASCII digits); `certificates.person_id` was
 * SQLite's INTEGER PRIMARY KEY but is the person's id, never generated: a plain BIGINT key here. Other
 * INTEGERs are BIGINT, STRICT dropped.
 */
export const PG_0014 = `
ALTER TABLE exams ADD COLUMN results_announced_on TEXT CHECK (results_announced_on IS NULL OR results_announced_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');

CREATE TABLE certificates (
  person_id    BIGINT PRIMARY KEY REFERENCES persons (id),
  unit_id      BIGINT NOT NULL REFERENCES units (id),
  exam_id      BIGINT NOT NULL REFERENCES exams (id),
  cert_no      TEXT NOT NULL UNIQUE CHECK (length(cert_no) BETWEEN 1 AND 40),
  valid_from   TEXT NOT NULL,
  valid_to     TEXT NOT NULL CHECK (valid_to > valid_from),
  uploaded_by  BIGINT NOT NULL REFERENCES users (id),
  uploaded_at  TEXT NOT NULL
);
CREATE INDEX certificates_exam ON certificates (exam_id, unit_id);
CREATE INDEX certificates_unit ON certificates (unit_id);
`;
