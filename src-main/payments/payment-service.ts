import type { BatchPaymentDesktopView, PaymentState } from '../../src-shared/contract/desktop-payments-api.js';
import type { PaymentFields } from '../../src-shared/contract/sync-api.js';
import { DEFAULT_EVIDENCE_MAX_BYTES, PAYMENT_SLIP_KIND } from '../../src-shared/domain/evidence.js';
import { FILE_TYPE_MIME } from '../../src-shared/file-type.js';
import { CodedError } from '../../src-shared/coded-error.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { readEvidenceFile } from '../evidence/evidence-service.js';
import { examOfBatch } from '../exams/local-exams.js';
import { recordAudit } from '../store/audit-log.js';
import type { BatchSummary } from '../store/batches-repo.js';
import type { Actor } from '../store/clock.js';
import type { Db } from '../store/open-store.js';
import { enqueuePush } from '../store/outbox-repo.js';
import { getPayment, savePayment, trainingOf } from '../store/payments-repo.js';
import { storedReference } from '../sync/reference-store.js';

/**
 * 交费 on the desktop (issue 19 item 2): the batch's 交费信息 and 收据、资料领取信息, saved here first
 * (nothing is lost offline) and sent by the batch's push. A batch already on the server gets a push
 * queued at once, which sends the batch (unchanged) and then the payment.
 */

export class PaymentError extends CodedError<'fees_off' | 'slip_missing'> {
  override name = 'PaymentError';
  constructor(code: PaymentError['code'], message: string) {
    super(code, message, { userFacing: true });
  }
}

/** Whether the server said fees are on (the last reference data; off before the first sync). */
export function feesEnabled(db: Db): boolean {
  return storedReference(db)?.reference.fees?.enabled ?? false;
}

function stateOf(enabled: boolean, saved: { sentAt: string } | undefined, opened: boolean): PaymentState {
  if (!enabled) return 'off';
  if (opened) return 'opened';
  if (!saved) return 'empty';
  return saved.sentAt ? 'sent' : 'saved';
}

export function paymentView(db: Db, batch: BatchSummary): BatchPaymentDesktopView {
  const enabled = feesEnabled(db);
  const saved = getPayment(db, batch.id);
  const training = trainingOf(db, batch.id);
  const exam = examOfBatch(db, batch.examId);
  const feeYuan = exam?.feeYuan ?? null;
  return {
    batchId: batch.id,
    batchNumber: batch.number,
    feesEnabled: enabled,
    persons: batch.persons,
    feeYuan,
    amountYuan: feeYuan === null ? null : feeYuan * batch.persons,
    examName: exam?.name ?? batch.examName,
    batchSent: batch.status === 'submitted' || batch.status === 'closed',
    state: stateOf(enabled, saved, training !== undefined),
    info: saved
      ? {
          transferRef: saved.transferRef, receiptTitle: saved.receiptTitle, taxpayerId: saved.taxpayerId, pickupName: saved.pickupName,
          pickupPhone: saved.pickupPhone, mailingAddress: saved.mailingAddress, updatedAt: saved.updatedAt, sentAt: saved.sentAt,
          slip: { fileName: saved.slipName, size: saved.slipSize, mime: saved.slipMime },
        }
      : null,
    training: training ?? null,
  };
}

/**
 * Saves the clerk's 交费信息 (fields already checked by the contract's schema); a new slip is read and
 * checked like 佐证资料. Everything is checked before anything is written.
 */
export function savePaymentInfo(
  deps: { db: Db; blobs: BlobStore; actor: Actor },
  batch: BatchSummary,
  fields: PaymentFields,
  slipFile: string | undefined,
): BatchPaymentDesktopView {
  const { db, blobs, actor } = deps;
  if (!feesEnabled(db)) throw new PaymentError('fees_off', '本单位所在地区没有启用交费（以服务器为准），不需要填写交费信息。如刚启用，请先点“同步”。');
  const before = getPayment(db, batch.id);
  const file = slipFile !== undefined ? readEvidenceFile(slipFile, DEFAULT_EVIDENCE_MAX_BYTES, PAYMENT_SLIP_KIND) : undefined;
  if (!file && !before) throw new PaymentError('slip_missing', '请上传汇款凭证（银行回单的照片或 PDF），再保存交费信息。');
  db.transaction(() => {
    const now = actor.now();
    const slip = file ? { slipSha256: blobs.put(file.bytes, FILE_TYPE_MIME[file.type], now), slipName: file.stored } : { slipSha256: before!.slipSha256, slipName: before!.slipName };
    savePayment(db, batch.id, { ...fields, ...slip }, now);
    recordAudit(db, actor, {
      action: 'payment.save', entity: 'batch', entityId: batch.id,
      detail: `批次 ${batch.number}：交费信息（流水号/附言 ${fields.transferRef}，收据抬头 ${fields.receiptTitle}，${PAYMENT_SLIP_KIND}“${slip.slipName}”）`,
    });
    // On the server already: send it now. A batch not yet sent takes it along with its first push.
    if (batch.status === 'submitted' || batch.status === 'closed') enqueuePush(db, batch.id, now);
  }).immediate();
  return paymentView(db, batch);
}
