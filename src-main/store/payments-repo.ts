import { z } from 'zod';
import type { PaymentFields } from '../../src-shared/contract/sync-api.js';
import { checkedRow } from '../../src-node/sqlite-store.js';
import type { Db } from './open-store.js';
import { localIso } from './clock.js';

/** The batch_payments and training_notices tables (migration 8): a batch's 交费信息 and its 已开通网络培训 notices. */

const paymentRow = z.object({
  transferRef: z.string(),
  receiptTitle: z.string(),
  taxpayerId: z.string(),
  pickupName: z.string(),
  pickupPhone: z.string(),
  mailingAddress: z.string(),
  slipSha256: z.string(),
  slipName: z.string(),
  slipSize: z.number(),
  slipMime: z.string(),
  updatedAt: z.string(),
  sentAt: z.string(),
});
export type StoredPayment = z.infer<typeof paymentRow>;

export function getPayment(db: Db, batchId: string): StoredPayment | undefined {
  return checkedRow(
    paymentRow,
    db
      .prepare(
        `SELECT p.transfer_ref AS transferRef, p.receipt_title AS receiptTitle, p.taxpayer_id AS taxpayerId, p.pickup_name AS pickupName,
                p.pickup_phone AS pickupPhone, p.mailing_address AS mailingAddress, p.slip_sha256 AS slipSha256, p.slip_name AS slipName,
                b.size AS slipSize, b.mime AS slipMime, p.updated_at AS updatedAt, p.sent_at AS sentAt
         FROM batch_payments p JOIN blobs b ON b.sha256 = p.slip_sha256 WHERE p.batch_id = ?`,
      )
      .get(batchId),
  );
}

/** Keeps the clerk's 交费信息; it is unsent from now on (sent_at ''), whatever was sent before. */
export function savePayment(db: Db, batchId: string, f: PaymentFields & { slipSha256: string; slipName: string }, at: Date): void {
  db.prepare(
    `INSERT INTO batch_payments (batch_id, transfer_ref, receipt_title, taxpayer_id, pickup_name, pickup_phone, mailing_address, slip_sha256, slip_name, updated_at, sent_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')
     ON CONFLICT (batch_id) DO UPDATE SET transfer_ref = excluded.transfer_ref, receipt_title = excluded.receipt_title, taxpayer_id = excluded.taxpayer_id,
       pickup_name = excluded.pickup_name, pickup_phone = excluded.pickup_phone, mailing_address = excluded.mailing_address,
       slip_sha256 = excluded.slip_sha256, slip_name = excluded.slip_name, updated_at = excluded.updated_at, sent_at = ''`,
  ).run(batchId, f.transferRef, f.receiptTitle, f.taxpayerId, f.pickupName, f.pickupPhone, f.mailingAddress, f.slipSha256, f.slipName, localIso(at));
}

/** The server stored the version saved at `updatedAt`; a save since then stays unsent. */
export function markPaymentSent(db: Db, batchId: string, updatedAt: string, at: Date): void {
  db.prepare('UPDATE batch_payments SET sent_at = ? WHERE batch_id = ? AND updated_at = ?').run(localIso(at), batchId, updatedAt);
}

/** Stores one 已开通网络培训 notice; false when this change was stored before. */
export function insertTrainingNotice(db: Db, n: { seq: number; batchId: string; batchNumber: string; count: number; openedAt: string }): boolean {
  return db.prepare('INSERT OR IGNORE INTO training_notices (seq, batch_id, batch_number, count, opened_at) VALUES (?, ?, ?, ?, ?)').run(n.seq, n.batchId, n.batchNumber, n.count, n.openedAt).changes > 0;
}

/** The batch's notices added up: accounts opened and the latest notice's time; undefined before any. */
export function trainingOf(db: Db, batchId: string): { count: number; openedAt: string } | undefined {
  const row = checkedRow(
    z.object({ count: z.number().nullable(), openedAt: z.string().nullable() }),
    db.prepare('SELECT SUM(count) AS count, MAX(opened_at) AS openedAt FROM training_notices WHERE batch_id = ?').get(batchId),
  );
  return row && row.count !== null && row.openedAt !== null ? { count: row.count, openedAt: row.openedAt } : undefined;
}
