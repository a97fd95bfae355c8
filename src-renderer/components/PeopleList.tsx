import { memo, useCallback, useMemo, useState } from 'react';
import { Alert, Input, Space, Table, Tag, type TableColumnsType } from 'antd';
import { PERSON_STATUS_LABEL, type PersonRow } from '../../src-shared/contract/desktop-api.js';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';

/**
 * A batch's people, a page at a time, with the search by 身份证号 prefix or name. Its own memoised
 * component with constant columns, so a search or a page change re-renders only this table
 * (bench:list: a whole-page re-render per keystroke cost more than the query itself); the spinner
 * shows only when an answer is slow, and rows are keyed by their place on the page, so a new page
 * updates the 50 rows' text instead of replacing them.
 */
const COLUMNS: TableColumnsType<PersonRow> = [
  { title: '行', dataIndex: 'rowNumber', width: 60 },
  { title: '姓名', dataIndex: 'name', width: 110 },
  { title: '身份证号', dataIndex: 'idNumber', width: 190 },
  { title: '性别', dataIndex: 'gender', width: 60 },
  { title: '所在单位', dataIndex: 'agency' },
  {
    title: '问题',
    dataIndex: 'errorCount',
    width: 110,
    render: (n: number, p: PersonRow) => (n > 0 ? <Tag color="red">{n} 个错误</Tag> : p.warningCount > 0 ? <Tag color="orange">{p.warningCount} 个提醒</Tag> : <Tag color="green">无</Tag>),
  },
  { title: '状态', dataIndex: 'status', width: 100, render: (s: PersonRow['status']) => PERSON_STATUS_LABEL[s] },
];
const PAGE_SIZE = 50;

export const PeopleList = memo(function PeopleList({ batchId, version, onOpen }: { batchId: string; version: number; onOpen: (personId: number) => void }) {
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const people = useCall(() => api['persons.query']({ batchId, text, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }), [batchId, text, page, version], { loadingDelayMs: 300 });
  const rows = people.value?.rows;
  const rowKey = useMemo(() => {
    const at = new Map((rows ?? []).map((r, i) => [r, i]));
    return (r: PersonRow) => at.get(r) ?? r.id;
  }, [rows]);
  const onRow = useCallback((p: PersonRow) => ({ onClick: () => onOpen(p.id), style: { cursor: 'pointer' } }), [onOpen]);
  const total = people.value?.total ?? 0;
  const pagination = useMemo(() => ({ current: page, pageSize: PAGE_SIZE, total, onChange: setPage, showSizeChanger: false, showTotal: (t: number) => `共有 ${t} 条数据` }), [page, total]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search placeholder="按身份证号或姓名查找" allowClear onSearch={(v) => { setText(v); setPage(1); }} style={{ maxWidth: 320 }} />
      {people.error && <Alert type="error" message={people.error.message} />}
      <Table<PersonRow> rowKey={rowKey} size="small" tableLayout="fixed" loading={people.loading} dataSource={rows ?? []} onRow={onRow} pagination={pagination} columns={COLUMNS} />
    </Space>
  );
});
