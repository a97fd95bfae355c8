import { useState } from 'react';
import { Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PERSON_STATUS_LABEL } from '../../src-shared/contract/desktop-api.js';
import type { PersonSearchRow } from '../../src-shared/contract/desktop-records-api.js';
import { api } from '../api/desktop-client.js';
import { emptyText, isFiltered, ListError, PersonView, SearchForm, showDay, STATUS_COLOR, usePagedList } from './records-shared.js';

/**
 * 人员查询 (使用说明书 3.5): every person of every batch of this unit — where the application stands
 * (审核状态, who reviews next, the comment of a return) and the training (学习账号, 学习状态, 考试成绩).
 */
export function QueryPage() {
  const { list, filter, offset, pagination, search } = usePagedList((q) => api['persons.search'](q));
  const [viewing, setViewing] = useState<PersonSearchRow>();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        本单位所有批次的人员，以及审核和培训的情况。被退回的人员请到“人员退回”中修改。
      </Typography.Paragraph>
      <SearchForm onSearch={search} withStatus />
      <ListError message={list.error?.message} />
      <Table<PersonSearchRow>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.value?.rows ?? []}
        pagination={pagination}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '序号', key: 'seq', width: 60, fixed: 'start', render: (_v, _r, i) => offset + i + 1 },
          { title: '姓名', dataIndex: 'name', fixed: 'start' },
          { title: '身份证号', dataIndex: 'idNumber' },
          { title: '性别', dataIndex: 'gender', width: 60 },
          { title: '所在单位', dataIndex: 'agency' },
          { title: '考试类别', dataIndex: 'examCategory' },
          { title: '批次号', dataIndex: 'batchNumber', render: (n: string, r) => <span title={r.batchName}>{n}</span> },
          { title: '申请日期', dataIndex: 'appliedAt', render: (t: string) => showDay(t) || '—' },
          {
            title: '审核状态',
            dataIndex: 'status',
            render: (s: PersonSearchRow['status'], r) => {
              const tag = <Tag color={STATUS_COLOR[s]}>{PERSON_STATUS_LABEL[s]}</Tag>;
              const tip = s === 'rejected' ? `审核意见：${r.reviewComment || '无'}` : r.pendingAt ? `待 ${r.pendingAt}` : '';
              return tip ? <Tooltip title={tip}>{tag}</Tooltip> : tag;
            },
          },
          { title: '学习账号', dataIndex: 'studyUsername', render: (u: string) => u || <Typography.Text type="secondary">未开通</Typography.Text> },
          { title: '学习状态', dataIndex: 'studyStatus', render: (t: string) => t || '—' },
          {
            title: '考试成绩',
            dataIndex: 'examScore',
            render: (score: string, r) =>
              score ? (
                <Space size={4}>
                  {score}
                  {r.examPassed && <Tag color={r.examPassed === '是' ? 'green' : 'red'}>{r.examPassed === '是' ? '通过' : '未通过'}</Tag>}
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: '操作',
            key: 'view',
            fixed: 'end',
            render: (_v, r) => (
              <Button size="small" onClick={() => setViewing(r)}>
                查看
              </Button>
            ),
          },
        ]}
        locale={{ emptyText: emptyText(isFiltered(filter), '还没有人员。请先在“人员导入”中导入填好的采集表，或逐个添加人员。') }}
      />
      <PersonView
        personId={viewing?.id}
        onClose={() => setViewing(undefined)}
        extra={
          viewing
            ? [
                { label: '批次', value: `${viewing.batchName}（${viewing.batchNumber}）` },
                { label: '申请日期', value: showDay(viewing.appliedAt) || '尚未提交' },
                { label: '学习账号', value: viewing.studyUsername || '未开通' },
                { label: '学习状态', value: viewing.studyStatus || '—' },
              ]
            : []
        }
      />
    </Space>
  );
}
