import { z } from 'zod';
import { creditCodeProblem, normalizeCreditCode } from '../rules/credit-code.js';
import { cleanLine } from '../rules/text.js';
import { displayFileNameSchema, sha256Schema } from './sync-common.js';

/**
 * Fees and receipts (issue 19 item 2; the Guangxi notice: 200 元/人 by bank transfer, step 7
 * "填写、提交收据、资料领取信息", step 8 training accounts within 3 working days after payment). On only
 * where the deployment turns it on (GET /reference's `fees.enabled`).
 *
 *   PUT  /api/v1/batches/:batchId/payment          (unit) the batch's 交费信息 and 收据、资料领取信息, sent
 *        again whole after every change; the slip must be uploaded first (PUT /blobs). -> BatchPaymentView
 *   POST /api/v1/review/batches/:batchId/payment   (final-level reviewer or administrator) 标记已交费, or
 *        take it back with a reason. Marking paid opens the study accounts of the batch's approved people.
 */

/** 汇款/转账流水号 or the 附言 written on the transfer. */
const line = (what: string, max: number) =>
  z
    .string({ error: `请填写${what}。` })
    .transform(cleanLine)
    .pipe(z.string().min(1, `请填写${what}。`).max(max, `${what}太长（最多 ${max} 个字符），请改短。`));

/** A mobile number, or a landline with its area code (0771-1234567), an extension after 转 or -. */
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}((-|转)\d{1,6})?)$/;

/** The fields a clerk types; the desktop's form and the server check them with this same schema. */
export const paymentFieldsSchema = z.object({
  transferRef: line('汇款/转账流水号或附言', 64),
  receiptTitle: line('收据抬头', 100),
  taxpayerId: z
    .string({ error: '请填写纳税人识别号（统一社会信用代码）。' })
    .transform(normalizeCreditCode)
    .superRefine((code, ctx) => {
      const problem = creditCodeProblem(code);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  pickupName: line('领取人', 30),
  pickupPhone: z
    .string({ error: '请填写联系电话。' })
    .transform((s) => s.replace(/[\s\u3000]/g, ''))
    .pipe(z.string().min(1, '请填写联系电话。').regex(PHONE, '联系电话应为 11 位手机号，或带区号的固定电话（如 0771-1234567），请检查。')),
  mailingAddress: line('邮寄地址', 200),
});
export type PaymentFields = z.infer<typeof paymentFieldsSchema>;
export type PaymentFieldsInput = z.input<typeof paymentFieldsSchema>;

/** The remittance slip (evidence kind 汇款凭证): a JPEG, PNG or PDF uploaded as a blob. */
export const paymentSlipSchema = z.object({ sha256: sha256Schema, fileName: displayFileNameSchema });

export const batchPaymentPutRequestSchema = paymentFieldsSchema.extend({
  slip: paymentSlipSchema.nullable().refine((s) => s !== null, '请上传汇款凭证（银行回单的照片或 PDF）。'),
});
export type BatchPaymentPutRequest = z.input<typeof batchPaymentPutRequestSchema>;

/** Who marked a batch paid, and when. */
export const paidMarkSchema = z.object({ at: z.string(), by: z.string() });

/** A batch's payment as the server keeps it. Amounts in whole yuan; null where the batch has no exam. */
export const batchPaymentViewSchema = z.object({
  batchId: z.string(),
  persons: z.number().int(),
  feeYuan: z.number().int().nullable(),
  amountYuan: z.number().int().nullable(),
  /** null until the unit sent its 交费信息. */
  info: paymentFieldsSchema
    .extend({ slip: z.object({ sha256: z.string(), fileName: z.string(), mime: z.string(), size: z.number().int() }), submittedAt: z.string() })
    .nullable(),
  paid: paidMarkSchema.nullable(),
});
export type BatchPaymentView = z.infer<typeof batchPaymentViewSchema>;

export const paymentMarkRequestSchema = z.discriminatedUnion('paid', [
  z.object({ paid: z.literal(true) }),
  z.object({
    paid: z.literal(false),
    reason: z
      .string({ error: '撤销“已交费”时请写明原因。' })
      .transform(cleanLine)
      .pipe(z.string().min(1, '撤销“已交费”时请写明原因。').max(200, '原因太长（最多 200 个字符）。')),
  }),
], { error: '请说明是标记已交费（paid: true）还是撤销（paid: false 并写明原因）。' });
export type PaymentMarkRequest = z.input<typeof paymentMarkRequestSchema>;

export const paymentMarkResponseSchema = z.object({
  payment: batchPaymentViewSchema,
  /** Study accounts made by this marking (0 when taken back, or nobody approved yet). */
  studyAccountsOpened: z.number().int(),
});
export type PaymentMarkResponse = z.infer<typeof paymentMarkResponseSchema>;
