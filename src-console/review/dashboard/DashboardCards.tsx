import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { DashboardCounts, DashboardResponse, DashboardStage } from '../../../src-shared/contract/sync-api.js';

/** A stage in the waiting card's short note: "县级 2 · 市级 1", "部门 2 · 省级 1". */
const STAGE_SHORT: Record<DashboardStage, string> = { county: '县级', city: '市级', own: '本级', department: '部门', province: '省级' };

/** One week figure with last week's and the total beside it. */
function WeekCard({ title, d, k, testId }: { title: string; d: DashboardResponse; k: keyof DashboardCounts; testId: string }) {
  return (
    <Card size="small" data-testid={testId}>
      <Statistic title={title} value={d.periods.thisWeek[k]} suffix="人" />
      <Typography.Text type="secondary" className="dashboard-card-note">
        上周 {d.periods.lastWeek[k]} · 累计 {d.periods.total[k]}
      </Typography.Text>
    </Card>
  );
}

/**
 * The top line of 工作概况: what waits, the longest wait, and this week's work against last week's and
 * the total since the server began.
 */
export function DashboardCards({ d }: { d: DashboardResponse }) {
  return (
    <Row gutter={[12, 12]} className="dashboard-cards">
      <Col flex="1 1 0">
        <Card size="small" data-testid="card-waiting">
          <Statistic title="待审核" value={d.waiting} suffix="人" />
          <Typography.Text type="secondary" className="dashboard-card-note">
            {d.stages.length === 1 && d.stages[0]!.stage === 'own' ? '本级审核' : d.stages.map((s) => `${STAGE_SHORT[s.stage]} ${s.waiting}`).join(' · ')}
          </Typography.Text>
        </Card>
      </Col>
      <Col flex="1 1 0">
        <Card size="small" data-testid="card-oldest">
          <Statistic title="最久等待" value={d.oldest ? d.oldest.days : '—'} suffix={d.oldest ? '天' : undefined} />
          <Typography.Text type="secondary" className="dashboard-card-note">
            {d.oldest ? `${d.oldest.submittedDate} 提交` : '没有人在等待'}
          </Typography.Text>
        </Card>
      </Col>
      <Col flex="1 1 0">
        <WeekCard title="本周通过" d={d} k="approved" testId="card-approved" />
      </Col>
      <Col flex="1 1 0">
        <WeekCard title="本周驳回" d={d} k="rejected" testId="card-rejected" />
      </Col>
      <Col flex="1 1 0">
        <WeekCard title="本周重新提交" d={d} k="resubmitted" testId="card-resubmitted" />
      </Col>
      <Col flex="1 1 0">
        <WeekCard title="本周生成学习账号" d={d} k="studyAccounts" testId="card-study-accounts" />
      </Col>
    </Row>
  );
}
