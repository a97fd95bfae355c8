import { z } from 'zod';
import type { PaymentFields } from '../../src-shared/contract/sync-api.js';
import { all, get, run, value, type Sql } from '../db/sql.js';

/** The batch_payments table and batches.paid_at (migration 12): a batch's 交费信息 and its 已交费 mark. */

const infoRow = z.object({
  transferRef: z.string(),
  receiptTitle: z.string(),
  taxpayerId: z.string(),
  pickupName: z.string(),
  pickupPhone: z.string(),
  mailingAddress: z.string(),
  slipSha256: z.string(),
  slipName: z.string(),
  slipMime: z.string(),
  slipSize: z.number(),
  submittedAt: z.string(),
});
export type StoredPaymentInfo = z.infer<typeof infoRow>;

export async function paymentInfo(db: Sql, batchId: string): Promise<StoredPaymentInfo | undefined> {
  return get(
    db,
    infoRow,
      `SELECT p.transfer_ref AS "transferRef", p.receipt_title AS "receiptTitle", p.taxpayer_id AS "taxpayerId", p.pickup_name AS "pickupName",
              p.pickup_phone AS "pickupPhone", p.mailing_address AS "mailingAddress", p.slip_sha256 AS "slipSha256", p.slip_name AS "slipName",
              bl.mime AS "slipMime", bl.size AS "slipSize", p.submitted_at AS "submittedAt"
       FROM batch_payments p JOIN blobs bl ON bl.sha256 = p.slip_sha256 WHERE p.batch_id = ?`,
    [batchId],
  );
}

/** Keeps the unit's latest 交费信息 (a send replaces the one before). */
export async function storePaymentInfo(db: Sql, batchId: string, f: PaymentFields & { slipSha256: string; slipName: string; userId: number; at: string }): Promise<void> {
  await run(
    db,
    `INSERT INTO batch_payments (batch_id, transfer_ref, slip_sha256, slip_name, receipt_title, taxpayer_id, pickup_name, pickup_phone, mailing_address, submitted_by, submitted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (batch_id) DO UPDATE SET transfer_ref = excluded.transfer_ref, slip_sha256 = excluded.slip_sha256, slip_name = excluded.slip_name,
       receipt_title = excluded.receipt_title, taxpayer_id = excluded.taxpayer_id, pickup_name = excluded.pickup_name, pickup_phone = excluded.pickup_phone,
       mailing_address = excluded.mailing_address, submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at`,
    [batchId, f.transferRef, f.slipSha256, f.slipName, f.receiptTitle, f.taxpayerId, f.pickupName, f.pickupPhone, f.mailingAddress, f.userId, f.at],
  );
}

const batchFeeRow = z.object({
  id: z.string(),
  unitId: z.number(),
  number: z.string(),
  persons: z.number(),
  feeYuan: z.number().nullable(),
  paidAt: z.string().nullable(),
  paidBy: z.string().nullable(),
});
export type BatchFeeRow = z.infer<typeof batchFeeRow>;

/** The batch with its head count, its exam's fee and its 已交费 mark; undefined when there is none. */
export async function batchFee(db: Sql, batchId: string): Promise<BatchFeeRow | undefined> {
  return get(
    db,
    batchFeeRow,
      `SELECT b.id, b.unit_id AS "unitId", b.number, (SELECT COUNT(*) FROM persons p WHERE p.batch_id = b.id) AS persons,
              e.fee_yuan AS "feeYuan", b.paid_at AS "paidAt", b.paid_by_name AS "paidBy"
       FROM batches b LEFT JOIN exams e ON e.id = b.exam_id WHERE b.id = ?`,
    [batchId],
  );
}

/** Whether the batch is marked 已交费 (the study accounts of its approved people may be made). */
export async function batchPaid(db: Sql, batchId: string): Promise<boolean> {
  return (await value(db, z.number(), 'SELECT 1 FROM batches WHERE id = ? AND paid_at IS NOT NULL', [batchId])) !== undefined;
}

export async function setPaid(db: Sql, batchId: string, mark: { at: string; by: string } | null): Promise<void> {
  await run(db, 'UPDATE batches SET paid_at = ?, paid_by_name = ? WHERE id = ?', [mark?.at ?? null, mark?.by ?? null, batchId]);
}

const waitingRow = z.object({ id: z.number(), key: z.string(), version: z.number(), unitId: z.number() });

/** The batch's finally approved people who have no study account yet (待交费 while the batch is unpaid). */
export async function approvedWithoutAccount(db: Sql, batchId: string): Promise<Array<z.infer<typeof waitingRow>>> {
  return all(
    db,
    waitingRow,
    `SELECT p.id, p.person_key AS key, p.version, p.unit_id AS "unitId" FROM persons p
     WHERE p.batch_id = ? AND p.status = 'approved' AND NOT EXISTS (SELECT 1 FROM study_accounts s WHERE s.person_id = p.id)
     ORDER BY p.id`,
    [batchId],
  );
}

/** How many of the batch's approved people wait for 已交费 (no study account yet). */
export async function awaitingPaymentCount(db: Sql, batchId: string): Promise<number> {
  return (
    (await value(
      db,
      z.number(),
      `SELECT COUNT(*) FROM persons p WHERE p.batch_id = ? AND p.status = 'approved'
         AND NOT EXISTS (SELECT 1 FROM study_accounts s WHERE s.person_id = p.id)`,
      [batchId],
    )) ?? 0
  );
}
