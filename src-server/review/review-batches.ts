import type { ReviewBatchesResponse } from '../../src-shared/contract/sync-api.js';
import type { Sql } from '../db/sql.js';
import { reviewerBureau, type Reviewer } from './review-service.js';
import { reviewBatchRows, unitsUnder, type UnitScope } from './review-store.js';
import { awaitingPaymentCount, batchFee } from '../payments/payments-store.js';
import { paymentView } from '../payments/payments-service.js';

/**
 * The reviewer's queue summary (GET /review/batches) and the scope rule it shares with the exports:
 * a reviewer sees the units under their bureau (directly or through its counties), an administrator
 * every unit.
 */

/** SQL condition on a units alias `u` for what the caller may see, with its arguments. */
export function unitScope(r: Reviewer): UnitScope {
  return unitsUnder(r.user.role === 'admin' ? null : reviewerBureau(r));
}

/**
 * Every batch in scope with its people counted by standing, newest first (by the last time the unit
 * sent it, then by its first arrival). `pendingHere` is what waits for this reviewer's bureau and
 * level; an administrator decides nothing, so for them everything pending is elsewhere.
 */
export async function listReviewBatches(db: Sql, r: Reviewer, fees: { enabled: boolean } = { enabled: false }): Promise<ReviewBatchesResponse> {
  const s = unitScope(r);
  const here = r.user.role === 'admin' ? { jurisdictionId: -1, level: '' } : { jurisdictionId: r.user.jurisdictionId!, level: r.user.reviewLevel! };
  const rows = await reviewBatchRows(db, here, s);
  // Fees on: each batch's 交费 too (a few look-ups by primary key a batch; the list is the scope's batches).
  const payment = async (batchId: string) => {
    const b = await batchFee(db, batchId);
    return b ? { payment: { ...(await paymentView(db, b)), awaitingPayment: await awaitingPaymentCount(db, batchId) } } : {};
  };
  return {
    batches: await Promise.all(
      rows.map(async ({ pending, ...b }) => ({ ...b, pendingElsewhere: pending - b.pendingHere, ...(fees.enabled ? await payment(b.batchId) : {}) })),
    ),
  };
}
