import { Table, Tag, Typography } from 'antd';
import { EXAM_STAGE_LABEL, EXAM_STAGES, daysBetween, type ExamStage } from '../../src-shared/exam-status.js';
import type { ExamTaskRow } from '../../src-shared/contract/desktop-exam-tasks-api.js';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';
import { ellipsis, nowrap, renderTipped } from '../components/table-cells.js';
import { usePullStamp } from '../pull-stamp.js';

/** The state's colour: 报名中 is what a unit acts on; ended is grey. */
function stateColor(code: string): string {
  if (code === 'registration') return 'green';
  if (code === 'ended') return 'default';
  if (code === 'not_started' || code === 'waiting') return 'blue';
  return 'orange';
}

/** 报名中 · 2 天后截止, 未开始 · 5 天后开始, 已结束. */
function StateCell({ row }: { row: ExamTaskRow }) {
  const extra = row.state.closes?.text ?? row.state.opens?.text ?? '';
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Tag color={stateColor(row.state.code)}>{row.state.label}</Tag>
      {extra && <Typography.Text type={row.state.closes && row.state.closes.daysLeft <= 3 ? 'danger' : 'secondary'}>{extra}</Typography.Text>}
    </span>
  );
}

/** One line per stage the exam has: its window, and where today stands in it. */
function StageWindows({ row, today }: { row: ExamTaskRow; today: string }) {
  const stages = EXAM_STAGES.flatMap((s) => (row.windows[s] ? [{ stage: s, ...row.windows[s] }] : []));
  const where = (w: { start: string; end: string }) => (today < w.start ? `${daysBetween(today, w.start)} 天后开始` : today > w.end ? '已结束' : '进行中');
  return (
    <div data-testid="exam-stages">
      <Table<{ stage: ExamStage; start: string; end: string }>
        rowKey="stage"
        size="small"
        pagination={false}
        dataSource={stages}
        style={{ maxWidth: 560 }}
        columns={[
          { title: '阶段', dataIndex: 'stage', width: 110, ...nowrap, render: (s: ExamStage) => EXAM_STAGE_LABEL[s] },
          { title: '开始日期', dataIndex: 'start', width: 110, ...nowrap },
          { title: '截止日期', dataIndex: 'end', width: 110, ...nowrap },
          { title: '现在', key: 'now', ...nowrap, render: (_v, w) => where(w) },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
        {`考试费 ${row.feeYuan} 元/人${row.sites.length ? `；考点：${row.sites.join('、')}` : ''}。日期均含当天。`}
      </Typography.Paragraph>
    </div>
  );
}

/**
 * 考试信息's exam table (Fujian manual, 考试信息查询): 考试名称, 考试类别, 任务状态, 开始时间, 结束时间, each
 * exam's stage windows in its expanded row. The states come from main, computed by this PC's date from
 * the exams the last 同步 brought, so the table is right offline.
 */
export function ExamTasksTable() {
  const pulledAt = usePullStamp();
  const view = useCall(() => api['examTasks.list'](undefined), [pulledAt]);
  const today = view.value?.today ?? '';
  return (
    <Table<ExamTaskRow>
      data-testid="exam-tasks"
      rowKey="id"
      size="small"
      loading={view.loading}
      dataSource={view.value?.exams ?? []}
      pagination={false}
      expandable={{ expandedRowRender: (row) => <StageWindows row={row} today={today} />, columnWidth: 36 }}
      columns={[
        { title: '考试名称', dataIndex: 'name', ...ellipsis, render: renderTipped },
        { title: '考试类别', dataIndex: 'category', width: 150, ...ellipsis, render: renderTipped },
        { title: '任务状态', key: 'state', width: 200, render: (_v, row) => <StateCell row={row} /> },
        { title: '开始时间', dataIndex: 'start', width: 104, ...nowrap },
        { title: '结束时间', dataIndex: 'end', width: 104, ...nowrap },
      ]}
      locale={{ emptyText: view.error?.message ?? '还没有考试任务。连接同步服务器后点“同步”，司法局发布的考试会显示在这里。' }}
    />
  );
}
