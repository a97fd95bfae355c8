import { useState } from 'react';
import { Alert, App as AntApp, Button, Space, Table, Tag, Tooltip } from 'antd';
import type { DesktopOutput } from '../../src-shared/contract/desktop-api.js';
import { RESUBMITTED_WORD } from '../../src-shared/status-words.js';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';
import { usePullStamp } from '../pull-stamp.js';
import { PersonDrawer } from '../components/PersonDrawer.js';
import { ResubmitButton } from '../components/person-form/ResubmitButton.js';

type Returned = DesktopOutput<'returned.list'>[number];

/**
 * 人员退回: people the judicial bureau returned, with its comment. 修改 opens the form with the
 * comment beside it; saving only saves. 重新提交 (here or in the form) sends a person out again, and
 * nothing else does: a half-done fix never reaches the reviewer.
 */
export function ReturnedPage() {
  const { message } = AntApp.useApp();
  // Listed again after each pull: a return made on the server appears without a click.
  const returned = useCall(() => api['returned.list'](undefined), [usePullStamp()]);
  const [open, setOpen] = useState<{ personId: number; batchId: string }>();
  const [sending, setSending] = useState<number>();
  const [error, setError] = useState<string>();

  const resubmit = async (r: Returned) => {
    setSending(r.personId);
    const res = await api['persons.resubmit']({ personId: r.personId });
    setSending(undefined);
    if (!res.ok) return setError(res.error.message);
    setError(undefined);
    void message.success(`${r.name || '此人'}已重新提交，已加入待提交队列，联网后自动发送审核。`);
    returned.reload();
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {(error ?? returned.error?.message) && <Alert type="error" showIcon closable message={error ?? returned.error?.message} onClose={() => setError(undefined)} />}
      <Table<Returned>
        rowKey="personId"
        size="small"
        loading={returned.loading}
        dataSource={returned.value ?? []}
        pagination={{ pageSize: 50, showTotal: (t) => `共有 ${t} 条数据` }}
        tableLayout="fixed"
        columns={[
          { title: '姓名', dataIndex: 'name', width: 96, ellipsis: { showTitle: true } },
          { title: '身份证号', dataIndex: 'idNumber', width: 176 },
          {
            title: '审核意见',
            dataIndex: 'comment',
            ellipsis: { showTitle: false },
            render: (c: string) => (
              <Tooltip title={c} placement="topLeft">
                {c}
              </Tooltip>
            ),
          },
          { title: '审核人', dataIndex: 'reviewer', width: 150, ellipsis: { showTitle: true } },
          { title: '审核时间', dataIndex: 'reviewedAt', width: 150, render: (t: string) => t.slice(0, 16).replace('T', ' ') },
          {
            title: '状态',
            key: 'state',
            width: 130,
            render: (_v, r) =>
              r.resubmit ? <Tag color="blue">{RESUBMITTED_WORD}</Tag> : r.errorCount > 0 ? <Tag color="red">待修改（{r.errorCount} 个错误）</Tag> : <Tag color="gold">可重新提交</Tag>,
          },
          {
            title: '操作',
            key: 'actions',
            width: 170,
            render: (_v, r) => (
              <Space size="small">
                <Button size="small" onClick={() => setOpen({ personId: r.personId, batchId: r.batchId })}>
                  {r.resubmit ? '查看' : '修改'}
                </Button>
                {!r.resubmit && <ResubmitButton size="small" errorCount={r.errorCount} loading={sending === r.personId} onConfirm={() => void resubmit(r)} />}
              </Space>
            ),
          },
        ]}
        locale={{ emptyText: '没有被退回的人员。' }}
      />
      {open && (
        <PersonDrawer
          open
          batchId={open.batchId}
          personId={open.personId}
          onClose={() => {
            setOpen(undefined);
            returned.reload();
          }}
        />
      )}
    </Space>
  );
}
