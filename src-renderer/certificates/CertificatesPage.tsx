import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Empty, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { CertificateGroup, CertificatePerson, CertificatePreview, CertificateRule } from '../../src-shared/contract/desktop-certificates-api.js';
import { CERT_SEQ_MAX } from '../../src-shared/contract/desktop-certificates-api.js';
import { parseCertPattern, usesUnitCode } from '../../src-shared/cert-number-pattern.js';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';
import { useAction } from '../use-action.js';
import { usePullStamp } from '../pull-stamp.js';
import { ellipsis, nowrap, renderTipped } from '../components/table-cells.js';

/**
 * 取证 (填表说明⑨): after the exam the unit numbers its passed people by its own rule and uploads the
 * numbers. The clerk writes the rule, sees every number before anything is kept (预览), saves them
 * (保存编号, kept on this PC; numbers once saved are never changed here) and sends them (上传).
 * Validity (填表说明⑥): from the 成绩合格确认公告 date for five years, ended by retirement.
 */

const HELP = '可用：{单位代码}、{年份}（公告年份，{年份:2} 为两位）、{序号:4}（4 位补零的流水号）；其余照写（汉字、字母、数字、- 和 _）。';

type Row = CertificatePerson & { preview?: string };

export function CertificatesPage() {
  const pulledAt = usePullStamp();
  const list = useCall(() => api['certificates.list'](undefined), [pulledAt]);
  const [examKey, setExamKey] = useState<string>();
  const groups = list.value?.groups ?? [];
  const group = groups.find((g) => String(g.examId) === examKey) ?? groups[0];

  if (list.error) return <Alert type="error" showIcon message={list.error.message} />;
  if (!list.value) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={5} style={{ margin: 0 }}>
        取证
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        考试通过后，按本单位的证照编号规则给考试合格的人员生成证件号，上传到司法局取证。证件有效期自成绩合格确认公告之日起 5 年；离退休不足 5 年的，到退休日期为止。
      </Typography.Paragraph>
      {list.value.truncated && <Alert type="warning" showIcon message="考试合格的人员太多，这里只列出前 5000 人。请先给他们编号并上传，再处理其余人员。" />}
      {groups.length === 0 ? (
        <Empty description="还没有考试合格的人员。考试成绩公布后点“同步”即可看到。" />
      ) : (
        <>
          {groups.length > 1 && (
            <Space>
              <span>考试：</span>
              <Select
                aria-label="考试"
                style={{ minWidth: 360 }}
                value={String(group!.examId)}
                onChange={setExamKey}
                options={groups.map((g) => ({ value: String(g.examId), label: `${g.examName || '未关联考试的批次'}（合格 ${g.people.length} 人）` }))}
              />
            </Space>
          )}
          <ExamCertificates key={String(group!.examId)} group={group!} rule={list.value.rule} onChanged={list.reload} />
        </>
      )}
    </Space>
  );
}

function ExamCertificates({ group, rule, onChanged }: { group: CertificateGroup; rule: CertificateRule; onChanged: () => void }) {
  const [form] = Form.useForm<CertificateRule>();
  const action = useAction();
  const [preview, setPreview] = useState<CertificatePreview>();
  const [done, setDone] = useState<string>();
  const pattern = Form.useWatch('pattern', form) ?? rule.pattern;
  const parsed = parseCertPattern(pattern);
  const needsCode = parsed.ok && usesUnitCode(parsed.pattern);

  // A new rule or start makes an old preview wrong: it goes, and 保存编号 waits for a new one.
  const clearPreview = () => setPreview(undefined);
  useEffect(() => form.setFieldsValue(rule), [rule.pattern, rule.unitCode, rule.start]);

  const toNumber = group.people.filter((p) => !p.certNo && !p.problem).length;
  const toUpload = group.people.filter((p) => p.certNo && !p.uploadedAt).length;
  const rows: Row[] = useMemo(() => {
    const byId = new Map(preview?.rows.map((r) => [r.personId, r.certNo]));
    return group.people.map((p) => ({ ...p, ...(byId.has(p.personId) ? { preview: byId.get(p.personId)! } : {}) }));
  }, [group, preview]);

  const request = () => ({ ...form.getFieldsValue(), examId: group.examId });
  const runPreview = async () => {
    setDone(undefined);
    await form.validateFields();
    const r = await action.run('预览', () => api['certificates.preview'](request()));
    setPreview(r);
  };
  const save = async () => {
    const r = await action.run('保存编号', () => api['certificates.save'](request()));
    if (r) {
      setPreview(undefined);
      setDone(`已保存 ${r.saved} 个证件号（保存在本机）。核对无误后请点“上传”。`);
      onChanged();
    }
  };
  const clear = async () => {
    setDone(undefined);
    const r = await action.run('清除', () => api['certificates.clear']({ examId: group.examId }));
    if (r) {
      setDone(`已清除 ${r.cleared} 个未上传的证件号，可以修改规则或起始序号后重新编号。`);
      onChanged();
    }
  };
  const upload = async () => {
    setDone(undefined);
    const r = await action.run('上传', () => api['certificates.upload']({ examId: group.examId }));
    if (r) {
      setDone(`上传成功：${r.uploaded} 个证件号已报送司法局${r.unchanged ? `，${r.unchanged} 个此前已上传` : ''}。`);
      onChanged();
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="small">
      <Space wrap size="middle">
        <Typography.Text strong>{group.examName || '未关联考试的批次'}</Typography.Text>
        {group.resultsAnnouncedOn ? (
          <Tag color="blue">成绩合格确认公告：{group.resultsAnnouncedOn}</Tag>
        ) : (
          <Tag color="orange">等待成绩合格确认公告日期</Tag>
        )}
        <Typography.Text type="secondary" data-testid="cert-summary">
          {`考试合格 ${group.people.length} 人，已编号 ${group.numbered} 人，已上传 ${group.uploaded} 人`}
        </Typography.Text>
      </Space>
      <Form
        form={form}
        layout="inline"
        initialValues={rule}
        onValuesChange={clearPreview}
        onFinish={() => void runPreview()}
        style={{ rowGap: 8 }}
      >
        <Form.Item
          name="pattern"
          label="编号规则"
          rules={[{ validator: (_r, v: string) => { const p = parseCertPattern(v ?? ''); return p.ok ? Promise.resolve() : Promise.reject(new Error(p.message)); } }]}
        >
          <Input aria-label="编号规则" style={{ width: 260 }} placeholder="{单位代码}{年份}{序号:4}" />
        </Form.Item>
        <Form.Item name="unitCode" label="单位代码" rules={needsCode ? [{ required: true, message: '规则里有 {单位代码}，请填写本单位的单位代码。' }, { pattern: /^[0-9A-Za-z]*$/, message: '单位代码只能是字母和数字。' }] : []}>
          <Input aria-label="单位代码" style={{ width: 130 }} placeholder="如 350100" disabled={!needsCode} />
        </Form.Item>
        <Form.Item name="start" label="起始序号" rules={[{ required: true, message: '请填写起始序号。' }]}>
          <InputNumber aria-label="起始序号" min={1} max={CERT_SEQ_MAX} precision={0} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button htmlType="submit" type={preview ? 'default' : 'primary'} loading={action.busy === '预览'} disabled={toNumber === 0}>
              预览编号
            </Button>
            <Button type="primary" onClick={() => void save()} loading={action.busy === '保存编号'} disabled={!preview || preview.rows.length === 0}>
              保存编号
            </Button>
            <Button onClick={() => void upload()} loading={action.busy === '上传'} disabled={toUpload === 0}>
              {`上传${toUpload ? `（${toUpload}）` : ''}`}
            </Button>
            <Popconfirm
              title={`清除 ${toUpload} 个未上传的证件号？`}
              description="清除后可修改规则或起始序号重新编号；已上传的证件号不受影响。"
              okText="清除"
              cancelText="取消"
              onConfirm={() => void clear()}
              disabled={toUpload === 0}
            >
              <Button type="text" danger loading={action.busy === '清除'} disabled={toUpload === 0}>
                清除未上传
              </Button>
            </Popconfirm>
          </Space>
        </Form.Item>
      </Form>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {HELP}
      </Typography.Text>
      {action.error && <Alert type="error" showIcon message={action.error} closable onClose={() => action.setError(undefined)} />}
      {done && <Alert type="success" showIcon message={done} />}
      {preview && preview.rows.length > 0 && (
        <Alert
          type="info"
          showIcon
          message={`预览：将为 ${preview.rows.length} 人编号，${preview.rows[0]!.certNo} 至 ${preview.rows[preview.rows.length - 1]!.certNo}${preview.kept ? `；已有证件号的 ${preview.kept} 人保持不变` : ''}。核对无误后点“保存编号”。`}
        />
      )}
      <Table<Row>
        rowKey="personId"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 80, ...nowrap },
          { title: '身份证号', dataIndex: 'idNumber', width: 168, ...nowrap },
          { title: '所属执法主体', dataIndex: 'agency', ...ellipsis, render: renderTipped },
          { title: '成绩', dataIndex: 'score', width: 56, ...nowrap },
          { title: '证件号', key: 'certNo', width: 190, ...nowrap, render: (_v, r) => <CertNoCell row={r} /> },
          { title: '有效期', key: 'validity', width: 236, ...nowrap, render: (_v, r) => <ValidityCell row={r} /> },
          { title: '状态', key: 'state', width: 200, ...ellipsis, render: (_v, r) => <StateCell row={r} /> },
        ]}
      />
    </Space>
  );
}

function CertNoCell({ row }: { row: Row }) {
  if (row.certNo) return <span>{row.certNo}</span>;
  if (row.preview) {
    return (
      <span data-testid="cert-preview">
        <Typography.Text type="success">{row.preview}</Typography.Text> <Tag color="blue">预览</Tag>
      </span>
    );
  }
  return <Typography.Text type="secondary">—</Typography.Text>;
}

function ValidityCell({ row }: { row: Row }) {
  if (!row.validFrom) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span>
      {`${row.validFrom} 至 ${row.validTo}`} {row.cappedByRetirement && <Tag color="gold">到退休</Tag>}
    </span>
  );
}

function StateCell({ row }: { row: Row }) {
  if (row.uploadedAt) return <Tag color="green">已上传</Tag>;
  if (row.certNo) return <Tag color="orange">待上传</Tag>;
  if (row.problem) return renderTipped(row.problem);
  return <Tag>未编号</Tag>;
}
