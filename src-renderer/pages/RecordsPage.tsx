import { Tabs, Tag } from 'antd';
import type { StudyRecordRow } from '../../src-shared/contract/desktop-records-api.js';
import { api } from '../api/desktop-client.js';
import { RecordList } from './RecordList.js';
import { ellipsis, nowrap, renderTipped, shortTime } from '../components/table-cells.js';
import { EligibilityList } from '../training/EligibilityList.js';

/**
 * 人员记录 (使用说明书 3.6, 位置: 人员学习记录): this unit's people's study and mock-exam records, the manual's
 * columns; and beside them 培训达标, who may print the 准考证 by those records (issue 19).
 */
export function RecordsPage() {
  return (
    <Tabs
      defaultActiveKey="records"
      items={[
        { key: 'records', label: '学习记录', children: <StudyRecordList /> },
        { key: 'eligibility', label: '培训达标（打印准考证）', children: <EligibilityList /> },
      ]}
    />
  );
}

function StudyRecordList() {
  const duration = (i: number) => (_v: unknown, r: StudyRecordRow) => r.studyDurations[i] ?? '';
  return (
    <RecordList<StudyRecordRow>
      intro="人员学习记录：学员在学习平台上的学习和模拟考试情况，每次“同步”时从服务器更新。"
      fetch={(q) => api['studyRecords.list'](q)}
      rowKey="seq"
      compact
      columns={[
        // Widths that hold all the manual's columns at 1366×768; times without the year (in the tooltip).
        { title: '身份证号', dataIndex: 'idNumber', width: 154, ...nowrap },
        { title: '手机号', dataIndex: 'phone', width: 98, ...nowrap },
        { title: '地区', dataIndex: 'region', width: 64, ...ellipsis, render: renderTipped },
        { title: '单位', dataIndex: 'unitName', ...ellipsis, render: renderTipped },
        { title: '更新时间', dataIndex: 'updatedAt', width: 92, ...nowrap, render: shortTime },
        { title: '开始时间', dataIndex: 'startedAt', width: 92, ...nowrap, render: shortTime },
        { title: '学习状态', dataIndex: 'studyStatus', width: 78, ...nowrap, render: (s: string) => (s ? <Tag color={s === '学习完成' ? 'green' : 'blue'}>{s}</Tag> : '') },
        { title: '结束时间', dataIndex: 'endedAt', width: 92, ...nowrap, render: shortTime },
        { title: '考试状态', dataIndex: 'examStatus', width: 66, ...nowrap },
        { title: '考试成绩', dataIndex: 'examScore', width: 66, ...nowrap },
        { title: '考试完成时间', dataIndex: 'examFinishedAt', width: 94, ...nowrap, render: shortTime },
        {
          title: '学习总时长',
          children: [
            { title: '一', key: 'd0', width: 34, render: duration(0) },
            { title: '二', key: 'd1', width: 34, render: duration(1) },
            { title: '三', key: 'd2', width: 34, render: duration(2) },
          ],
        },
      ]}
      nothingYet="还没有学习记录。人员审核通过、在学习平台开始学习后，点“同步”即可看到。"
    />
  );
}
