import type { ReactNode } from 'react';
import { ConfigProvider, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { Result } from '../../src-shared/contract/desktop-api.js';
import { ellipsis, renderTipped } from '../components/table-cells.js';
import { emptyText, isFiltered, ListError, SearchForm, usePagedList, type SearchFilter } from './records-shared.js';

/**
 * The frame the four record screens share: a line saying what the list is, the manual's search row,
 * the main process's error if any, and the paged table led by 序号 and 姓名. Each screen gives its
 * own columns after those and what to say while nothing has come yet.
 */
export interface RecordListProps<T extends { name: string }> {
  intro: string;
  fetch: (q: SearchFilter & { offset: number; limit: number }) => Promise<Result<{ total: number; rows: T[] }>>;
  rowKey: keyof T & string;
  /** The columns after 序号 and 姓名. */
  columns: TableColumnsType<T>;
  /** The empty list's text before anything has arrived: what to do to get some. */
  nothingYet: string;
  /** 审核状态 in the search row (人员查询). */
  withStatus?: boolean;
  /** Drawn after the table (the 查看 drawer). */
  children?: ReactNode;
  /** Buttons above the table that work on the whole search, not this page (人员管理's files). */
  toolbar?: (filter: SearchFilter, total: number) => ReactNode;
  /** Many columns (人员记录, 考试信息): narrower cell padding so they all fit the window. */
  compact?: boolean;
}

export function RecordList<T extends { name: string }>({ intro, fetch, rowKey, columns, nothingYet, withStatus = false, children, toolbar, compact = false }: RecordListProps<T>) {
  const { list, filter, offset, pagination, search } = usePagedList(fetch);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {intro}
      </Typography.Paragraph>
      <SearchForm onSearch={search} withStatus={withStatus} />
      {toolbar?.(filter, list.value?.total ?? 0)}
      <ListError message={list.error?.message} />
      <ConfigProvider theme={compact ? { components: { Table: { cellPaddingInlineSM: 4 } } } : {}}>
      <Table<T>
        rowKey={rowKey}
        size="small"
        loading={list.loading}
        dataSource={list.value?.rows ?? []}
        pagination={pagination}
        // Fixed widths within the window (1366×768): every column shown, long text cut with a tooltip,
        // no sideways scrolling that would hide columns behind the fixed ones.
        tableLayout="fixed"
        columns={[
          { title: '序号', key: 'seq', width: compact ? 44 : 52, render: (_v, _r, i) => offset + i + 1 },
          { title: '姓名', dataIndex: 'name', width: compact ? 68 : 76, ...ellipsis, render: renderTipped },
          ...columns,
        ]}
        locale={{ emptyText: emptyText(isFiltered(filter), nothingYet) }}
      />
      </ConfigProvider>
      {children}
    </Space>
  );
}
