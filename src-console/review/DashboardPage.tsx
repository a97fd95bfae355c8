import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Flex, Space, Spin, Typography } from 'antd';
import type { DashboardResponse, UserView } from '../../src-shared/contract/sync-api.js';
import { chinaMinute } from '../../src-shared/china-time.js';
import { callApi } from '../api/console-client.js';
import { DashboardCards } from './dashboard/DashboardCards.js';
import { BureauTable, StageTable, UnitTable } from './dashboard/DashboardTables.js';
import { bureauTitle, weekText } from './dashboard/dashboard-words.js';
import './dashboard/dashboard-print.css';

/**
 * 工作概况: for a reviewer, the units under their bureau (as the queue scopes them); for an
 * administrator, every unit. Where that spans several bureaus (a city's, an administrator's), the
 * units are also added up by bureau. The figures are the server's, by its clock and
 * China's weeks (Monday to Sunday). 打印 prints the page on A4 landscape without the menu and buttons,
 * under a title with the bureau and the time it was printed.
 */
export function DashboardPage({ user }: { user: UserView }) {
  const [data, setData] = useState<DashboardResponse>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [printedAt, setPrintedAt] = useState(() => chinaMinute(new Date().toISOString()));

  const load = useCallback(async () => {
    setLoading(true);
    const r = await callApi('GET /review/dashboard', {});
    setLoading(false);
    if (r.ok) {
      setData(r.value);
      setError(undefined);
    } else setError(r.error.message);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  // Ctrl+P as well as 打印: the paper says when it was printed.
  useEffect(() => {
    const stamp = () => setPrintedAt(chinaMinute(new Date().toISOString()));
    window.addEventListener('beforeprint', stamp);
    return () => window.removeEventListener('beforeprint', stamp);
  }, []);

  // A city bureau's scope (or everything, for an administrator) spans several bureaus: say whose each unit is.
  const severalBureaus = data !== undefined && new Set(data.units.map((u) => u.jurisdictionId)).size > 1;
  return (
    <div className="dashboard-page" data-testid="dashboard">
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="dashboard-title">
            {data ? bureauTitle(data) : (user.jurisdiction?.name ?? '全部司法局')}工作概况
          </Typography.Title>
          {data && (
            <Typography.Text type="secondary" data-testid="dashboard-period">
              统计时间 {chinaMinute(data.at)}　本周 {weekText(data.thisWeek)}　上周 {weekText(data.lastWeek)}
              <span className="dashboard-print-only">　打印时间 {printedAt}</span>
            </Typography.Text>
          )}
        </div>
        <Space className="dashboard-no-print">
          <Button onClick={() => void load()} loading={loading}>
            刷新
          </Button>
          <Button
            type="primary"
            disabled={!data}
            onClick={() => {
              setPrintedAt(chinaMinute(new Date().toISOString()));
              // After React has drawn the time: print() blocks until the dialog closes.
              setTimeout(() => window.print(), 0);
            }}
          >
            打印
          </Button>
        </Space>
      </Flex>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} action={<Button onClick={() => void load()}>重试</Button>} />}
      {!data && !error && <Spin style={{ display: 'block', marginTop: 48 }} />}
      {data && (
        <>
          <div style={{ marginTop: 12 }}>
            <DashboardCards d={data} />
          </div>
          <Typography.Title level={5} className="dashboard-section">
            按审核级别
          </Typography.Title>
          <StageTable d={data} />
          {severalBureaus && (
            <>
              <Typography.Title level={5} className="dashboard-section">
                按司法局
              </Typography.Title>
              <BureauTable d={data} />
            </>
          )}
          <Typography.Title level={5} className="dashboard-section">
            按执法单位（{data.units.length} 个）
          </Typography.Title>
          <UnitTable d={data} withBureau={severalBureaus} />
          <Typography.Paragraph type="secondary" className="dashboard-footnote">
            通过、驳回按审核决定计数：两级审核时，县级初审通过和市级终审通过各算一次（省直部门的单位：部门初审、省级终审，也各算一次）；学习账号在终审通过时生成。重新提交指执法单位修改后再次提交的人次。
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}
