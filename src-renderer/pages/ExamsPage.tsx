import { Tag } from 'antd';
import type { ExamScoreRow } from '../../src-shared/contract/desktop-records-api.js';
import { api } from '../api/desktop-client.js';
import { RecordList } from './RecordList.js';

/** 考试信息 (使用说明书 四、考试信息管理, 位置: 人员考试成绩): this unit's people's exam scores, the manual's columns. */
export function ExamsPage() {
  return (
    <RecordList<ExamScoreRow>
      intro="人员考试成绩：本单位参加考试人员的成绩，每次“同步”时从服务器更新。"
      fetch={(q) => api['examScores.list'](q)}
      rowKey="seq"
      wide
      columns={[
        { title: '身份证号', dataIndex: 'idNumber' },
        { title: '手机号', dataIndex: 'phone' },
        { title: '所属地区', dataIndex: 'region' },
        { title: '工作单位', dataIndex: 'unitName' },
        { title: '更新时间', dataIndex: 'updatedAt' },
        { title: '是否通过', dataIndex: 'passed', render: (p: string) => (p ? <Tag color={p === '是' ? 'green' : p === '否' ? 'red' : 'default'}>{p}</Tag> : '') },
        { title: '考试成绩', dataIndex: 'score' },
        { title: '考试时长', dataIndex: 'duration' },
        { title: '正式考试次数', dataIndex: 'attempts' },
        { title: '开始考试时间', dataIndex: 'startedAt' },
        { title: '考试结束时间', dataIndex: 'endedAt' },
        { title: '同步时间', dataIndex: 'syncedAt' },
      ]}
      nothingYet="还没有考试成绩。考试结束、成绩公布后点“同步”即可看到。"
    />
  );
}
