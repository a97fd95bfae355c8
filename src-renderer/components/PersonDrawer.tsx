import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Col, Drawer, Form, Row, Space, Tag } from 'antd';
import type { PersonDetail } from '../../src-shared/contract/desktop-api.js';
import { personStatusWord } from '../../src-shared/status-words.js';
import type { CodeChoiceTables } from '../../src-shared/contract/desktop-reference-api.js';
import type { Issue } from '../../src-shared/domain/issue.js';
import type { FieldKey } from '../../src-shared/domain/person.js';
import { templateColumns, type TemplateColumn } from '../../src-shared/template.js';
import { api } from '../api/desktop-client.js';
import { usePathPrompt } from './path-prompt.js';
import { useExamChoice } from '../exams/exam-choice.js';
import { photoPickHint } from '../photo-words.js';
import { FieldEditor } from './person-form/FieldEditor.js';
import { PhotoPanel } from './person-form/PhotoPanel.js';
import { ResubmitButton } from './person-form/ResubmitButton.js';
import { ReviewComment, ReviewHistory } from './person-form/ReviewPanel.js';
import { codeOptions } from './person-form/code-options.js';
import { newPersonDefaults } from './person-form/prefill.js';
import { useHelpTopic } from '../../src-web/manual/help-topic.js';
import { DIALOG_SECTIONS } from '../help/screen-sections.js';

/**
 * The person form: every template field in the editor it calls for (drop-downs from the code tables
 * in force, date pickers), the rules' findings as the clerk types (nothing is saved until 保存), the
 * photo with 选择照片 and 一键修正, and for a returned person the reviewer's comment beside the form
 * and 重新提交 — the only thing that sends them out again. Adds a person to `batchId` when `personId`
 * is undefined, or to a new batch when there is no `batchId` either.
 */
export interface PersonDrawerProps {
  open: boolean;
  batchId: string | undefined;
  personId: number | undefined;
  kind?: 'new' | 'renewal';
  /** `batchId`: where the person is, once saved (a new batch when added without one). */
  onClose: (changed: boolean, batchId?: string) => void;
}

type Values = Partial<Record<FieldKey, string>>;

/** What stops 重新提交: errors in the row and the photo, and having no photo. */
export function blockingErrors(d: PersonDetail): number {
  const photoErrors = d.photo ? d.photo.issues.filter((i) => i.severity === 'error').length : 1;
  return d.issues.filter((i) => i.severity === 'error').length + photoErrors;
}

export function PersonDrawer({ open, batchId, personId, kind = 'new', onClose }: PersonDrawerProps) {
  const { message, modal } = AntApp.useApp();
  const [detail, setDetail] = useState<PersonDetail>();
  // 帮助 / F1 while the form is open: the manual's part on returned people, or on findings and repairs.
  useHelpTopic(open ? (detail?.status === 'rejected' ? DIALOG_SECTIONS.returnedForm : DIALOG_SECTIONS.personForm) : undefined);
  const [values, setValues] = useState<Values>({});
  const [touched, setTouched] = useState<Values>({});
  const [issues, setIssues] = useState<Issue[]>([]);
  const [tables, setTables] = useState<CodeChoiceTables>();
  const [photoUrl, setPhotoUrl] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [sending, setSending] = useState(false);
  const [changed, setChanged] = useState(false);
  const [ask, pathPrompt] = usePathPrompt();
  const [withExam, examPrompt] = useExamChoice();
  const columns = useMemo(() => templateColumns(kind), [kind]);
  // Once an added person is saved, later saves edit them rather than adding them again.
  const savedId = personId ?? detail?.id;
  const theBatch = batchId ?? detail?.batchId;
  const dirty = Object.keys(touched).length > 0;

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
    // The tables in force may have changed with the last pull: read them each time the form opens.
    void api['reference.codeTables'](undefined).then((r) => (r.ok ? setTables(r.value) : setError(r.error.message)));
    if (personId === undefined) {
      setDetail(undefined);
      setValues({});
      setIssues([]);
      // A new person most likely works for the clerk's own unit: start with its name and 县(市、区).
      void api['account.get'](undefined).then((r) => {
        if (r.ok) setValues((v) => ({ ...newPersonDefaults(r.value), ...v }));
      });
      return;
    }
    void api['persons.get']({ personId }).then((r) => (r.ok ? show(r.value) : setError(r.error.message)));
  }, [open, personId]);

  // Live findings: the rules on what is typed now, a moment after the last change.
  useEffect(() => {
    if (!open || !dirty) return;
    const t = setTimeout(() => {
      const fields = savedId === undefined ? values : touched;
      void api['persons.check']({ ...(theBatch ? { batchId: theBatch } : {}), ...(savedId !== undefined ? { personId: savedId } : {}), fields }).then((r) => {
        if (r.ok) setIssues(r.value);
      });
    }, 300);
    return () => clearTimeout(t);
  }, [touched]);

  const editable = detail === undefined || detail.status === 'draft' || (detail.status === 'rejected' && !detail.resubmit);
  const byField = new Map<string, Issue[]>();
  for (const i of issues) byField.set(i.field, [...(byField.get(i.field) ?? []), i]);

  const save = async () => {
    setSaving(true);
    // Without a batch the person starts a new one, which registers for one exam (asked when several are open).
    const r =
      savedId !== undefined
        ? await api['persons.update']({ personId: savedId, fields: touched })
        : theBatch
          ? await api['persons.add']({ batchId: theBatch, fields: values })
          : await withExam('新批次', (examId) => api['persons.add']({ fields: values, ...(examId !== undefined ? { examId } : {}) }));
    setSaving(false);
    if (!r.ok) return setError(r.error.message);
    if (!r.value) return; // the exam choice was cancelled: nothing saved
    setError(undefined);
    setTouched({});
    setChanged(true);
    show(r.value);
    const d = r.value;
    const rest = d.status === 'rejected' ? (blockingErrors(d) === 0 ? '改完后点“重新提交”，此人才会再次进入审核。' : '') : '';
    void message.success(d.errorCount > 0 ? `已保存，还有 ${d.errorCount} 个错误需要修改。` : `已保存，没有错误。${rest}`);
  };

  const resubmit = async () => {
    if (!detail) return;
    setSending(true);
    const r = await api['persons.resubmit']({ personId: detail.id });
    setSending(false);
    if (!r.ok) return setError(r.error.message);
    setError(undefined);
    setChanged(true);
    show(r.value);
    void message.success('已重新提交，已加入待提交队列，联网后自动发送审核。');
  };

  const attach = async () => {
    if (!detail) return;
    const file = (await ask({ title: '选择照片', mode: 'open', hint: await photoPickHint('选择此人的证件照'), filter: 'photos' }))?.[0];
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

  // Typed but not saved is lost on closing: ask first (nothing entered is lost without the clerk's word).
  const close = () => {
    if (!dirty) return onClose(changed, detail?.batchId);
    modal.confirm({
      title: '还有没保存的修改',
      content: '关闭后，这些修改不会保存。',
      okText: '不保存，关闭',
      cancelText: '继续修改',
      onOk: () => onClose(changed, detail?.batchId),
    });
  };

  const returned = detail?.status === 'rejected';
  return (
    <Drawer
      open={open}
      width={1040}
      title={detail ? `${detail.name || '（无姓名）'}　${detail.idNumber}` : '添加人员'}
      onClose={close}
      extra={
        <Space>
          {detail && <Tag>{personStatusWord(detail)}</Tag>}
          <Button type={returned ? 'default' : 'primary'} onClick={() => void save()} loading={saving} disabled={!editable}>
            保存
          </Button>
          {returned && !detail.resubmit && <ResubmitButton errorCount={blockingErrors(detail)} unsaved={dirty} loading={sending} onConfirm={() => void resubmit()} />}
        </Space>
      }
    >
      {pathPrompt}
      {examPrompt}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} closable onClose={() => setError(undefined)} />}
      {savedId === undefined && !theBatch && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="没有选择批次：保存后会新建一个批次，此人放在其中。" />}
      {!editable && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={detail?.resubmit ? '此人已重新提交，等待审核，不能再修改。' : '此人已提交审核，不能修改。被退回后可以在“人员退回”中修改。'}
        />
      )}
      <Row gutter={24}>
        <Col span={16}>
          <Form layout="vertical" size="small" disabled={!editable}>
            <Row gutter={12}>
              {columns.map((c) => (
                <Col span={12} key={c.key}>
                  <FieldItem
                    column={c}
                    value={values[c.key] ?? ''}
                    found={byField.get(c.key) ?? []}
                    tables={tables}
                    onChange={(v) => {
                      setValues((s) => ({ ...s, [c.key]: v }));
                      setTouched((s) => ({ ...s, [c.key]: v }));
                    }}
                  />
                </Col>
              ))}
            </Row>
          </Form>
        </Col>
        <Col span={8}>
          {returned && detail && <ReviewComment detail={detail} />}
          <PhotoPanel detail={detail} url={photoUrl} editable={editable} onAttach={() => void attach()} onFix={() => void fix()} />
          {detail && <ReviewHistory records={detail.reviewRecords} />}
        </Col>
      </Row>
    </Drawer>
  );
}

/**
 * One labelled field with its findings under it. A value the rules repaired (本科 → 大学本科,
 * 2001/1/22 → 2001-01-22) is shown as it will be saved, before 保存.
 */
function FieldItem(props: { column: TemplateColumn; value: string; found: Issue[]; tables: CodeChoiceTables | undefined; onChange: (v: string) => void }) {
  const { column: c, found, tables } = props;
  const worst = found.find((i) => i.severity === 'error') ?? found.find((i) => i.severity === 'warning');
  const shownAs = (v: string) => {
    const table = c.table && tables?.[c.table];
    return (table && codeOptions(c.table!, table).find((o) => o.value === v)?.label) || v;
  };
  // In the box already as it will be saved (a saved person): the finding says what was repaired.
  const help = found.map((i, n) =>
    i.severity === 'fixed' && i.fixed !== undefined && i.fixed !== props.value ? (
      <div key={n} data-testid={`will-save-${c.key}`}>
        将保存为“{shownAs(i.fixed)}”
      </div>
    ) : (
      <div key={n}>{i.message}</div>
    ),
  );
  return (
    <Form.Item
      label={c.header}
      required={c.required}
      tooltip={c.prompt}
      validateStatus={worst ? (worst.severity === 'error' ? 'error' : 'warning') : undefined}
      help={help.length ? help : undefined}
    >
      <FieldEditor column={c} value={props.value} onChange={props.onChange} tables={tables} />
    </Form.Item>
  );
}
