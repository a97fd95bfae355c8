/**
 * 0007-blob-usage in PostgreSQL's words. Differs from the SQLite text: INTEGER is BIGINT; each trigger
 * is a plpgsql function (AFTER INSERT, for each row, as SQLite's) doing the same UPDATE.
 */
export const PG_0007 = `
ALTER TABLE blob_owners ADD COLUMN size BIGINT NOT NULL DEFAULT 0;
ALTER TABLE blob_owners ADD COLUMN uploaded_at TEXT NOT NULL DEFAULT '';
ALTER TABLE blob_owners ADD COLUMN referenced_at TEXT;

UPDATE blob_owners SET size = (SELECT b.size FROM blobs b WHERE b.sha256 = blob_owners.sha256), uploaded_at = created_at;
UPDATE blob_owners SET referenced_at = created_at
 WHERE EXISTS (SELECT 1 FROM person_versions v JOIN persons p ON p.id = v.person_id
                WHERE v.photo_sha256 = blob_owners.sha256 AND p.unit_id = blob_owners.unit_id)
    OR EXISTS (SELECT 1 FROM batch_evidence e JOIN batches b ON b.id = e.batch_id
                WHERE e.sha256 = blob_owners.sha256 AND b.unit_id = blob_owners.unit_id);

CREATE INDEX blob_owners_unreferenced ON blob_owners (unit_id, size) WHERE referenced_at IS NULL;
CREATE INDEX blob_owners_unreferenced_age ON blob_owners (uploaded_at) WHERE referenced_at IS NULL;
CREATE INDEX person_versions_photo ON person_versions (photo_sha256);
CREATE INDEX batch_evidence_sha256 ON batch_evidence (sha256);

CREATE FUNCTION person_versions_reference_blob() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE blob_owners SET referenced_at = NEW.submitted_at
   WHERE sha256 = NEW.photo_sha256 AND referenced_at IS NULL
     AND unit_id = (SELECT unit_id FROM persons WHERE id = NEW.person_id);
  RETURN NULL;
END $$;
CREATE TRIGGER person_versions_reference_blob AFTER INSERT ON person_versions
  FOR EACH ROW EXECUTE FUNCTION person_versions_reference_blob();

CREATE FUNCTION batch_evidence_reference_blob() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE blob_owners SET referenced_at = NEW.added_at
   WHERE sha256 = NEW.sha256 AND referenced_at IS NULL
     AND unit_id = (SELECT unit_id FROM batches WHERE id = NEW.batch_id);
  RETURN NULL;
END $$;
CREATE TRIGGER batch_evidence_reference_blob AFTER INSERT ON batch_evidence
  FOR EACH ROW EXECUTE FUNCTION batch_evidence_reference_blob();
`;
