import { useEffect, useState } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ExamView } from '../../../src-shared/contract/sync-api.js';
import { chineseDay, EXAM_STAGE_LABEL, type ExamStage } from '../../../src-shared/exam-status.js';
import { callApi } from '../../api/console-client.js';

const DATE = 'YYYY-MM-DD';

/**
 * 延长: one window's end moved later, with the reason the history keeps. Only later dates can be
 * picked; the server checks again. Extending 网络报名 lets units submit again at once.
 */
export function ExtendDialog({ exam, stage, onClose, onSaved }: { exam: ExamView; stage: ExamStage | null; onClose: () => void; onSaved: (e: ExamView) => void }) {
  const [form] = Form.useForm<{ end: Dayjs | null; reason: string }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const w = stage ? exam.windows[stage] : null;

  useEffect(() => {
    if (stage) {
      form.resetFields();
      setError(undefined);
    }
  }, [stage, form]);

  const save = async () => {
    if (!stage) return;
    let v: { end: Dayjs | null; reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    const r = await callApi('POST /admin/exams/:examId/extend', { stage, end: v.end!.format(DATE), reason: v.reason }, { examId: exam.id });
    setBusy(false);
    if (!r.ok) setError(r.error.message);
    else onSaved(r.value);
  };

  const label = stage ? EXAM_STAGE_LABEL[stage] : '';
  return (
    <Modal title={`延长${label}`} open={stage !== null && w !== null} okText="延长" cancelText="取消" confirmLoading={busy} onOk={() => void save()} onCancel={onClose} destroyOnHidden width={560}>
      {w && (
        <>
          <Typography.Paragraph>
            {exam.name}的{label}现在截止于 <Typography.Text strong className="console-nowrap">
              {chineseDay(w.end)}
            </Typography.Text>。延长后立即生效{stage === 'registration' ? '，各单位可以继续提交' : ''}；原因记入延长记录。
          </Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void save()}>
            <Form.Item name="end" label="新的截止日期" rules={[{ required: true, message: '请选择新的截止日期。' }]}>
              <DatePicker format={DATE} style={{ width: 200 }} autoFocus disabledDate={(d) => !d.isAfter(dayjs(w.end, DATE), 'day')} defaultPickerValue={dayjs(w.end, DATE)} />
            </Form.Item>
            <Form.Item name="reason" label="延长原因" rules={[{ required: true, whitespace: true, message: '请填写延长的原因（如 部分单位因系统故障未能按时报名）。' }]}>
              <Input.TextArea rows={2} maxLength={200} showCount placeholder="如 部分单位因系统故障未能按时报名" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
