import { Tag } from 'antd';
import type { ReviewBatchSummary } from '../../../src-shared/contract/sync-api.js';

export type BatchPayment = NonNullable<ReviewBatchSummary['payment']>;

/** 已交费 / 待确认 (the unit sent its 交费信息) / 未填写, as one tag. */
export function paymentStatus(p: BatchPayment): { text: string; color: string } {
  if (p.paid) return { text: '已交费', color: 'green' };
  if (p.info) return { text: '待确认', color: 'blue' };
  return { text: '未填写', color: 'default' };
}

export const yuan = (n: number | null): string => (n === null ? '—' : `${n.toLocaleString('zh-CN')} 元`);

/**
 * The batch table's 交费 cell, narrow (the table is full at 1366 px): the status, the amount below it,
 * and the approved people waiting for it (待交费) below that.
 */
export function PaymentTag({ payment }: { payment: BatchPayment }) {
  const s = paymentStatus(payment);
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column', alignItems: 'flex-start', gap: 2, lineHeight: 1.3 }}>
      <Tag color={s.color} style={{ marginInlineEnd: 0 }}>
        {s.text}
      </Tag>
      <span className="console-nowrap">{yuan(payment.amountYuan)}</span>
      {payment.awaitingPayment > 0 && !payment.paid && (
        <span className="console-nowrap" style={{ color: '#d46b08' }}>
          待交费 {payment.awaitingPayment} 人
        </span>
      )}
    </span>
  );
}
