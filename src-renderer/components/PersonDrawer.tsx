import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Col, Descriptions, Drawer, Empty, Form, Image, Input, List, Row, Space, Tag, Timeline, Typography } from 'antd';
import type { PersonDetail } from '../../src-shared/contract/desktop-api.js';
import { personStatusWord } from '../../src-shared/status-words.js';
import { REVIEW_LEVEL_NAME } from '../../src-shared/contract/sync-common.js';
import type { Issue } from '../../src-shared/domain/issue.js';
import type { FieldKey } from '../../src-shared/domain/person.js';
import { templateColumns } from '../../src-shared/template.js';
import { api } from '../api/desktop-client.js';
import { usePathPrompt } from './path-prompt.js';

/**
 * The person form: every template field with the rules' findings shown as the clerk types (nothing
 * is saved until 保存), the photo with its findings, 选择照片 and 一键修正, and the review records of
 * a returned person. Adds a person to `batchId` when `personId` is undefined.
 */
export interface PersonDrawerProps {
  open: boolean;
  batchId: string;
  personId: number | undefined;
  kind?: 'new' | 'renewal';
  onClose: (changed: boolean) => void;
}

const SEVERITY_COLOR: Record<Issue['severity'], string> = { error: 'red', warning: 'orange', fixed: 'gold' };
const SEVERITY_WORD: Record<Issue['severity'], string> = { error: '错误', warning: '提醒', fixed: '已自动修正' };

export function PersonDrawer({ open, batchId, personId, kind = 'new', onClose }: PersonDrawerProps) {
  const { message } = AntApp.useApp();
  const [detail, setDetail] = useState<PersonDetail>();
  const [values, setValues] = useState<Partial<Record<FieldKey, string>>>({});
  const [touched, setTouched] = useState<Partial<Record<FieldKey, string>>>({});
  const [issues, setIssues] = useState<Issue[]>([]);
  const [photoUrl, setPhotoUrl] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [changed, setChanged] = useState(false);
  const [ask, pathPrompt] = usePathPrompt();
  const columns = useMemo(() => templateColumns(kind), [kind]);
  // Once an added person is saved, later saves edit them rather than adding them again.
  const savedId = personId ?? detail?.id;

  const show = (d: PersonDetail) => {
    setDetail(d);
    setValues(Object.fromEntries(columns.map((c) => [c.key, String(d.fields[c.key] ?? '')])));
    setIssues(d.issues);
    void api['photos.preview']({ personId: d.id }).then((r) => setPhotoUrl(r.ok ? r.value.dataUrl : null));
  };

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    setTouched({});
    setChanged(false);
    setPhotoUrl(null);
    if (personId === undefined) {
      setDetail(undefined);
      setValues({});
      setIssues([]);
      return;
    }
    void api['persons.get']({ personId }).then((r) => (r.ok ? show(r.value) : setError(r.error.message)));
  }, [open, personId]);

  // Live findings: the rules on what is typed now, a moment after the last keystroke.
  useEffect(() => {
    if (!open || Object.keys(touched).length === 0) return;
    const t = setTimeout(() => {
      void api['persons.check']({ batchId, ...(savedId !== undefined ? { personId: savedId } : {}), fields: touched }).then((r) => {
        if (r.ok) setIssues(r.value);
      });
    }, 300);
    return () => clearTimeout(t);
  }, [touched]);

  const editable = detail === undefined || detail.status === 'draft' || detail.status === 'rejected';
  const byField = new Map<string, Issue[]>();
  for (const i of issues) byField.set(i.field, [...(byField.get(i.field) ?? []), i]);

  const save = async () => {
    setSaving(true);
    const r = savedId === undefined ? await api['persons.add']({ batchId, fields: values }) : await api['persons.update']({ personId: savedId, fields: touched });
    setSaving(false);
    if (!r.ok) return setError(r.error.message);
    setError(undefined);
    setTouched({});
    setChanged(true);
    show(r.value);
    const d = r.value;
    void message.success(
      d.errorCount > 0 ? `已保存，还有 ${d.errorCount} 个错误需要修改。` : d.status === 'rejected' ? (d.resubmit ? '已保存，已加入待提交队列，联网后自动重新提交审核。' : '已保存。') : '已保存，没有错误。',
    );
  };

  const attach = async () => {
    if (!detail) return;
    const file = (await ask({ title: '选择照片', mode: 'open', hint: '选择此人的证件照（JPG 或 PNG）。', filter: 'photos' }))?.[0];
    if (!file) return;
    const r = await api['photos.attach']({ personId: detail.id, file });
    if (!r.ok) return setError(r.error.message);
    setError(undefined);
    setChanged(true);
    show(r.value);
  };

  const fix = async () => {
    if (!detail) return;
    const r = await api['photos.fix']({ personId: detail.id });
    if (!r.ok) return setError(r.error.message);
    setError(undefined);
    setChanged(true);
    show(r.value.person);
    void message.info(r.value.changed ? `照片已修正：${r.value.actions.join('；')}` : '照片已经符合要求，没有改动。');
  };

  const photoIssues = detail?.photo?.issues ?? [];
  return (
    <Drawer
      open={open}
      width={960}
      title={detail ? `${detail.name || '（无姓名）'}　${detail.idNumber}` : '添加人员'}
      onClose={() => onClose(changed)}
      extra={
        <Space>
          {detail && <Tag>{personStatusWord(detail)}</Tag>}
          <Button type="primary" onClick={() => void save()} loading={saving} disabled={!editable}>
            保存
          </Button>
        </Space>
      }
    >
      {pathPrompt}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} closable onClose={() => setError(undefined)} />}
      {detail && detail.status === 'rejected' && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`审核意见：${detail.reviewComment}`} description="按审核意见修改并保存后，此人会自动重新提交审核。" />
      )}
      {!editable && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="此人已提交审核，不能修改。被退回后可以在“人员退回”中修改。" />}
      <Row gutter={24}>
        <Col span={16}>
          <Form layout="vertical" size="small" disabled={!editable}>
            <Row gutter={12}>
              {columns.map((c) => {
                const found = byField.get(c.key) ?? [];
                const worst = found.find((i) => i.severity === 'error') ?? found.find((i) => i.severity === 'warning');
                return (
                  <Col span={12} key={c.key}>
                    <Form.Item
                      label={c.header}
                      required={c.required}
                      tooltip={c.prompt}
                      validateStatus={worst ? (worst.severity === 'error' ? 'error' : 'warning') : undefined}
                      help={found.length ? found.map((i) => i.message).join(' ') : undefined}
                    >
                      <Input
                        aria-label={c.header}
                        value={values[c.key] ?? ''}
                        onChange={(e) => {
                          const v = e.target.value;
                          setValues((s) => ({ ...s, [c.key]: v }));
                          setTouched((s) => ({ ...s, [c.key]: v }));
                        }}
                      />
                    </Form.Item>
                  </Col>
                );
              })}
            </Row>
          </Form>
        </Col>
        <Col span={8}>
          <Typography.Title level={5}>照片</Typography.Title>
          {photoUrl ? <Image src={photoUrl} alt="证件照" width={180} data-testid="photo-preview" /> : <Empty description="还没有照片" />}
          <Space style={{ margin: '8px 0' }}>
            <Button onClick={() => void attach()} disabled={!detail || !editable}>
              选择照片
            </Button>
            <Button onClick={() => void fix()} disabled={!detail?.photo || !editable}>
              一键修正
            </Button>
          </Space>
          {detail?.photo && (
            <List
              size="small"
              dataSource={photoIssues}
              locale={{ emptyText: '照片符合要求。' }}
              renderItem={(i) => (
                <List.Item>
                  <Tag color={SEVERITY_COLOR[i.severity]}>{SEVERITY_WORD[i.severity]}</Tag>
                  {i.message}
                </List.Item>
              )}
            />
          )}
          {detail && detail.reviewRecords.length > 0 && (
            <>
              <Typography.Title level={5}>审核记录</Typography.Title>
              <Timeline
                items={detail.reviewRecords.map((r) => ({
                  color: r.result === 'approved' ? 'green' : 'red',
                  children: (
                    <Descriptions size="small" column={1} items={[
                      { label: REVIEW_LEVEL_NAME[r.level], children: `${r.result === 'approved' ? '通过' : '退回'}（第 ${r.version} 次提交）` },
                      { label: '审核人', children: r.reviewer },
                      { label: '时间', children: r.decidedAt.slice(0, 19).replace('T', ' ') },
                      ...(r.comment ? [{ label: '意见', children: r.comment }] : []),
                    ]} />
                  ),
                }))}
              />
            </>
          )}
        </Col>
      </Row>
    </Drawer>
  );
}
