/** 0002-blobs in PostgreSQL's words: INTEGER is BIGINT, STRICT is dropped; nothing else differs. */
export const PG_0002 = `
CREATE TABLE blobs (
  sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size       BIGINT NOT NULL CHECK (size > 0),
  mime       TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'application/pdf')),
  created_at TEXT NOT NULL
);

-- Which unit has uploaded which bytes: a unit may use only what it uploaded itself.
CREATE TABLE blob_owners (
  sha256      TEXT NOT NULL REFERENCES blobs (sha256),
  unit_id     BIGINT NOT NULL REFERENCES units (id),
  uploaded_by BIGINT NOT NULL REFERENCES users (id),
  created_at  TEXT NOT NULL,
  PRIMARY KEY (sha256, unit_id)
);
`;
