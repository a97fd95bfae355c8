import { useState } from 'react';
import { Alert, App as AntApp, Button, Empty, Form, Input, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { ELIGIBILITY_FILTER_LABEL, eligibilityFilterSchema, type EligibilityFilter, type EligibilityPersonRow } from '../../src-shared/contract/desktop-training-api.js';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';
import { useAction } from '../use-action.js';
import { usePathPrompt } from '../components/path-prompt.js';
import { useJobProgress } from '../components/use-job-progress.js';
import { ellipsis, nowrap, renderTipped, tipped } from '../components/table-cells.js';
import { ListError } from '../pages/records-shared.js';

/**
 * 人员记录's 培训达标 (issue 19 item 3): each approved person's 已学学时 against the exam's requirement,
 * mock exams done, and whether they may print the 准考证 (Guangxi notice: ≥ 6 学时 and ≥ 1 套模拟考试,
 * the numbers set per exam), counted from the study records the last 同步 brought. Search by 姓名 and
 * 身份证号, filter 可打印 / 不可打印, and export the search (all pages) to Excel with its progress.
 */

/** The main process's progress line for the export (src-main/services/training-handlers.ts). */
const TASK = 'trainingEligibility';

interface Search {
  name?: string;
  idNumber?: string;
  eligible: EligibilityFilter;
}

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
};

export function EligibilityList() {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Search>();
  const [search, setSearch] = useState<Search>({ eligible: 'all' });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useCall(() => api['training.eligibility']({ ...search, offset: (page - 1) * pageSize, limit: pageSize }), [search, page, pageSize]);
  const { busy, error, run } = useAction();
  const [ask, pathPrompt] = usePathPrompt();
  const progress = useJobProgress(TASK, busy !== undefined);
  const total = list.value?.total ?? 0;

  const find = (v: Search) => {
    const s: Search = { eligible: v.eligible ?? 'all' };
    if (v.name?.trim()) s.name = v.name.trim();
    if (v.idNumber?.trim()) s.idNumber = v.idNumber.trim();
    setSearch(s);
    setPage(1);
  };
  const exportAll = async () => {
    const file = (await ask({ title: '导出培训达标情况：保存到', mode: 'save', defaultPath: `培训达标情况-${today()}.xlsx`, filter: 'xlsx' }))?.[0];
    if (!file) return;
    const r = await run('导出', () => api['training.exportEligibility']({ ...search, file }));
    if (r) void message.success(`培训达标情况已导出到 ${r.file}，共 ${r.rows} 人。可以用 Excel 或 WPS 打开后打印（A4 横向）。`, 8);
  };

  const filtered = Boolean(search.name || search.idNumber || search.eligible !== 'all');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        审核通过的学员完成网络培训的情况：已学学时和模拟考试次数达到所报考试的要求（未设置时为 6 学时、1 次模拟考试），方能打印准考证。按学习平台同步来的学习记录统计。
      </Typography.Paragraph>
      <Form<Search> form={form} layout="inline" onFinish={find} initialValues={{ eligible: 'all' }} style={{ rowGap: 8 }} aria-label="培训达标查询条件">
        <Form.Item label="姓名" name="name">
          <Input placeholder="姓名或其中的字" allowClear style={{ width: 140 }} maxLength={40} />
        </Form.Item>
        <Form.Item label="身份证号" name="idNumber" rules={[{ pattern: /^[0-9A-Za-z]*$/, message: '身份证号只能有数字和字母 X' }]}>
          <Input placeholder="身份证号或前几位" allowClear style={{ width: 190 }} maxLength={18} />
        </Form.Item>
        <Form.Item label="准考证" name="eligible">
          <Select
            aria-label="准考证"
            style={{ width: 150 }}
            options={eligibilityFilterSchema.options.map((v) => ({ value: v, label: ELIGIBILITY_FILTER_LABEL[v] }))}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                find({ eligible: 'all' });
              }}
            >
              重置
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <Space wrap>
        <Button onClick={() => void exportAll()} loading={busy !== undefined} disabled={busy !== undefined || total === 0} title={total === 0 ? '没有符合条件的人员，无法导出' : `把查询到的 ${total} 人导出为 Excel 表格`}>
          导出培训达标情况
        </Button>
        {list.value && (
          <Typography.Text data-testid="eligibility-counts">
            可打印准考证 <Typography.Text strong>{list.value.eligibleCount}</Typography.Text> 人，不可打印{' '}
            <Typography.Text strong type={list.value.notEligibleCount > 0 ? 'danger' : undefined}>
              {list.value.notEligibleCount}
            </Typography.Text>{' '}
            人{total > 0 && filtered ? `；导出的是查询到的 ${total} 人（不只是本页）` : ''}。
          </Typography.Text>
        )}
        {busy && progress && progress.total > 0 && (
          <Space>
            <Progress size="small" percent={Math.floor((progress.done / progress.total) * 100)} style={{ width: 160 }} aria-label="进度" />
            <Typography.Text>{progress.text}</Typography.Text>
          </Space>
        )}
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
      <ListError message={list.error?.message} />
      <Table<EligibilityPersonRow>
        rowKey="personId"
        size="small"
        loading={list.loading}
        dataSource={list.value?.rows ?? []}
        tableLayout="fixed"
        pagination={{
          current: page,
          pageSize,
          total,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (t) => `共有 ${t} 条数据`,
          onChange: (p, size) => {
            setPage(size !== pageSize ? 1 : p);
            setPageSize(size);
          },
        }}
        columns={[
          { title: '序号', key: 'seq', width: 52, render: (_v, _r, i) => (page - 1) * pageSize + i + 1 },
          { title: '姓名', dataIndex: 'name', width: 76, ...ellipsis, render: renderTipped },
          { title: '身份证号', dataIndex: 'idNumber', width: 162, ...nowrap },
          { title: '所在单位', dataIndex: 'agency', width: 180, ...ellipsis, render: renderTipped },
          {
            title: '考试',
            dataIndex: 'examName',
            ...ellipsis,
            render: (n: string) => (n ? tipped(n) : <Typography.Text type="secondary">未指定（按默认要求）</Typography.Text>),
          },
          {
            title: '已学学时/要求',
            key: 'hours',
            width: 112,
            ...nowrap,
            render: (_v, r) => (
              <Typography.Text type={r.studyHours >= r.rule.studyHours ? undefined : 'danger'}>
                {r.studyHours} / {r.rule.studyHours}
              </Typography.Text>
            ),
          },
          {
            title: '模拟考试/要求',
            key: 'mocks',
            width: 112,
            ...nowrap,
            render: (_v, r) => (
              <Typography.Text type={r.mockExams >= r.rule.mockExams ? undefined : 'danger'}>
                {r.mockExams} / {r.rule.mockExams} 次
              </Typography.Text>
            ),
          },
          { title: '可打印准考证', key: 'eligible', width: 104, ...nowrap, render: (_v, r) => (r.eligible ? <Tag color="green">可打印</Tag> : <Tag color="red">不可打印</Tag>) },
          { title: '还差', dataIndex: 'missing', width: 200, ...ellipsis, render: renderTipped },
        ]}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={filtered ? '没有符合条件的人员。请换个姓名、身份证号或筛选条件再查，或点“重置”查看全部。' : '还没有审核通过的人员。提交批次并在审核通过后点“同步”即可看到。'}
            />
          ),
        }}
      />
      {pathPrompt}
    </Space>
  );
}
