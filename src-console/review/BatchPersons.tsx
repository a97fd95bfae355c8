import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Drawer, Input, Space, Table, Tag, Typography } from 'antd';
import { reviewStepName, type ReviewBatchPerson, type ReviewBatchPersonsResponse, type UserView } from '../../src-shared/contract/sync-api.js';
import { chinaMinute } from '../../src-shared/china-time.js';
import { callApi } from '../api/console-client.js';
import { statusText } from './decide.js';
import { PersonReview } from './PersonReview.js';

const STATUS_COLOR: Record<string, string> = { submitted: 'blue', county_approved: 'cyan', approved: 'green', rejected: 'red' };

/** Why the person opened from here cannot be decided on. */
function readOnlyReason(user: UserView): string {
  return user.role === 'admin'
    ? '管理员只能查看人员，不能审核：通过和驳回由各司法局的审核人员在“待审核人员”里进行。'
    : '从“批次与导出”打开的人员只能查看；要通过或驳回，请到“待审核人员”。';
}

/**
 * A batch's people with where each stands, opened from 批次与导出 (reviewers: their scope;
 * administrators: any batch). A name opens the person read-only; J/K move through this list.
 */
export function BatchPersons({ batchId, user, onClose }: { batchId: string | undefined; user: UserView; onClose: () => void }) {
  const [data, setData] = useState<{ value?: ReviewBatchPersonsResponse; error?: string }>({});
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<number>();

  useEffect(() => {
    if (batchId === undefined) return;
    let live = true;
    setData({});
    setSearch('');
    void callApi('GET /review/batches/:batchId/persons', undefined, { batchId }).then((r) => {
      if (live) setData(r.ok ? { value: r.value } : { error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [batchId]);

  const visible = useMemo(() => {
    const q = search.trim().toUpperCase();
    const all = data.value?.persons ?? [];
    return q ? all.filter((p) => p.name.includes(q) || p.idNumber.includes(q)) : all;
  }, [data.value, search]);
  const openIndex = visible.findIndex((p) => p.personId === open);
  const b = data.value?.batch;

  return (
    <>
      <Drawer
        open={batchId !== undefined}
        onClose={onClose}
        size="min(1000px, 92vw)"
        title={b ? `批次 ${b.number}（${b.name}）· ${b.unitName}` : '批次人员'}
      >
        {data.error && <Alert type="error" showIcon title={data.error} />}
        <Space style={{ marginBottom: 12 }} wrap>
          <Input.Search allowClear placeholder="按姓名或身份证号码查找" aria-label="按姓名或身份证号码查找" value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 260 }} />
          <Typography.Text type="secondary">点姓名查看此人的报名信息、照片、佐证资料和审核记录（只能查看）。</Typography.Text>
        </Space>
        <Table<ReviewBatchPerson>
          size="small"
          rowKey="personId"
          data-testid="batch-persons"
          loading={!data.value && !data.error}
          dataSource={visible}
          pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (n) => `共 ${n} 人` }}
          columns={[
            {
              title: '姓名',
              dataIndex: 'name',
              render: (name: string, p) => (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(p.personId)}>
                  {name}
                </Button>
              ),
            },
            { title: '身份证号码', dataIndex: 'idNumber', width: 190, render: (v: string) => <span className="console-id">{v}</span> },
            { title: '状态', dataIndex: 'status', render: (s: string, p) => <Tag color={STATUS_COLOR[s]}>{statusText(s, p.pendingAt)}</Tag> },
            {
              title: '等待审核',
              key: 'pendingAt',
              render: (_: unknown, p) => (p.pendingAt ? `${p.pendingAt.jurisdiction}（${reviewStepName(p.pendingAt.level, p.pendingAt.kind)}）` : '—'),
            },
            { title: '提交', dataIndex: 'version', width: 90, render: (v: number) => `第 ${v} 次` },
            { title: '提交时间', dataIndex: 'submittedAt', width: 150, render: (t: string) => <span className="console-nowrap">{chinaMinute(t)}</span> },
          ]}
        />
      </Drawer>
      <PersonReview
        personId={open}
        position={openIndex >= 0 ? `${openIndex + 1} / ${visible.length}` : '只读'}
        readOnly={{ reason: readOnlyReason(user) }}
        onClose={() => setOpen(undefined)}
        onMove={(step) => {
          const next = visible[openIndex + step];
          if (next) setOpen(next.personId);
        }}
      />
    </>
  );
}
