import { useEffect, useId, useState } from 'react';
import { Alert, App as AntApp, Button, Col, Descriptions, Form, Input, Modal, Row, Space, Tag, Typography } from 'antd';
import { PAYMENT_STATE_LABEL, type BatchPaymentDesktopView } from '../../src-shared/contract/desktop-payments-api.js';
import type { PaymentFields } from '../../src-shared/contract/sync-payments.js';
import { PAYMENT_SLIP_KIND } from '../../src-shared/domain/evidence.js';
import { api } from '../api/desktop-client.js';
import { usePathPrompt } from '../components/path-prompt.js';
import { useAction } from '../use-action.js';
import { paymentRule } from './payment-rules.js';
import { useHelpTopic } from '../../src-web/manual/help-topic.js';
import { DIALOG_SECTIONS } from '../help/screen-sections.js';

const STATE_COLOR: Record<BatchPaymentDesktopView['state'], string> = { off: 'default', empty: 'default', saved: 'orange', sent: 'blue', opened: 'green' };

const yuan = (n: number | null) => (n === null ? '—' : `${n.toLocaleString('zh-CN')} 元`);

/**
 * 交费 for one batch (the Guangxi notice: 200 元/人 by bank transfer; step 7 填写、提交收据、资料领取信息):
 * 交费信息 (人数 × 金额 from the batch's exam, the transfer reference, the 汇款凭证) and 收据、资料领取信息.
 * 保存 keeps it here first; it goes to the server with the batch's next push (at once for a batch
 * already submitted). The fields are checked as the server checks them, before anything is saved.
 */
export function PaymentDialog({ batchId, onClose }: { batchId: string | undefined; onClose: (saved: boolean) => void }) {
  const [view, setView] = useState<BatchPaymentDesktopView>();
  const [slipFile, setSlipFile] = useState<string>();
  const [form] = Form.useForm<PaymentFields>();
  useHelpTopic(batchId !== undefined ? DIALOG_SECTIONS.payment : undefined);
  const formId = useId();
  const { busy, error, setError, run } = useAction();
  const [ask, pathPrompt] = usePathPrompt();
  const { message } = AntApp.useApp();

  useEffect(() => {
    setView(undefined);
    setSlipFile(undefined);
    setError(undefined);
    if (!batchId) return;
    void api['payments.get']({ batchId }).then((r) => (r.ok ? setView(r.value) : setError(r.error.message)));
  }, [batchId, setError]);

  const chooseSlip = async () => {
    const file = (await ask({ title: `选择${PAYMENT_SLIP_KIND}`, mode: 'open', hint: '选择银行回单的照片（JPG、PNG）或 PDF 文件。', filter: 'evidence' }))?.[0];
    if (file) {
      setSlipFile(file);
      setError(undefined);
    }
  };
  const save = async (fields: PaymentFields) => {
    if (!batchId) return;
    if (!slipFile && !view?.info) {
      setError(`请上传${PAYMENT_SLIP_KIND}（银行回单的照片或 PDF），再保存交费信息。`);
      return;
    }
    const r = await run('保存', () => api['payments.save']({ batchId, fields, ...(slipFile ? { slipFile } : {}) }));
    if (!r) return;
    void message.success(r.batchSent ? '交费信息已保存，正在提交到司法局。' : '交费信息已保存，提交批次时一起提交到司法局（“人员提交”）。');
    onClose(true);
  };

  const slipName = slipFile ? slipFile.split(/[\\/]/).pop() : view?.info?.slip.fileName;
  const locked = view?.state === 'opened';
  return (
    <Modal
      open={batchId !== undefined}
      title={view ? `交费 — 批次 ${view.batchNumber}` : '交费'}
      width={720}
      style={{ top: 24 }}
      onCancel={() => onClose(false)}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={() => onClose(false)}>
          {locked ? '关闭' : '取消'}
        </Button>,
        !locked && (
          <Button key="ok" type="primary" htmlType="submit" form={formId} loading={busy === '保存'} disabled={!view?.feesEnabled}>
            保存
          </Button>
        ),
      ]}
    >
      {pathPrompt}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {view && (
        <>
          <Descriptions size="small" column={3} bordered title="交费信息" extra={<Tag color={STATE_COLOR[view.state]}>{PAYMENT_STATE_LABEL[view.state]}</Tag>} style={{ marginBottom: 16 }}>
            <Descriptions.Item label="人数">{view.persons} 人</Descriptions.Item>
            <Descriptions.Item label="每人">{yuan(view.feeYuan)}</Descriptions.Item>
            <Descriptions.Item label="应交金额">
              <Typography.Text strong data-testid="payment-amount">
                {yuan(view.amountYuan)}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {view.feeYuan === null && <Alert type="warning" showIcon message="这个批次还没有选择考试，金额无法计算：请先在批次表中选择考试。" style={{ marginBottom: 12 }} />}
          {view.training && (
            <Alert type="success" showIcon message={`已确认交费，已开通网络培训 ${view.training.count} 人（${view.training.openedAt.slice(0, 16).replace('T', ' ')}）。学习账号在“人员管理”中查看。`} style={{ marginBottom: 12 }} />
          )}
          <Form<PaymentFields>
            id={formId}
            form={form}
            layout="horizontal"
            labelCol={{ flex: '112px' }}
            requiredMark={false}
            disabled={locked || !view.feesEnabled}
            initialValues={view.info ?? {}}
            onFinish={(v) => void save(v)}
          >
            <Form.Item name="transferRef" label="流水号/附言" rules={[paymentRule('transferRef')]}>
              <Input placeholder="银行回单上的交易流水号，或汇款时填写的附言" maxLength={64} />
            </Form.Item>
            <Form.Item label={PAYMENT_SLIP_KIND} required>
              <Space>
                <Button onClick={() => void chooseSlip()}>{slipName ? '更换文件' : '选择文件'}</Button>
                <Typography.Text type={slipName ? undefined : 'secondary'} data-testid="payment-slip">
                  {slipName ?? '银行回单的照片或 PDF'}
                </Typography.Text>
              </Space>
            </Form.Item>
            <Typography.Title level={5} style={{ margin: '4px 0 12px' }}>
              收据、资料领取信息
            </Typography.Title>
            <Form.Item name="receiptTitle" label="收据抬头" rules={[paymentRule('receiptTitle')]}>
              <Input placeholder="开收据的单位全称" maxLength={100} />
            </Form.Item>
            <Form.Item name="taxpayerId" label="纳税人识别号" rules={[paymentRule('taxpayerId')]} tooltip="统一社会信用代码，18 位，见单位的法人证书。">
              <Input maxLength={24} placeholder="18 位统一社会信用代码" />
            </Form.Item>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="pickupName" label="领取人" rules={[paymentRule('pickupName')]}>
                  <Input maxLength={30} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="pickupPhone" label="联系电话" labelCol={{ flex: '80px' }} rules={[paymentRule('pickupPhone')]}>
                  <Input maxLength={24} placeholder="手机号或 0771-1234567" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="mailingAddress" label="邮寄地址" rules={[paymentRule('mailingAddress')]}>
              <Input maxLength={200} placeholder="收据和考试资料寄到的地址" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
