import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Descriptions, Radio, Space, Steps, Table, Typography } from 'antd';
import {
  ADMIN_RECORD_FILE_MAX_BYTES,
  adminRecordImportResponseSchema,
  adminRecordPreviewResponseSchema,
  type AdminRecordImportResponse,
  type AdminRecordPreviewResponse,
} from '../../src-shared/contract/sync-api.js';
import { postFile } from '../api/console-client.js';

type Kind = 'study_record' | 'exam_score';
const KIND_TEXT: Record<Kind, string> = { study_record: '人员学习记录', exam_score: '人员考试成绩' };
type RecordImportAnswer = AdminRecordPreviewResponse | AdminRecordImportResponse;
const answerSchema = adminRecordPreviewResponseSchema.or(adminRecordImportResponseSchema);

/**
 * Imports the study platform's exports (学习记录, 考试成绩): preview first — what would be added,
 * updated or left alone, and each row that cannot be used with the reason — then apply. Rows with
 * errors are left out and listed; the rest go to their units through the change feed.
 */
export function RecordImportPage() {
  const { message } = AntApp.useApp();
  const [kind, setKind] = useState<Kind>('exam_score');
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<RecordImportAnswer>();
  const [result, setResult] = useState<RecordImportAnswer>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<'preview' | 'import'>();

  const reset = () => {
    setPreview(undefined);
    setResult(undefined);
    setError(undefined);
  };
  const send = async (step: 'preview' | 'import') => {
    if (!file) return;
    if (file.size > ADMIN_RECORD_FILE_MAX_BYTES) {
      setError(`“${file.name}”有 ${(file.size / 1024 / 1024).toFixed(1)} MB，超过 50 MB 的上限。请按时间分几次导出后再导入。`);
      return;
    }
    setBusy(step);
    const r = await postFile(`/admin/records/${kind}/${step}`, file, { fileName: file.name }, (j) => answerSchema.parse(j));
    setBusy(undefined);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setError(undefined);
    if (step === 'preview') setPreview(r.value);
    else {
      setResult(r.value);
      message.success(`导入完成：新增 ${r.value.summary.added} 条，更新 ${r.value.summary.updated} 条。`);
    }
  };

  const shown = result ?? preview;
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        学习记录与考试成绩
      </Typography.Title>
      <Steps
        size="small"
        style={{ maxWidth: 720, marginBottom: 16 }}
        current={result ? 2 : preview ? 1 : 0}
        items={[{ title: '选择文件' }, { title: '预览检查' }, { title: '确认导入' }]}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space orientation="vertical">
          <Radio.Group
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as Kind);
              reset();
            }}
            options={[
              { value: 'exam_score', label: KIND_TEXT.exam_score },
              { value: 'study_record', label: KIND_TEXT.study_record },
            ]}
          />
          <Space>
            <input
              type="file"
              aria-label="选择文件"
              accept=".xlsx,.csv"
              onChange={(e) => {
                setFile(e.target.files?.[0]);
                reset();
              }}
            />
            <Button type="primary" disabled={!file} loading={busy === 'preview'} onClick={() => void send('preview')}>
              预览
            </Button>
            <Button type="primary" danger disabled={!preview || !!result} loading={busy === 'import'} onClick={() => void send('import')}>
              确认导入
            </Button>
          </Space>
          <Typography.Text type="secondary">
            学习平台导出的 .xlsx 或 .csv，最大 50 MB。按身份证号找到审核通过的人员，发给其所在单位；同一人同一开始时间的记录再次导入不会重复。
          </Typography.Text>
        </Space>
      </Card>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {shown && <ImportSummaryView answer={shown} applied={!!result} />}
    </>
  );
}

function ImportSummaryView({ answer, applied }: { answer: RecordImportAnswer; applied: boolean }) {
  const s = answer.summary;
  const problems = [
    ...s.invalid.map((r) => ({ ...r, reason: r.message })),
    ...s.unmatched.map((r) => ({ ...r, reason: '没有找到审核通过的这个身份证号，这一行不会导入。请核对身份证号，或等此人审核通过后再导入。' })),
  ].sort((a, b) => a.row - b.row);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type={applied ? 'success' : 'info'}
        showIcon
        data-testid="import-outcome"
        title={
          applied
            ? `已导入“${s.file}”：新增 ${s.added} 条，更新 ${s.updated} 条，未变 ${s.unchanged} 条；${problems.length} 行有问题未导入。`
            : `预览“${s.file}”（还没有导入）：将新增 ${s.added} 条，更新 ${s.updated} 条，未变 ${s.unchanged} 条；${problems.length} 行有问题，不会导入。确认无误后点“确认导入”。`
        }
      />
      <Descriptions size="small" bordered column={4}>
        <Descriptions.Item label="表格">{s.title}</Descriptions.Item>
        <Descriptions.Item label="数据行">{s.rows}</Descriptions.Item>
        <Descriptions.Item label="表头在第">{s.headerRow} 行</Descriptions.Item>
        <Descriptions.Item label="缺少的列">{s.missingColumns.length > 0 ? s.missingColumns.join('、') : '无'}</Descriptions.Item>
      </Descriptions>
      {problems.length > 0 && (
        <Card size="small" title={`有问题的行（${problems.length}）`}>
          <Table
            size="small"
            rowKey={(r) => `${r.row}`}
            data-testid="problem-rows"
            dataSource={problems}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            columns={[
              { title: '行号', dataIndex: 'row', width: 70 },
              { title: '姓名', dataIndex: 'name', width: 100 },
              { title: '身份证号', dataIndex: 'idNumber', width: 200 },
              { title: '问题和处理办法', dataIndex: 'reason' },
            ]}
          />
        </Card>
      )}
      {s.nameMismatches.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`${s.nameMismatches.length} 行的姓名与报名时不同（按身份证号导入了）：${s.nameMismatches
            .slice(0, 5)
            .map((m) => `第 ${m.row} 行 ${m.name}（报名为 ${m.registeredName}）`)
            .join('；')}`}
        />
      )}
      {answer.preview && answer.sample.length > 0 && (
        <Card size="small" title={`将导入的前 ${answer.sample.length} 行`}>
          <Table
            size="small"
            rowKey={(r) => `${r.row}`}
            dataSource={answer.sample}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { title: '行号', dataIndex: 'row', width: 60 },
              { title: '姓名', dataIndex: 'name', width: 90 },
              { title: '身份证号', dataIndex: 'idNumber', width: 190 },
              ...Object.keys(answer.sample[0]!.values)
                .slice(0, 6)
                .map((h) => ({ title: h, key: h, render: (_: unknown, r: (typeof answer.sample)[number]) => r.values[h] })),
            ]}
          />
        </Card>
      )}
      {s.units.length > 0 && (
        <Typography.Text type="secondary">发往单位：{s.units.map((u) => `${u.unitName} ${u.changes} 条`).join('，')}</Typography.Text>
      )}
    </Space>
  );
}
