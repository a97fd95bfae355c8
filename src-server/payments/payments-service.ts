import type { BatchPaymentView, PaymentFields, PaymentMarkRequest, PaymentMarkResponse } from '../../src-shared/contract/sync-api.js';
import { fileNameForMime } from '../../src-shared/file-names.js';
import { transaction, type Sql } from '../db/sql.js';
import { recordAudit } from '../db/audit.js';
import { ApiError } from '../errors.js';
import { appendChange } from '../feed/changes-store.js';
import { batchInScope } from '../review/review-person-store.js';
import { readScope, reviewerBureau, type Reviewer } from '../review/review-service.js';
import { reviewStagesFor } from '../review/review-stages.js';
import { versionFields } from '../review/review-store.js';
import { openStudyAccount } from '../review/study-accounts.js';
import { approvedWithoutAccount, batchFee, paymentInfo, setPaid, storePaymentInfo, type BatchFeeRow } from './payments-store.js';

/**
 * Fees and receipts (issue 19 item 2): a unit sends its batch's 交费信息 and 收据、资料领取信息; the
 * batch's final-level reviewer or an administrator marks it 已交费, which makes the study accounts of
 * its approved people (step 8 of the Guangxi notice) and tells the unit "已开通网络培训". Everything here
 * answers 409 payment.fees_off where the deployment has fees off: nothing changes from before then.
 */

function feesOff(): never {
  throw new ApiError(409, 'payment.fees_off', '本系统没有启用交费，不需要填写或确认交费信息。如需启用，请管理员在“设置”中打开“交费”。');
}

function notFound(): never {
  throw new ApiError(404, 'not_found', '服务器上没有这个批次（或它不属于你的单位）。请先提交批次，再填写交费信息。');
}

/** The batch's payment as the contract shows it. */
export async function paymentView(db: Sql, b: BatchFeeRow): Promise<BatchPaymentView> {
  const info = await paymentInfo(db, b.id);
  return {
    batchId: b.id,
    persons: b.persons,
    feeYuan: b.feeYuan,
    amountYuan: b.feeYuan === null ? null : b.feeYuan * b.persons,
    info: info
      ? {
          transferRef: info.transferRef, receiptTitle: info.receiptTitle, taxpayerId: info.taxpayerId, pickupName: info.pickupName,
          pickupPhone: info.pickupPhone, mailingAddress: info.mailingAddress, submittedAt: info.submittedAt,
          slip: { sha256: info.slipSha256, fileName: fileNameForMime(info.slipName, info.slipMime, '汇款凭证'), mime: info.slipMime, size: info.slipSize },
        }
      : null,
    paid: b.paidAt !== null ? { at: b.paidAt, by: b.paidBy ?? '' } : null,
  };
}

/** PUT /batches/:batchId/payment: keeps the unit's 交费信息 (replacing the one before), audited. */
export async function putPayment(
  db: Sql,
  a: {
    batchId: string;
    unit: { unitId: number; userId: number; username: string; ip: string };
    request: PaymentFields & { slip: { sha256: string; fileName: string } | null };
    /** Whether the unit uploaded the file and it is there; asked inside the transaction `t` that stores the payment. */
    isOwned: (t: Sql, sha256: string, unitId: number) => Promise<boolean>;
    feesEnabled: boolean;
    now: Date;
  },
): Promise<BatchPaymentView> {
  if (!a.feesEnabled) feesOff();
  const slip = a.request.slip!;
  return transaction(db, async (t) => {
    const b = await batchFee(t, a.batchId);
    if (!b || b.unitId !== a.unit.unitId) notFound();
    if (!(await a.isOwned(t, slip.sha256, a.unit.unitId))) {
      throw new ApiError(422, 'batch.missing_blobs', `服务器上还没有汇款凭证“${slip.fileName}”，请先上传文件再提交交费信息；报名助手会自动补传。`, {}, { missingBlobs: [slip.sha256] });
    }
    const at = a.now.toISOString();
    const { slip: _slip, ...fields } = a.request;
    await storePaymentInfo(t, a.batchId, { ...fields, slipSha256: slip.sha256, slipName: slip.fileName, userId: a.unit.userId, at });
    await recordAudit(t, {
      at: a.now, actorUserId: a.unit.userId, actor: a.unit.username, action: 'batch.payment_info', entity: 'batch', entityId: a.batchId,
      detail: { transferRef: fields.transferRef, receiptTitle: fields.receiptTitle, slip: slip.sha256, persons: b.persons, amountYuan: b.feeYuan === null ? null : b.feeYuan * b.persons },
      ip: a.unit.ip,
    });
    return paymentView(t, b);
  });
}

/**
 * POST /review/batches/:batchId/payment: 标记已交费 (or take it back, with a reason). Marking paid makes
 * the study accounts of the batch's approved people who have none (待交费) and appends one
 * training_opened change for the unit; taking it back keeps accounts already made (they were handed
 * out) and only stops new ones until it is marked again. Marking twice changes nothing.
 */
export async function markPayment(
  db: Sql,
  r: Reviewer,
  a: { batchId: string; request: PaymentMarkRequest; feesEnabled: boolean; reviewStages: 1 | 2; now: Date },
): Promise<PaymentMarkResponse> {
  if (!a.feesEnabled) feesOff();
  const scoped = await batchInScope(db, a.batchId, readScope(r));
  if (!scoped) throw new ApiError(404, 'not_found', '没有这个批次，或它不在你的审核范围内。请刷新批次列表。');
  return transaction(db, async (t): Promise<PaymentMarkResponse> => {
    const b = (await batchFee(t, a.batchId))!;
    if (r.user.role !== 'admin') {
      const stages = await reviewStagesFor(t, b.unitId, a.reviewStages);
      const final = stages.at(-1)!;
      if (reviewerBureau(r) !== final.jurisdictionId || r.user.reviewLevel !== final.level) {
        throw new ApiError(403, 'payment.not_final', `只有终审的${final.jurisdictionName}或管理员可以确认批次 ${b.number} 的交费。`);
      }
    }
    const by = `${r.user.displayName || r.user.username}${r.user.jurisdictionName ? `（${r.user.jurisdictionName}）` : ''}`;
    let opened = 0;
    if (a.request.paid) {
      if (b.paidAt !== null) return { payment: await paymentView(t, b), studyAccountsOpened: 0 };
      await setPaid(t, b.id, { at: a.now.toISOString(), by });
      for (const p of await approvedWithoutAccount(t, b.id)) {
        const fields = (await versionFields(t, p.id, p.version))!;
        await openStudyAccount(t, { personId: p.id, unitId: p.unitId, batchId: b.id, key: p.key, fields }, a.now);
        opened++;
      }
      await appendChange(t, b.unitId, { type: 'training_opened', batchId: b.id, batchNumber: b.number, count: opened, openedAt: a.now.toISOString() }, a.now);
      await recordAudit(t, {
        at: a.now, actorUserId: r.user.id, actor: r.user.username, action: 'batch.paid', entity: 'batch', entityId: b.id,
        detail: { number: b.number, studyAccountsOpened: opened }, ip: r.ip,
      });
    } else {
      if (b.paidAt === null) return { payment: await paymentView(t, b), studyAccountsOpened: 0 };
      await setPaid(t, b.id, null);
      await recordAudit(t, {
        at: a.now, actorUserId: r.user.id, actor: r.user.username, action: 'batch.unpaid', entity: 'batch', entityId: b.id,
        detail: { number: b.number, reason: a.request.reason, wasPaidAt: b.paidAt, wasPaidBy: b.paidBy }, ip: r.ip,
      });
    }
    return { payment: await paymentView(t, (await batchFee(t, b.id))!), studyAccountsOpened: opened };
  });
}
