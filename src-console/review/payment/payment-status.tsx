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

/** The batch table's 交费 cell: the status, the amount, and the approved people waiting for it. */
export function PaymentTag({ payment }: { payment: BatchPayment }) {
  const s = paymentStatus(payment);
  return (
    <span className="console-nowrap" title={payment.awaitingPayment > 0 ? `${payment.awaitingPayment} 人已终审通过，交费确认后开通网络培训` : undefined}>
      <Tag color={s.color}>{s.text}</Tag>
      {yuan(payment.amountYuan)}
      {payment.awaitingPayment > 0 && !payment.paid && <Tag color="orange" style={{ marginLeft: 4 }}>待交费 {payment.awaitingPayment} 人</Tag>}
    </span>
  );
}
