import type { FormRule } from 'antd';
import { paymentFieldsSchema, type PaymentFields } from '../../src-shared/contract/sync-payments.js';

/**
 * The form's rules are the server's own schema, field by field, so the clerk reads the same Chinese
 * message here, offline, as the server would answer (统一社会信用代码's check character included).
 */
export function paymentRule(field: keyof PaymentFields): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const r = paymentFieldsSchema.shape[field].safeParse(value ?? '');
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? '请检查这一项。');
    },
  };
}
