import { useState } from 'react';
import { Alert, Button, Input, Space, Table, Tag } from 'antd';
import { BATCH_STATUS_LABEL, PERSON_STATUS_LABEL, type BatchSummaryView, type PersonRow } from '../../src-shared/contract/desktop-api.js';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';


/** 人员导入: the manual's batch table with its buttons, and the chosen batch's people, a page at a time. */
export function ImportPage() {
  const batches = useCall(() => api['batches.list'](undefined), []);
  const [batchId, setBatchId] = useState<string>();
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const pageSize = 50;
  const people = useCall(
    () => (batchId ? api['persons.query']({ batchId, text, offset: (page - 1) * pageSize, limit: pageSize }) : Promise.resolve({ ok: true as const, value: { total: 0, rows: [] } })),
    [batchId, text, page],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        {['添加', '模板', '照片导入', '导入', '佐证资料'].map((b) => (
          <Button key={b} disabled title="即将提供">
            {b}
          </Button>
        ))}
      </Space>
      {batches.error && <Alert type="error" message={batches.error.message} />}
      <Table<BatchSummaryView>
        rowKey="id"
        size="small"
        loading={batches.loading}
        dataSource={batches.value ?? []}
        pagination={false}
        onRow={(b) => ({ onClick: () => { setBatchId(b.id); setPage(1); }, style: { cursor: 'pointer' } })}
        rowClassName={(b) => (b.id === batchId ? 'ant-table-row-selected' : '')}
        columns={[
          { title: '序号', render: (_v, _b, i) => i + 1, width: 60 },
          { title: '批次名称', dataIndex: 'name' },
          { title: '批次号', dataIndex: 'number' },
          { title: '数量', dataIndex: 'persons' },
          { title: '有错误', dataIndex: 'invalid', render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0) },
          { title: '状态', dataIndex: 'status', render: (s: BatchSummaryView['status']) => BATCH_STATUS_LABEL[s] },
          { title: '上级单位', dataIndex: 'parentUnit' },
          { title: '添加单位', dataIndex: 'unit' },
          { title: '采集时间', dataIndex: 'createdAt', render: (t: string) => t.slice(0, 19).replace('T', ' ') },
        ]}
        locale={{ emptyText: '还没有批次：点“导入”导入填好的采集表。' }}
      />
      {batchId && (
        <>
          <Input.Search placeholder="按身份证号或姓名查找" allowClear onSearch={(v) => { setText(v); setPage(1); }} style={{ maxWidth: 320 }} />
          {people.error && <Alert type="error" message={people.error.message} />}
          <Table<PersonRow>
            rowKey="id"
            size="small"
            loading={people.loading}
            dataSource={people.value?.rows ?? []}
            pagination={{ current: page, pageSize, total: people.value?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共有 ${t} 条数据` }}
            columns={[
              { title: '行', dataIndex: 'rowNumber', width: 60 },
              { title: '姓名', dataIndex: 'name' },
              { title: '身份证号', dataIndex: 'idNumber' },
              { title: '性别', dataIndex: 'gender', width: 60 },
              { title: '所在单位', dataIndex: 'agency' },
              { title: '问题', dataIndex: 'errorCount', render: (n: number, p) => (n > 0 ? <Tag color="red">{n} 个错误</Tag> : p.warningCount > 0 ? <Tag color="orange">{p.warningCount} 个提醒</Tag> : <Tag color="green">无</Tag>) },
              { title: '状态', dataIndex: 'status', render: (s: PersonRow['status']) => PERSON_STATUS_LABEL[s] },
            ]}
          />
        </>
      )}
    </Space>
  );
}
