import { useEffect, useRef } from 'react';
import { Empty, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReviewListItem } from '../../../src-shared/contract/sync-api.js';
import { chinaMinute } from '../../../src-shared/china-time.js';
import { arrivalTag } from './since-last-visit.js';

export const QUEUE_PAGE_SIZE = 50;

/** A cut cell whose whole text shows in a tooltip (one line per person at 1366 wide). */
function cut(text: string) {
  return (
    <Tooltip title={text} placement="topLeft">
      <span>{text}</span>
    </Tooltip>
  );
}

function columns(lastVisitAt: string | null, onOpen: (personId: number) => void): ColumnsType<ReviewListItem> {
  return [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 150,
      ellipsis: { showTitle: false },
      render: (name: string, p) => {
        const tag = arrivalTag(p, lastVisitAt);
        return (
          <>
            <a
              href={`#person-${p.personId}`}
              onClick={(e) => {
                e.preventDefault();
                onOpen(p.personId);
              }}
            >
              {name}
            </a>
            {tag && (
              <Tag color={tag === '新' ? 'green' : 'orange'} style={{ marginLeft: 6, marginInlineEnd: 0 }} data-testid="arrival-tag">
                {tag}
              </Tag>
            )}
          </>
        );
      },
    },
    { title: '身份证号', dataIndex: 'idNumber', width: 176, className: 'queue-nowrap' },
    { title: '性别', dataIndex: 'gender', width: 52 },
    { title: '执法单位', dataIndex: 'unitName', ellipsis: { showTitle: false }, render: cut },
    { title: '批次编号', dataIndex: 'batchNumber', width: 184, ellipsis: { showTitle: false }, render: cut },
    {
      title: '提交时间',
      dataIndex: 'submittedAt',
      width: 96,
      ellipsis: { showTitle: false },
      // The year is known; the whole time, and when the person reached this level, in the tooltip.
      render: (t: string, p) => (
        <Tooltip title={`提交：${chinaMinute(t)}${p.arrivedAt !== t ? `；到达本级：${chinaMinute(p.arrivedAt)}` : ''}`} placement="topLeft">
          <span>{chinaMinute(t).slice(5)}</span>
        </Tooltip>
      ),
    },
    { title: '提交次数', dataIndex: 'version', width: 84, render: (v: number) => (v > 1 ? <Tag color="orange">第 {v} 次</Tag> : '首次') },
    { title: '提醒', dataIndex: 'warningCount', width: 64, render: (n: number) => (n > 0 ? <Tag color="orange">{n} 条</Tag> : '') },
  ];
}

/**
 * The queue's people, one line each. The cursor (the row J/K move, marked by a bar and its own colour)
 * is not the checkbox selection (antd's blue): X ticks the cursor's box. The page follows the cursor,
 * and the cursor's row is scrolled into view whenever it moves.
 */
export function QueueTable({ rows, cursorId, selected, lastVisitAt, loading, emptyText, onCursor, onOpen, onSelect }: {
  rows: readonly ReviewListItem[];
  cursorId: number | undefined;
  selected: readonly number[];
  lastVisitAt: string | null;
  loading: boolean;
  emptyText: string;
  onCursor: (personId: number) => void;
  onOpen: (personId: number) => void;
  onSelect: (personIds: number[]) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const index = rows.findIndex((p) => p.personId === cursorId);
  const page = index >= 0 ? Math.floor(index / QUEUE_PAGE_SIZE) + 1 : 1;

  useEffect(() => {
    if (cursorId === undefined) return;
    // At the first row the toolbar and the summary above it come back into view too.
    if (index === 0) window.scrollTo({ top: 0 });
    else box.current?.querySelector(`tr[data-row-key="${cursorId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [cursorId, page, index]);

  return (
    <div ref={box} data-testid="queue-table">
      <Table<ReviewListItem>
        size="small"
        rowKey="personId"
        tableLayout="fixed"
        dataSource={rows as ReviewListItem[]}
        loading={loading}
        pagination={{
          current: page,
          pageSize: QUEUE_PAGE_SIZE,
          showSizeChanger: false,
          showTotal: (n) => `共 ${n} 人`,
          // Turning the page takes the cursor along, so keys act on what is shown.
          onChange: (p) => {
            const first = rows[(p - 1) * QUEUE_PAGE_SIZE];
            if (first) onCursor(first.personId);
          },
        }}
        locale={{ emptyText: <Empty description={emptyText} /> }}
        rowSelection={{ selectedRowKeys: [...selected], onChange: (keys) => onSelect(keys as number[]), columnWidth: 36 }}
        rowClassName={(p) => (p.personId === cursorId ? 'queue-cursor' : '')}
        onRow={(p) => ({
          onClick: () => onCursor(p.personId),
          onDoubleClick: () => onOpen(p.personId),
          'aria-current': p.personId === cursorId ? 'true' : undefined,
        })}
        columns={columns(lastVisitAt, onOpen)}
      />
    </div>
  );
}
