/**
 * 0012-batch-payments in PostgreSQL's words. Differs from the SQLite text: SQLite cannot alter a CHECK,
 * so it rebuilt `changes` (keeping rows and sequence) to loosen the type CHECK; PostgreSQL swaps the
 * constraint in place (its name is PostgreSQL's own for the column CHECK of 0003), and the identity's
 * sequence is untouched, so a cursor still never goes back. INTEGER is BIGINT, STRICT dropped; the two
 * triggers share one plpgsql function doing the same UPDATE.
 */
export const PG_0012 = `
ALTER TABLE changes DROP CONSTRAINT changes_type_check;
ALTER TABLE changes ADD CONSTRAINT changes_type_check CHECK (length(type) BETWEEN 1 AND 32);

CREATE TABLE batch_payments (
  batch_id        TEXT PRIMARY KEY REFERENCES batches (id),
  transfer_ref    TEXT NOT NULL,
  slip_sha256     TEXT NOT NULL REFERENCES blobs (sha256),
  slip_name       TEXT NOT NULL,
  receipt_title   TEXT NOT NULL,
  taxpayer_id     TEXT NOT NULL,
  pickup_name     TEXT NOT NULL,
  pickup_phone    TEXT NOT NULL,
  mailing_address TEXT NOT NULL,
  submitted_by    BIGINT REFERENCES users (id),
  submitted_at    TEXT NOT NULL
);
CREATE INDEX batch_payments_slip ON batch_payments (slip_sha256);

ALTER TABLE batches ADD COLUMN paid_at TEXT;
ALTER TABLE batches ADD COLUMN paid_by_name TEXT;

CREATE FUNCTION batch_payments_reference_blob() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE blob_owners SET referenced_at = NEW.submitted_at
   WHERE sha256 = NEW.slip_sha256 AND referenced_at IS NULL
     AND unit_id = (SELECT unit_id FROM batches WHERE id = NEW.batch_id);
  RETURN NULL;
END $$;
CREATE TRIGGER batch_payments_reference_blob AFTER INSERT ON batch_payments
  FOR EACH ROW EXECUTE FUNCTION batch_payments_reference_blob();
CREATE TRIGGER batch_payments_reference_blob_update AFTER UPDATE OF slip_sha256 ON batch_payments
  FOR EACH ROW EXECUTE FUNCTION batch_payments_reference_blob();
`;
