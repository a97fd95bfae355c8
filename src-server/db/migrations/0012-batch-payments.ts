/**
 * Fees and receipts (issue 19 item 2), used only where an administrator turned fees on.
 *
 * `batch_payments`: a batch's 交费信息 (transfer reference, the remittance slip 汇款凭证 as a blob) and
 * 收据、资料领取信息 as the unit last sent them; one row per batch, replaced on every send.
 * `batches.paid_at` / `paid_by_name`: 已交费 as the final-level reviewer or an administrator marked it
 * (NULL: not paid, or the mark was taken back; the audit log keeps the history and the reasons).
 * The slip counts as used by the unit (like a photo or evidence file), so the blob clean-up keeps it.
 *
 * The change feed gets a new type, training_opened (已开通网络培训). Its table listed the types in a CHECK,
 * which SQLite cannot alter: the table is rebuilt with the rows and the sequence kept, and the CHECK now
 * only bounds the name — the contract (changeSchema) checks every change on the way out, and a later
 * type needs no rebuild.
 */
export const MIGRATION_0012 = `
CREATE TABLE changes_rebuilt (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  type    TEXT NOT NULL CHECK (length(type) BETWEEN 1 AND 32),
  payload TEXT NOT NULL,
  at      TEXT NOT NULL
) STRICT;
INSERT INTO changes_rebuilt (seq, unit_id, type, payload, at) SELECT seq, unit_id, type, payload, at FROM changes ORDER BY seq;
-- A cursor never goes back: keep the highest sequence number ever handed out, not just the highest kept.
INSERT INTO sqlite_sequence (name, seq) SELECT 'changes_rebuilt', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'changes_rebuilt');
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0)) WHERE name = 'changes_rebuilt';
DROP TABLE changes;
ALTER TABLE changes_rebuilt RENAME TO changes;
CREATE INDEX changes_unit ON changes (unit_id, seq);

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
  submitted_by    INTEGER REFERENCES users (id),
  submitted_at    TEXT NOT NULL
) STRICT;
CREATE INDEX batch_payments_slip ON batch_payments (slip_sha256);

ALTER TABLE batches ADD COLUMN paid_at TEXT;
ALTER TABLE batches ADD COLUMN paid_by_name TEXT;

CREATE TRIGGER batch_payments_reference_blob AFTER INSERT ON batch_payments
BEGIN
  UPDATE blob_owners SET referenced_at = NEW.submitted_at
   WHERE sha256 = NEW.slip_sha256 AND referenced_at IS NULL
     AND unit_id = (SELECT unit_id FROM batches WHERE id = NEW.batch_id);
END;
CREATE TRIGGER batch_payments_reference_blob_update AFTER UPDATE OF slip_sha256 ON batch_payments
BEGIN
  UPDATE blob_owners SET referenced_at = NEW.submitted_at
   WHERE sha256 = NEW.slip_sha256 AND referenced_at IS NULL
     AND unit_id = (SELECT unit_id FROM batches WHERE id = NEW.batch_id);
END;
`;
