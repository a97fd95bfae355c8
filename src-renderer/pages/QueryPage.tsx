import { useState } from 'react';
import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import { PERSON_STATUS_LABEL } from '../../src-shared/contract/desktop-api.js';
import type { PersonSearchRow } from '../../src-shared/contract/desktop-records-api.js';
import { api } from '../api/desktop-client.js';
import { RecordList } from './RecordList.js';
import { ellipsis, nowrap, renderTipped, tipped } from '../components/table-cells.js';
import { PersonView, showDay, STATUS_COLOR } from './records-shared.js';
import { PersonCourses } from '../training/PersonCourses.js';

/**
 * 人员查询 (使用说明书 3.5): every person of every batch of this unit — where the application stands
 * (审核状态, who reviews next, the comment of a return) and the training (学习账号, 学习状态, 考试成绩);
 * 查看 also shows the 培训课程 set for the person's 考试类别 and their progress (issue 19).
 */
export function QueryPage() {
  const [viewing, setViewing] = useState<PersonSearchRow>();
  return (
    <RecordList<PersonSearchRow>
      intro="本单位所有批次的人员，以及审核和培训的情况。被退回的人员请到“人员退回”中修改。"
      fetch={(q) => api['persons.search'](q)}
      rowKey="id"
      withStatus
      columns={[
        { title: '身份证号', dataIndex: 'idNumber', width: 162, ...nowrap },
        { title: '性别', dataIndex: 'gender', width: 52, ...nowrap },
        { title: '所在单位', dataIndex: 'agency', ...ellipsis, render: renderTipped },
        { title: '考试类别', dataIndex: 'examCategory', width: 80, ...ellipsis, render: renderTipped },
        { title: '批次号', dataIndex: 'batchNumber', width: 96, ...ellipsis, render: (n: string, r) => tipped(n, `${r.batchName}（${n}）`) },
        { title: '申请日期', dataIndex: 'appliedAt', width: 96, ...nowrap, render: (t: string) => showDay(t) || '—' },
        {
          title: '审核状态',
          dataIndex: 'status',
          width: 110,
          ...nowrap,
          render: (s: PersonSearchRow['status'], r) => {
            const tag = <Tag color={STATUS_COLOR[s]}>{PERSON_STATUS_LABEL[s]}</Tag>;
            const tip = s === 'rejected' ? `审核意见：${r.reviewComment || '无'}` : r.pendingAt ? `待 ${r.pendingAt}` : '';
            return tip ? <Tooltip title={tip}>{tag}</Tooltip> : tag;
          },
        },
        { title: '学习账号', dataIndex: 'studyUsername', width: 96, ...ellipsis, render: (u: string) => (u ? tipped(u) : <Typography.Text type="secondary">未开通</Typography.Text>) },
        { title: '学习状态', dataIndex: 'studyStatus', width: 80, ...nowrap, render: (t: string) => t || '—' },
        {
          title: '考试成绩',
          dataIndex: 'examScore',
          width: 96,
          ...nowrap,
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
          width: 72,
          ...nowrap,
          render: (_v, r) => (
            <Button size="small" onClick={() => setViewing(r)}>
              查看
            </Button>
          ),
        },
      ]}
      nothingYet="还没有人员。请先在“人员导入”中导入填好的采集表，或逐个添加人员。"
    >
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
      >
        {viewing && <PersonCourses personId={viewing.id} />}
      </PersonView>
    </RecordList>
  );
}
