import { useState, type ReactNode } from 'react';
import { App as AntApp, Alert, Button, DatePicker, Descriptions, Drawer, Empty, Form, Input, Select, Space, Tag, Timeline, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import { PERSON_STATUS_LABEL, personStatusSchema, type Result } from '../../src-shared/contract/desktop-api.js';
import type { RecordsQuery } from '../../src-shared/contract/desktop-records-api.js';
import { reviewStepName } from '../../src-shared/contract/sync-common.js';
import { BASE_COLUMNS, RENEWAL_COLUMNS } from '../../src-shared/template.js';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';

/**
 * What the four record screens (人员管理, 人员查询, 人员记录, 考试信息) share: the manual's search form
 * (姓名, 身份证号, 申请日期), a list paged by the main process, the masked initial password, and the
 * read-only person view behind 查看.
 */

type PersonStatus = (typeof personStatusSchema.options)[number];
export type SearchFilter = Pick<RecordsQuery, 'name' | 'idNumber' | 'dateFrom' | 'dateTo'> & { status?: PersonStatus };
type Page<T> = { total: number; rows: T[] };

export const STATUS_COLOR: Record<PersonStatus, string> = { draft: 'default', submitted: 'blue', county_approved: 'cyan', approved: 'green', rejected: 'red' };

/** 2024-01-16T21:08:56+08:00 -> 2024-01-16 21:08:56; '' stays ''. */
export const showTime = (t: string) => t.slice(0, 19).replace('T', ' ');
/** The calendar day only. */
export const showDay = (t: string) => t.slice(0, 10);

export function isFiltered(f: SearchFilter): boolean {
  return Boolean(f.name || f.idNumber || f.dateFrom || f.dateTo || f.status);
}

/** A page of a list, its filter and the antd pagination that asks the main process for the next one. */
export function usePagedList<T>(fetch: (q: SearchFilter & { offset: number; limit: number }) => Promise<Result<Page<T>>>) {
  const [filter, setFilter] = useState<SearchFilter>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useCall(() => fetch({ ...filter, offset: (page - 1) * pageSize, limit: pageSize }), [filter, page, pageSize]);
  const pagination: TablePaginationConfig = {
    current: page,
    pageSize,
    total: list.value?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100],
    showTotal: (t) => `共有 ${t} 条数据`,
    onChange: (p, size) => {
      setPage(size !== pageSize ? 1 : p);
      setPageSize(size);
    },
  };
  return {
    list,
    filter,
    /** 序号 of the first row on this page, less one. */
    offset: (page - 1) * pageSize,
    pagination,
    search: (f: SearchFilter) => {
      setFilter(f);
      setPage(1);
    },
  };
}

/** What antd's date picker hands back (a dayjs); only its formatting is needed here. */
type PickedDay = { format(template: string): string } | null | undefined;
interface FormValues {
  name?: string;
  idNumber?: string;
  dates?: [PickedDay, PickedDay] | null;
  status?: PersonStatus;
}

/** The manual's search row: 姓名, 身份证号, 申请日期 (and 审核状态 on 人员查询), 查询 and 重置. */
export function SearchForm({ onSearch, withStatus = false }: { onSearch: (f: SearchFilter) => void; withStatus?: boolean }) {
  const [form] = Form.useForm<FormValues>();
  const finish = (v: FormValues) => {
    const f: SearchFilter = {};
    const name = v.name?.trim();
    const id = v.idNumber?.trim();
    if (name) f.name = name;
    if (id) f.idNumber = id;
    const from = v.dates?.[0]?.format('YYYY-MM-DD');
    const to = v.dates?.[1]?.format('YYYY-MM-DD');
    if (from) f.dateFrom = from;
    if (to) f.dateTo = to;
    if (v.status) f.status = v.status;
    onSearch(f);
  };
  return (
    <Form<FormValues> form={form} layout="inline" onFinish={finish} style={{ rowGap: 8 }} aria-label="查询条件">
      <Form.Item label="姓名" name="name">
        <Input placeholder="姓名或其中的字" allowClear style={{ width: 140 }} maxLength={40} />
      </Form.Item>
      <Form.Item
        label="身份证号"
        name="idNumber"
        rules={[{ pattern: /^[0-9A-Za-z]*$/, message: '身份证号只能有数字和字母 X' }]}
      >
        <Input placeholder="身份证号或前几位" allowClear style={{ width: 190 }} maxLength={18} />
      </Form.Item>
      <Form.Item label="申请日期" name="dates" tooltip="批次提交到服务器、司法部门收到报名的日期">
        <DatePicker.RangePicker placeholder={['开始日期', '结束日期']} allowEmpty={[true, true]} style={{ width: 250 }} />
      </Form.Item>
      {withStatus && (
        <Form.Item label="审核状态" name="status">
          <Select
            placeholder="全部"
            allowClear
            style={{ width: 130 }}
            options={personStatusSchema.options.map((s) => ({ value: s, label: PERSON_STATUS_LABEL[s] }))}
          />
        </Form.Item>
      )}
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              onSearch({});
            }}
          >
            重置
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}

/** The list's error, if the main process answered one: its Chinese message says what to do. */
export function ListError({ message }: { message: string | undefined }) {
  return message ? <Alert type="error" showIcon title={message} /> : null;
}

/** Empty list: nothing matches the search, or nothing has come yet (and how to get it). */
export function emptyText(filtered: boolean, nothingYet: string): ReactNode {
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={filtered ? '没有符合条件的记录。请换个姓名、身份证号或申请日期再查，或点“重置”查看全部。' : nothingYet}
    />
  );
}

/**
 * 初始密码: the clerk hands it to the person, so it is there, but masked until 显示; 复制 puts it on
 * the clipboard. The person must change it at first login.
 */
export function PasswordCell({ password, name }: { password: string; name: string }) {
  const { message } = AntApp.useApp();
  const [shown, setShown] = useState(false);
  const copy = () => {
    const done = () => void message.success(`已复制${name}的初始密码。请交给本人，首次登录学习平台时须修改密码。`);
    const failed = () => void message.error('没能复制到剪贴板。请点“显示”后照着抄写密码。');
    if (!navigator.clipboard) return failed();
    navigator.clipboard.writeText(password).then(done, failed);
  };
  return (
    <Space size={0}>
      <Typography.Text code aria-label={`${name}的初始密码`} style={{ fontFamily: 'monospace' }}>
        {shown ? password : '••••••••'}
      </Typography.Text>
      <Button type="link" size="small" onClick={() => setShown((s) => !s)}>
        {shown ? '隐藏' : '显示'}
      </Button>
      <Button type="link" size="small" onClick={copy}>
        复制
      </Button>
    </Space>
  );
}

/** 查看: the person's details as registered, where the application stands, and every review decision (审核时间). */
export function PersonView({ personId, onClose, extra = [], children }: { personId: number | undefined; onClose: () => void; extra?: Array<{ label: string; value: ReactNode }>; children?: ReactNode }) {
  const detail = useCall(() => (personId !== undefined ? api['persons.get']({ personId }) : Promise.resolve({ ok: true as const, value: undefined })), [personId]);
  const p = personId !== undefined ? detail.value : undefined;
  const renewal = RENEWAL_COLUMNS.filter((c) => p && p.fields[c.key]);
  return (
    <Drawer open={personId !== undefined} onClose={onClose} size={720} title={p ? `人员详情：${p.name}` : '人员详情'} destroyOnHidden>
      <ListError message={detail.error?.message} />
      {p && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions
            size="small"
            column={2}
            bordered
            items={[
              { key: 'status', label: '审核状态', children: <Tag color={STATUS_COLOR[p.status]}>{PERSON_STATUS_LABEL[p.status]}</Tag> },
              { key: 'pending', label: '待审核单位', children: p.pendingAt || '—' },
              ...extra.map((e) => ({ key: e.label, label: e.label, children: e.value })),
            ]}
          />
          <Descriptions
            size="small"
            column={2}
            bordered
            title="报名信息"
            items={[...BASE_COLUMNS, ...renewal].filter((c) => c.key !== 'photo').map((c) => ({ key: c.key, label: c.header, children: p.fields[c.key] || '—' }))}
          />
          <div>
            <Typography.Title level={5}>审核记录</Typography.Title>
            {p.reviewRecords.length === 0 ? (
              <Typography.Text type="secondary">还没有审核记录。司法部门审核后点“同步”即可看到。</Typography.Text>
            ) : (
              <Timeline
                items={p.reviewRecords.map((r, i) => ({
                  key: i,
                  color: r.result === 'approved' ? 'green' : 'red',
                  title: `${showTime(r.decidedAt)} ${reviewStepName(r.level, r.kind)}审核${r.result === 'approved' ? '通过' : '退回'}`,
                  content: (
                    <>
                      <div>审核人：{r.reviewer}</div>
                      {r.comment && <div>审核意见：{r.comment}</div>}
                      {r.version > 1 && <Typography.Text type="secondary">第 {r.version} 次提交</Typography.Text>}
                    </>
                  ),
                }))}
              />
            )}
          </div>
          {/* What a screen adds below (人员查询: the person's 培训课程). */}
          {children}
        </Space>
      )}
    </Drawer>
  );
}
