import { Alert, Button, Card, Col, Row, Space, Statistic } from 'antd';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';
import { usePullStamp } from '../pull-stamp.js';
import { newsWords } from '../sync-words.js';
import type { NoticeTarget } from '../StatusBar.js';
import { PERSON_STATUS_WORDS } from '../../src-shared/status-words.js';
import { DeadlineWarnings } from '../exams/DeadlineWarnings.js';

/** 首页: what needs the clerk today, and what came back from the reviewers since they last looked. */
export function HomePage({ onOpen }: { onOpen?: (page: NoticeTarget) => void }) {
  const pulledAt = usePullStamp();
  const batches = useCall(() => api['batches.list'](undefined), [pulledAt]);
  const status = useCall(() => api['sync.status'](undefined), [pulledAt]);
  const invalid = (batches.value ?? []).reduce((n, b) => n + b.invalid, 0);
  const persons = status.value?.persons ?? {};
  const news = status.value?.news;
  const words = news ? newsWords(news) : '';
  const seen = async (then?: NoticeTarget) => {
    await api['sync.seenNews'](undefined);
    status.reload();
    if (then) onOpen?.(then);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <DeadlineWarnings version={batches.value} />
      {news && words && (
        <Alert
          type={news.rejected ? 'warning' : 'success'}
          showIcon
          data-testid="home-news"
          message={`${words}（${news.since.slice(0, 16).replace('T', ' ')} 以来）`}
          description={news.rejected ? '被退回的人员请在“人员退回”中按审核意见修改后重新提交。' : '通过审核的人员的学习账号在“人员管理”中查看。'}
          action={
            <Space direction="vertical">
              <Button size="small" type="primary" onClick={() => void seen(news.rejected ? 'returned' : 'manage')}>
                {news.rejected ? '查看退回人员' : '查看学习账号'}
              </Button>
              <Button size="small" onClick={() => void seen()}>
                知道了
              </Button>
            </Space>
          }
        />
      )}
      <Row gutter={16}>
        <Col span={6}>
          <Card>
            <Statistic title="有错误待修改" value={invalid} suffix="人" />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={`${PERSON_STATUS_WORDS.rejected}待处理`} value={persons.rejected ?? 0} suffix="人" />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={PERSON_STATUS_WORDS.submitted} value={(persons.submitted ?? 0) + (persons.county_approved ?? 0)} suffix="人" />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={PERSON_STATUS_WORDS.approved} value={persons.approved ?? 0} suffix="人" />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
