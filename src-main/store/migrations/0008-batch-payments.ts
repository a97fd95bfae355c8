/**
 * Fees and receipts on the desktop (issue 19 item 2; used only where the server turned fees on).
 *
 * `batch_payments`: a batch's 交费信息 and 收据、资料领取信息 as the clerk last saved them, with the
 * remittance slip (汇款凭证) in the blob store. `sent_at` is '' until the server has stored this very
 * version (a save after a send makes it '' again), so an unsent change is never lost: the next push of
 * the batch takes it along.
 * `training_notices`: the feed's 已开通网络培训 (training_opened) changes, one row per change (by its
 * sequence number, so a page applied twice adds nothing).
 */
export const MIGRATION_0008 = `
CREATE TABLE batch_payments (
  batch_id        TEXT PRIMARY KEY REFERENCES batches (id) ON DELETE CASCADE,
  transfer_ref    TEXT NOT NULL,
  receipt_title   TEXT NOT NULL,
  taxpayer_id     TEXT NOT NULL,
  pickup_name     TEXT NOT NULL,
  pickup_phone    TEXT NOT NULL,
  mailing_address TEXT NOT NULL,
  slip_sha256     TEXT NOT NULL REFERENCES blobs (sha256),
  slip_name       TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  sent_at         TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE training_notices (
  seq        INTEGER PRIMARY KEY,
  batch_id   TEXT NOT NULL,
  batch_number TEXT NOT NULL,
  count      INTEGER NOT NULL,
  opened_at  TEXT NOT NULL
) STRICT;
CREATE INDEX training_notices_batch ON training_notices (batch_id);
`;
