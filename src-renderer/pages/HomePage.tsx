import { Card, Col, Row, Statistic } from 'antd';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';

/** 首页: what needs the clerk today. */
export function HomePage() {
  const batches = useCall(() => api['batches.list'](undefined), []);
  const status = useCall(() => api['sync.status'](undefined), []);
  const invalid = (batches.value ?? []).reduce((n, b) => n + b.invalid, 0);
  const persons = status.value?.persons ?? {};
  return (
    <Row gutter={16}>
      <Col span={6}>
        <Card><Statistic title="有错误待修改" value={invalid} suffix="人" /></Card>
      </Col>
      <Col span={6}>
        <Card><Statistic title="被退回待处理" value={persons.rejected ?? 0} suffix="人" /></Card>
      </Col>
      <Col span={6}>
        <Card><Statistic title="审核中" value={(persons.submitted ?? 0) + (persons.county_approved ?? 0)} suffix="人" /></Card>
      </Col>
      <Col span={6}>
        <Card><Statistic title="审核通过" value={persons.approved ?? 0} suffix="人" /></Card>
      </Col>
    </Row>
  );
}
