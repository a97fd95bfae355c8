import { z } from 'zod';
import { paymentFieldsSchema } from './sync-payments.js';

/**
 * 交费 on the desktop (issue 19 item 2), where the server turned fees on (the reference data's
 * fees.enabled): a batch's 交费信息 (人数 × 金额, the transfer reference, the 汇款凭证 slip) and 收据、资料领取
 *信息, kept in the store and sent to the server with the batch's next push. Spread into DESKTOP_API;
 * implemented in src-main/services/payments-handlers.ts.
 */

/** Where a batch's 交费 stands, as the clerk reads it. */
export const paymentStateSchema = z.enum([
  'off', // fees are not on in this deployment
  'empty', // nothing filled in yet
  'saved', // saved here, goes out with the batch's next push (the batch is not submitted yet, or offline)
  'sent', // the server has this version; waiting for 已交费
  'opened', // 已交费 confirmed: 已开通网络培训
]);
export type PaymentState = z.infer<typeof paymentStateSchema>;

export const PAYMENT_STATE_LABEL: Record<PaymentState, string> = {
  off: '未启用交费',
  empty: '未填写',
  saved: '已保存，待上传',
  sent: '已提交，待确认',
  opened: '已开通网络培训',
};

export const batchPaymentDesktopViewSchema = z.object({
  batchId: z.string(),
  batchNumber: z.string(),
  feesEnabled: z.boolean(),
  persons: z.number().int(),
  /** The batch's exam's fee per person (whole yuan); null when the batch has no known exam. */
  feeYuan: z.number().int().nullable(),
  amountYuan: z.number().int().nullable(),
  examName: z.string(),
  /** The batch is on the server already (提交 done): a save goes out at once. */
  batchSent: z.boolean(),
  state: paymentStateSchema,
  /** What the clerk saved ('' fields before the first save). */
  info: z
    .object({
      transferRef: z.string(),
      receiptTitle: z.string(),
      taxpayerId: z.string(),
      pickupName: z.string(),
      pickupPhone: z.string(),
      mailingAddress: z.string(),
      slip: z.object({ fileName: z.string(), size: z.number().int(), mime: z.string() }),
      updatedAt: z.string(),
      sentAt: z.string(),
    })
    .nullable(),
  /** 已开通网络培训: accounts opened after 已交费 (all notices added up), with the latest notice's time. */
  training: z.object({ count: z.number().int(), openedAt: z.string() }).nullable(),
});
export type BatchPaymentDesktopView = z.infer<typeof batchPaymentDesktopViewSchema>;

/**
 * 保存: the fields checked with the server's own schema (Chinese messages); `slipFile` a new slip to
 * read from disk, or omitted to keep the one saved before (the first save needs one).
 */
export const paymentSaveInputSchema = z.object({
  batchId: z.string().min(1),
  fields: paymentFieldsSchema,
  slipFile: z.string().min(1).max(4096).optional(),
});

export const DESKTOP_PAYMENTS_API = {
  /** Whether this deployment collects fees (the last reference data the server sent; off before any). */
  'payments.settings': { input: z.object({}).strict().optional(), output: z.object({ enabled: z.boolean() }) },
  'payments.get': { input: z.object({ batchId: z.string().min(1) }), output: batchPaymentDesktopViewSchema },
  'payments.save': { input: paymentSaveInputSchema, output: batchPaymentDesktopViewSchema },
} satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
