import fs from 'node:fs';
import type { Db } from '../store/open-store.js';
import { getPayment } from '../store/payments-repo.js';
import type { SyncClient } from '../sync/sync-client.js';
import { feesEnabled } from './payment-service.js';

/**
 * The batch's 交费信息 not yet on the server, if any: what the push sends after the batch itself.
 * Nothing while fees are off here (the server would refuse it; it stays saved for when they are on).
 */
export function pendingPayment(db: Db, batchId: string): { updatedAt: string } | undefined {
  if (!feesEnabled(db)) return undefined;
  const p = getPayment(db, batchId);
  return p && p.sentAt === '' ? { updatedAt: p.updatedAt } : undefined;
}

/**
 * Sends the saved 交费信息 (PUT /batches/:id/payment), uploading the slip first when the server lacks
 * it. Both steps are idempotent on the server, so a cut anywhere is simply done again. Returns the
 * version sent (its updatedAt), for the caller to mark sent together with the job.
 */
export async function sendPayment(db: Db, client: SyncClient, blobPath: (sha256: string) => string, batchId: string): Promise<{ updatedAt: string }> {
  const p = getPayment(db, batchId)!;
  const { missing } = await client.call('POST /blobs/missing', { sha256: [p.slipSha256] });
  if (missing.length > 0) {
    const bytes = fs.readFileSync(blobPath(p.slipSha256));
    await client.putBlob(p.slipSha256, bytes, bytes.length);
  }
  await client.call(
    'PUT /batches/:batchId/payment',
    {
      transferRef: p.transferRef, receiptTitle: p.receiptTitle, taxpayerId: p.taxpayerId, pickupName: p.pickupName,
      pickupPhone: p.pickupPhone, mailingAddress: p.mailingAddress, slip: { sha256: p.slipSha256, fileName: p.slipName },
    },
    { batchId },
  );
  return { updatedAt: p.updatedAt };
}
