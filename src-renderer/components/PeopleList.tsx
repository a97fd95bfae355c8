import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Input, Popconfirm, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import type { PersonRow } from '../../src-shared/contract/desktop-api.js';
import { personStatusWord } from '../../src-shared/status-words.js';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';

/**
 * A batch's people, a page at a time, with the search by 身份证号 prefix or name. Its own memoised
 * component with constant columns, so a search or a page change re-renders only this table
 * (bench:list: a whole-page re-render per keystroke cost more than the query itself); the spinner
 * shows only when an answer is slow, and rows are keyed by their place on the page, so a new page
 * updates the 50 rows' text instead of replacing them.
 */
/** The photo's errors count with the row's; when they are all there is, the tag says so in words. */
function errorTag(n: number, p: PersonRow) {
  const photo = p.photoErrors ?? 0;
  if (photo === n) return <Tag color="red">{p.hasPhoto === false ? '缺少照片' : '照片不符'}</Tag>;
  const tag = <Tag color="red">{n} 个错误</Tag>;
  if (photo === 0) return tag;
  return <Tooltip title={p.hasPhoto === false ? '其中 1 个是缺少照片，详见“问题清单”' : `其中 ${photo} 个是照片的问题，详见“问题清单”`}>{tag}</Tooltip>;
}

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
    render: (n: number, p: PersonRow) => (n > 0 ? errorTag(n, p) : p.warningCount > 0 ? <Tag color="orange">{p.warningCount} 个提醒</Tag> : <Tag color="green">无</Tag>),
  },
  { title: '状态', dataIndex: 'status', width: 100, render: (_: PersonRow['status'], p: PersonRow) => personStatusWord(p) },
];

/**
 * 操作: 删除 for a person never sent (未提交), behind a confirmation. Its clicks, the confirmation's
 * included (React passes events from the popup up through the cell), stop at the cell, so they never
 * open the person's form.
 */
function deleteColumn(remove: (p: PersonRow) => void): TableColumnsType<PersonRow>[number] {
  return {
    title: '操作',
    key: 'actions',
    width: 70,
    render: (_v, p) =>
      p.status === 'draft' ? (
        <span onClick={(e) => e.stopPropagation()}>
          <Popconfirm
            title={`删除 ${p.name || '（无姓名）'}${p.idNumber ? `（${p.idNumber}）` : ''}？`}
            description="此人的信息和照片将从本机删除，不能恢复。"
            okText="删除"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => remove(p)}
          >
            <Button type="link" size="small" danger style={{ padding: 0 }}>
              删除
            </Button>
          </Popconfirm>
        </span>
      ) : null,
  };
}
const PAGE_SIZE = 50;

export const PeopleList = memo(function PeopleList({
  batchId,
  version,
  onOpen,
  onDeleted,
}: {
  batchId: string;
  version: number;
  onOpen: (personId: number) => void;
  /** A person was deleted: the batch's counts (and this list, through `version`) are to be loaded again. */
  onDeleted: () => void;
}) {
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const [deleteError, setDeleteError] = useState<string>();
  const columns = useMemo(
    () => [
      ...COLUMNS,
      deleteColumn((p) => {
        void api['persons.delete']({ personId: p.id }).then((r) => {
          setDeleteError(r.ok ? undefined : r.error.message);
          if (r.ok) onDeleted();
        });
      }),
    ],
    [onDeleted],
  );
  const people = useCall(() => api['persons.query']({ batchId, text, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }), [batchId, text, page, version], { loadingDelayMs: 300 });
  const rows = people.value?.rows;
  const rowKey = useMemo(() => {
    const at = new Map((rows ?? []).map((r, i) => [r, i]));
    return (r: PersonRow) => at.get(r) ?? r.id;
  }, [rows]);
  const onRow = useCallback((p: PersonRow) => ({ onClick: () => onOpen(p.id), style: { cursor: 'pointer' } }), [onOpen]);
  const total = people.value?.total ?? 0;
  // The last person of the last page deleted: show the page before instead of an empty one.
  const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
  useEffect(() => {
    if (people.value && page > lastPage) setPage(lastPage);
  }, [people.value, page, lastPage]);
  const pagination = useMemo(() => ({ current: page, pageSize: PAGE_SIZE, total, onChange: setPage, showSizeChanger: false, showTotal: (t: number) => `共有 ${t} 条数据` }), [page, total]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search placeholder="按身份证号或姓名查找" allowClear onSearch={(v) => { setText(v); setPage(1); }} style={{ maxWidth: 320 }} />
      {people.error && <Alert type="error" message={people.error.message} />}
      {deleteError && <Alert type="error" showIcon closable message={deleteError} onClose={() => setDeleteError(undefined)} />}
      <Table<PersonRow> rowKey={rowKey} size="small" tableLayout="fixed" loading={people.loading} dataSource={rows ?? []} onRow={onRow} pagination={pagination} columns={columns} />
    </Space>
  );
});
