import { useState } from 'react';
import { Alert, App as AntApp, Button, Descriptions, Drawer, Input, Space, Typography } from 'antd';
import type { UserView } from '../../../src-shared/contract/sync-api.js';
import { chinaMinute } from '../../../src-shared/china-time.js';
import { PAYMENT_SLIP_KIND } from '../../../src-shared/domain/evidence.js';
import { callApi } from '../../api/console-client.js';
import { EvidenceViewer } from '../../components/EvidenceViewer.js';
import { paymentStatus, yuan, type BatchPayment } from './payment-status.js';

export interface PaymentBatch {
  batchId: string;
  number: string;
  unitName: string;
  payment: BatchPayment;
}

/**
 * A batch's 交费 for the reviewer at the final level or an administrator: 人数 × 金额, what the unit sent
 * (流水号/附言, the 汇款凭证 inline, 收据、资料领取信息), and 标记已交费 — confirmed in a dialog whose
 * 确认 has the focus (Enter) — which opens the study accounts of the batch's approved people; 撤销 asks
 * for the reason. The server decides who may (a county reviewer before a city is told so).
 */
export function PaymentDrawer({ batch, user, onClose, onChanged }: { batch: PaymentBatch | undefined; user: UserView; onClose: () => void; onChanged: () => void }) {
  const { message, modal } = AntApp.useApp();
  const [error, setError] = useState<string>();
  const [undoing, setUndoing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const p = batch?.payment;

  const mark = async (body: { paid: true } | { paid: false; reason: string }) => {
    if (!batch) return false;
    setBusy(true);
    const r = await callApi('POST /review/batches/:batchId/payment', body, { batchId: batch.batchId });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message);
      return false;
    }
    setError(undefined);
    if (body.paid) message.success(r.value.studyAccountsOpened > 0 ? `批次 ${batch.number} 已标记为已交费，已开通网络培训 ${r.value.studyAccountsOpened} 人。` : `批次 ${batch.number} 已标记为已交费；之后终审通过的人员会直接开通网络培训。`);
    else message.success(`已撤销批次 ${batch.number} 的“已交费”。`);
    onChanged();
    return true;
  };

  const confirmPaid = () => {
    if (!batch || !p) return;
    modal.confirm({
      title: `确认批次 ${batch.number} 已交费？`,
      content: (
        <div data-testid="paid-confirm">
          <div>{`${batch.unitName}：${p.persons} 人 × ${yuan(p.feeYuan)} = ${yuan(p.amountYuan)}`}</div>
          <div>{p.awaitingPayment > 0 ? `确认后立即为已终审通过的 ${p.awaitingPayment} 人开通网络培训（学习账号），并通知执法单位。` : '目前没有等待开通的人员；之后终审通过的人员会直接开通网络培训。'}</div>
          {!p.info && <div>执法单位还没有提交交费信息，请先核对到账情况。</div>}
        </div>
      ),
      width: 520,
      okText: '确认已交费（Enter）',
      cancelText: '取消',
      autoFocusButton: 'ok',
      onOk: () => mark({ paid: true }),
    });
  };

  const close = () => {
    setError(undefined);
    setUndoing(false);
    setReason('');
    onClose();
  };
  const status = p ? paymentStatus(p) : undefined;
  return (
    <Drawer open={batch !== undefined} onClose={close} size={760} title={batch ? `交费 — 批次 ${batch.number}（${batch.unitName}）` : '交费'}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {batch && p && status && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions size="small" bordered column={2} styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label="状态" span={2}>
              <Typography.Text strong data-testid="payment-status">
                {status.text}
              </Typography.Text>
              {p.paid && <Typography.Text type="secondary">{`（${p.paid.by}，${chinaMinute(p.paid.at)}）`}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label="应交金额">{`${p.persons} 人 × ${yuan(p.feeYuan)} = ${yuan(p.amountYuan)}`}</Descriptions.Item>
            <Descriptions.Item label="待交费人员">{p.awaitingPayment > 0 ? `${p.awaitingPayment} 人已终审通过，等待开通网络培训` : '无'}</Descriptions.Item>
            <Descriptions.Item label="提交时间">{p.info ? chinaMinute(p.info.submittedAt) : '—'}</Descriptions.Item>
            {p.info && (
              <>
                <Descriptions.Item label="流水号/附言" span={2}>{p.info.transferRef}</Descriptions.Item>
                <Descriptions.Item label="收据抬头" span={2}>{p.info.receiptTitle}</Descriptions.Item>
                <Descriptions.Item label="纳税人识别号">{p.info.taxpayerId}</Descriptions.Item>
                <Descriptions.Item label="领取人">{`${p.info.pickupName}（${p.info.pickupPhone}）`}</Descriptions.Item>
                <Descriptions.Item label="邮寄地址" span={2}>{p.info.mailingAddress}</Descriptions.Item>
              </>
            )}
          </Descriptions>
          {!p.info && <Alert type="info" showIcon title="执法单位还没有提交交费信息（汇款凭证、收据和资料领取信息）。" />}
          <Space>
            {!p.paid && (
              <Button type="primary" loading={busy} onClick={confirmPaid}>
                标记已交费
              </Button>
            )}
            {p.paid && !undoing && (
              <Button danger onClick={() => setUndoing(true)}>
                撤销已交费
              </Button>
            )}
            {user.role === 'reviewer' && <Typography.Text type="secondary">由终审的司法局确认交费。</Typography.Text>}
          </Space>
          {undoing && (
            <Space.Compact style={{ width: '100%' }}>
              <Input
                autoFocus
                aria-label="撤销原因"
                placeholder="撤销原因（必填），如：银行退回了这笔汇款"
                value={reason}
                maxLength={200}
                onChange={(e) => setReason(e.target.value)}
                onPressEnter={() => void mark({ paid: false, reason }).then((done) => done && setUndoing(false))}
              />
              <Button danger loading={busy} onClick={() => void mark({ paid: false, reason }).then((done) => done && setUndoing(false))}>
                确认撤销
              </Button>
            </Space.Compact>
          )}
          {p.info && (
            <div>
              <Typography.Title level={5}>{PAYMENT_SLIP_KIND}</Typography.Title>
              <EvidenceViewer file={{ sha256: p.info.slip.sha256, fileName: p.info.slip.fileName, mime: p.info.slip.mime, size: p.info.slip.size }} />
            </div>
          )}
        </Space>
      )}
    </Drawer>
  );
}
