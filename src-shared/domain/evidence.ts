import { z } from 'zod';

/** 佐证资料 kinds, from the two provinces' documents. */
export const EVIDENCE_KINDS = ['三定方案', '在编证明', '委托书', '原证件', '成绩证明', '其他'] as const;
export const evidenceKindSchema = z.enum(EVIDENCE_KINDS);
export type EvidenceKind = z.infer<typeof evidenceKindSchema>;

/**
 * 汇款凭证 (issue 19, fees on): the bank's slip for a batch's fee. The same kind of file as 佐证资料
 * (JPEG, PNG or PDF by its bytes, the same size limit), but it belongs to the batch's 交费信息, is added
 * after the batch went out, and travels with the payment (PUT /batches/:id/payment), not in the batch.
 */
export const PAYMENT_SLIP_KIND = '汇款凭证' as const;

/** The manual's web system takes at most 8 files per batch; a setting may change it. */
export const DEFAULT_EVIDENCE_MAX_FILES = 8;
export const DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
