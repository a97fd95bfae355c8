import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import type { ReviewBatchesResponse, UserView } from '../../src-shared/contract/sync-api.js';
import { chinaMinute } from '../../src-shared/china-time.js';
import { callApi } from '../api/console-client.js';
import { downloadExport, EXPORT_TITLE, type ExportFilter, type ExportKind } from './export-buttons.js';
import { BatchPersons } from './BatchPersons.js';
import { PaymentDrawer } from './payment/PaymentDrawer.js';
import { PaymentTag } from './payment/payment-status.js';

type BatchRow = ReviewBatchesResponse['batches'][number];

/**
 * Every batch in the reviewer's jurisdiction (all of them for an administrator) with where its people
 * stand, and the lists an office hands on: approved people for the exam and certificate office,
 * rejected people with the reasons — per batch or for a period. 查看人员 opens a batch's people, each
 * of whom opens read-only.
 */
export function BatchesPage({ user }: { user: UserView }) {
  const { message } = AntApp.useApp();
  const [batches, setBatches] = useState<BatchRow[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [period, setPeriod] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const [openBatch, setOpenBatch] = useState<string>();
  const [paymentOf, setPaymentOf] = useState<string>();
  // 交费 (issue 19): the server sends each batch's payment only where fees are on.
  const feesOn = (batches ?? []).some((b) => b.payment !== undefined);
  const paymentBatch = batches?.find((b) => b.batchId === paymentOf && b.payment !== undefined);

  const load = useCallback(async () => {
    const r = await callApi('GET /review/batches', {});
    if (r.ok) {
      setBatches(r.value.batches);
      setError(undefined);
    } else setError(r.error.message);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const exportNow = async (kind: ExportKind, filter: ExportFilter, label: string) => {
    setBusy(label);
    const r = await downloadExport(kind, filter);
    setBusy(undefined);
    if (r.ok) message.success(`已导出：${r.value}`);
    else message.error(r.error.message);
  };
  const personsButton = (b: BatchRow) => (
    <Button size="small" onClick={() => setOpenBatch(b.batchId)}>
      查看人员
    </Button>
  );
  const exportButtons = (b: BatchRow) => (
    <>
      <Button size="small" disabled={b.approved === 0} loading={busy === `${b.batchId}-approved`} onClick={() => void exportNow('approved', { batchId: b.batchId, batchNumber: b.number }, `${b.batchId}-approved`)}>
        通过名单
      </Button>
      <Button size="small" disabled={b.rejected === 0} loading={busy === `${b.batchId}-rejected`} onClick={() => void exportNow('rejected', { batchId: b.batchId, batchNumber: b.number }, `${b.batchId}-rejected`)}>
        驳回名单
      </Button>
    </>
  );
  const periodBad = period.from !== '' && period.to !== '' && period.from > period.to;

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        批次与导出
      </Typography.Title>
      <Card size="small" title="按时间段导出" style={{ marginBottom: 16 }}>
        <Space wrap>
          <span>审核时间从</span>
          <Input type="date" aria-label="开始日期" value={period.from} onChange={(e) => setPeriod((p) => ({ ...p, from: e.target.value }))} style={{ width: 160 }} />
          <span>到</span>
          <Input type="date" aria-label="结束日期" value={period.to} onChange={(e) => setPeriod((p) => ({ ...p, to: e.target.value }))} style={{ width: 160 }} />
          {(['approved', 'rejected'] as const).map((kind) => (
            <Button
              key={kind}
              disabled={periodBad}
              loading={busy === `period-${kind}`}
              onClick={() => void exportNow(kind, { from: period.from || undefined, to: period.to || undefined }, `period-${kind}`)}
            >
              导出{EXPORT_TITLE[kind]}
            </Button>
          ))}
          <Typography.Text type="secondary">不填日期即导出全部。通过名单只含终审通过的人员，供考试和发证部门使用。</Typography.Text>
        </Space>
        {periodBad && <Alert type="error" showIcon style={{ marginTop: 8 }} title="开始日期晚于结束日期，请改正后再导出。" />}
      </Card>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} action={<Button onClick={() => void load()}>重试</Button>} />}
      <Table<BatchRow>
        size="small"
        rowKey="batchId"
        loading={!batches && !error}
        dataSource={batches ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${n} 个批次` }}
        columns={[
          { title: '批次编号', dataIndex: 'number', render: (n: string) => <span className="console-nowrap">{n}</span> },
          { title: '批次名称', dataIndex: 'name' },
          { title: '执法单位', dataIndex: 'unitName' },
          { title: '提交时间', dataIndex: 'submittedAt', render: (t: string) => <span className="console-nowrap">{chinaMinute(t)}</span> },
          { title: '人数', dataIndex: 'total', width: 60 },
          ...(user.role === 'reviewer' ? [{ title: '待我审核', dataIndex: 'pendingHere', width: 80, render: (n: number) => (n > 0 ? <Tag color="blue">{n}</Tag> : 0) }] : []),
          { title: '其他级别审核中', dataIndex: 'pendingElsewhere', width: 124 },
          { title: '已通过', dataIndex: 'approved', width: 70, render: (n: number) => (n > 0 ? <Tag color="green">{n}</Tag> : 0) },
          { title: '已驳回', dataIndex: 'rejected', width: 70, render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0) },
          ...(feesOn
            ? [
                {
                  title: '交费',
                  key: 'payment',
                  width: 84,
                  render: (_: unknown, b: BatchRow) =>
                    b.payment && (
                      <Button type="text" aria-label={`批次 ${b.number} 的交费`} onClick={() => setPaymentOf(b.batchId)} style={{ height: 'auto', padding: '2px 4px' }}>
                        <PaymentTag payment={b.payment} />
                      </Button>
                    ),
                },
              ]
            : []),
          // With 交费 the table has no room for both: the people and the two lists go into one column, stacked.
          ...(feesOn
            ? [{ title: '操作', key: 'actions', width: 100, render: (_: unknown, b: BatchRow) => <Space orientation="vertical" size={4}>{personsButton(b)}{exportButtons(b)}</Space> }]
            : [
                { title: '人员', key: 'persons', render: (_: unknown, b: BatchRow) => personsButton(b) },
                { title: '导出', key: 'export', render: (_: unknown, b: BatchRow) => <Space>{exportButtons(b)}</Space> },
              ]),
        ]}
      />
      <BatchPersons batchId={openBatch} user={user} onClose={() => setOpenBatch(undefined)} />
      <PaymentDrawer
        batch={paymentBatch?.payment ? { ...paymentBatch, payment: paymentBatch.payment } : undefined}
        user={user}
        onClose={() => setPaymentOf(undefined)}
        onChanged={() => void load()}
      />
    </>
  );
}
