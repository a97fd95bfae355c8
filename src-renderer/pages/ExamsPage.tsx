import { Space, Tag, Typography } from 'antd';
import type { ExamScoreRow } from '../../src-shared/contract/desktop-records-api.js';
import { api } from '../api/desktop-client.js';
import { RecordList } from './RecordList.js';
import { ellipsis, nowrap, renderTipped, shortTime } from '../components/table-cells.js';
import { ExamTasksTable } from '../exams/ExamTasksTable.js';

/**
 * 考试信息 (使用说明书 四、考试信息管理): the table of exams (考试信息查询) at the top, then this unit's
 * people's exam scores (人员考试成绩), the manual's columns.
 */
export function ExamsPage() {
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={5} style={{ margin: 0 }}>
        考试任务
      </Typography.Title>
      <ExamTasksTable />
      <Typography.Title level={5} style={{ margin: 0 }}>
        人员考试成绩
      </Typography.Title>
      <ExamScores />
    </Space>
  );
}

function ExamScores() {
  return (
    <RecordList<ExamScoreRow>
      intro="人员考试成绩：本单位参加考试人员的成绩，每次“同步”时从服务器更新。"
      fetch={(q) => api['examScores.list'](q)}
      rowKey="seq"
      compact
      columns={[
        // Widths that hold all the manual's columns at 1366×768; times without the year (in the tooltip).
        { title: '身份证号', dataIndex: 'idNumber', width: 154, ...nowrap },
        { title: '手机号', dataIndex: 'phone', width: 98, ...nowrap },
        { title: '所属地区', dataIndex: 'region', width: 66, ...ellipsis, render: renderTipped },
        { title: '工作单位', dataIndex: 'unitName', ...ellipsis, render: renderTipped },
        { title: '更新时间', dataIndex: 'updatedAt', width: 92, ...nowrap, render: shortTime },
        { title: '是否通过', dataIndex: 'passed', width: 66, ...nowrap, render: (p: string) => (p ? <Tag color={p === '是' ? 'green' : p === '否' ? 'red' : 'default'}>{p}</Tag> : '') },
        { title: '考试成绩', dataIndex: 'score', width: 66, ...nowrap },
        { title: '考试时长', dataIndex: 'duration', width: 66, ...nowrap },
        { title: '正式考试次数', dataIndex: 'attempts', width: 94, ...nowrap },
        { title: '开始考试时间', dataIndex: 'startedAt', width: 94, ...nowrap, render: shortTime },
        { title: '考试结束时间', dataIndex: 'endedAt', width: 94, ...nowrap, render: shortTime },
        { title: '同步时间', dataIndex: 'syncedAt', width: 92, ...nowrap, render: shortTime },
      ]}
      nothingYet="还没有考试成绩。考试结束、成绩公布后点“同步”即可看到。"
    />
  );
}
