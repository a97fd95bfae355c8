import { Alert, Descriptions, Table, Tag, Typography } from 'antd';
import type { Course } from '../../src-shared/contract/sync-training.js';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';
import { ListError } from '../pages/records-shared.js';

/**
 * 人员查询's 培训课程 (使用说明书 3.5 “本单位学员培训课程设置情况”; issue 19 item 4): the courses the
 * administrator set for the person's 考试类别, and how far the person is. The study platform's records
 * give total 学时 per enrolment, not per course, so progress is the total against the courses' 学时 and
 * the exam's 打印准考证 requirement — the screen says so rather than tick off courses it cannot know.
 */
export function PersonCourses({ personId }: { personId: number }) {
  const r = useCall(() => api['training.personCourses']({ personId }), [personId]);
  const v = r.value;
  return (
    <div data-testid="person-courses">
      <Typography.Title level={5}>培训课程</Typography.Title>
      <ListError message={r.error?.message} />
      {v && !v.tableReceived && <Alert type="info" showIcon title="还没有收到管理员设置的培训课程。请点“同步”后再查看。" />}
      {v && v.tableReceived && v.courses.length === 0 && (
        <Alert type="info" showIcon title={`管理员还没有为“${v.examCategory || '（未填考试类别）'}”设置培训课程。`} />
      )}
      {v && v.courses.length > 0 && (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {v.examCategory}：必修 {v.requiredHours} 学时{v.electiveHours > 0 ? `，选修 ${v.electiveHours} 学时` : ''}，共 {v.courses.length} 门课程。
          </Typography.Paragraph>
          <Table<Course>
            rowKey="name"
            size="small"
            pagination={false}
            dataSource={v.courses}
            columns={[
              { title: '序号', key: 'seq', width: 52, render: (_x, _c, i) => i + 1 },
              { title: '课程名称', dataIndex: 'name' },
              { title: '学时', dataIndex: 'hours', width: 64 },
              { title: '必修/选修', dataIndex: 'required', width: 88, render: (req: boolean) => (req ? <Tag color="blue">必修</Tag> : <Tag>选修</Tag>) },
            ]}
          />
        </>
      )}
      {v?.row && (
        <Descriptions
          style={{ marginTop: 12 }}
          size="small"
          column={2}
          bordered
          title="学习进度"
          items={[
            { key: 'hours', label: '已学学时/要求', children: `${v.row.studyHours} / ${v.row.rule.studyHours} 学时` },
            { key: 'mocks', label: '模拟考试/要求', children: `${v.row.mockExams} / ${v.row.rule.mockExams} 次` },
            {
              key: 'eligible',
              label: '打印准考证',
              span: 2,
              children: v.row.eligible ? <Tag color="green">可打印</Tag> : <><Tag color="red">不可打印</Tag>{v.row.missing}</>,
            },
          ]}
        />
      )}
      {v && !v.row && <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>审核通过并开通学习账号后，这里显示学习进度。</Typography.Paragraph>}
      {v?.row && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          学习平台的记录只有学习总时长，没有逐门课程的明细，所以这里显示的是总学时进度。
        </Typography.Paragraph>
      )}
    </div>
  );
}
