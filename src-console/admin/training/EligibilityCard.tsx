import { useEffect, useState } from 'react';
import { Alert, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { ELIGIBILITY_FILTERS, type AdminUnit, type EligibilityResponse, type EligibilityRow } from '../../../src-shared/contract/sync-api.js';
import { callApi } from '../../api/console-client.js';

/**
 * 培训达标 (issue 19 item 3): who may print the 准考证 — per approved person, 学时 and mock exams counted
 * from the imported study records against the rule of their exam (set in 考试任务). By unit, filtered
 * 可打印 / 不可打印, a page at a time from the server.
 */

const FILTER_LABEL: Record<(typeof ELIGIBILITY_FILTERS)[number], string> = { all: '全部', eligible: '可打印准考证', not_eligible: '不可打印准考证' };

export function EligibilityCard() {
  const [units, setUnits] = useState<AdminUnit[]>([]);
  const [unitId, setUnitId] = useState<number>();
  const [filter, setFilter] = useState<(typeof ELIGIBILITY_FILTERS)[number]>('all');
  const [page, setPage] = useState(1);
  const [answer, setAnswer] = useState<EligibilityResponse>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const pageSize = 20;

  useEffect(() => {
    void callApi('GET /admin/directory').then((r) => r.ok && setUnits(r.value.units));
  }, []);
  useEffect(() => {
    setLoading(true);
    void callApi('GET /admin/eligibility', { filter, offset: (page - 1) * pageSize, limit: pageSize, ...(unitId !== undefined ? { unitId } : {}) }).then((r) => {
      setLoading(false);
      if (r.ok) {
        setAnswer(r.value);
        setError(undefined);
      } else setError(r.error.message);
    });
  }, [unitId, filter, page]);

  return (
    <Card size="small" title="培训达标（打印准考证）">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Select
            aria-label="执法单位"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部单位"
            style={{ width: 280 }}
            value={unitId}
            onChange={(v?: number) => { setUnitId(v); setPage(1); }}
            options={units.map((u) => ({ value: u.id, label: u.name }))}
          />
          <Select aria-label="准考证" style={{ width: 160 }} value={filter} onChange={(v) => { setFilter(v); setPage(1); }} options={ELIGIBILITY_FILTERS.map((f) => ({ value: f, label: FILTER_LABEL[f] }))} />
          {answer && (
            <Typography.Text data-testid="console-eligibility-counts">
              可打印准考证 <b>{answer.eligible}</b> 人，不可打印 <b>{answer.notEligible}</b> 人
            </Typography.Text>
          )}
        </Space>
        {error && <Alert type="error" showIcon title={error} />}
        <Table<EligibilityRow>
          size="small"
          rowKey="personId"
          loading={loading}
          dataSource={answer?.rows ?? []}
          tableLayout="fixed"
          pagination={{ current: page, pageSize, total: answer?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (t) => `共 ${t} 人` }}
          columns={[
            { title: '姓名', dataIndex: 'name', width: 90 },
            { title: '身份证号', dataIndex: 'idNumber', width: 190, render: (v: string) => <span className="console-nowrap">{v}</span> },
            { title: '单位', dataIndex: 'unitName', ellipsis: true },
            { title: '考试', dataIndex: 'examName', ellipsis: true, render: (v: string) => v || <Typography.Text type="secondary">未指定（默认要求）</Typography.Text> },
            { title: '已学学时/要求', key: 'hours', width: 120, render: (_v, r) => `${r.eligibility.studyHours} / ${r.eligibility.studyHoursRequired}` },
            { title: '模拟考试/要求', key: 'mocks', width: 120, render: (_v, r) => `${r.eligibility.mockExams} / ${r.eligibility.mockExamsRequired} 次` },
            {
              title: '可打印准考证',
              key: 'eligible',
              width: 230,
              render: (_v, r) =>
                r.eligibility.eligible ? <Tag color="green">可打印</Tag> : <span className="console-nowrap"><Tag color="red">不可打印</Tag>{r.eligibility.missing}</span>,
            },
          ]}
        />
      </Space>
    </Card>
  );
}
