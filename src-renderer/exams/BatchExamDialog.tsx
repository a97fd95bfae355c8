import { useEffect, useRef, useState } from 'react';
import type { RefSelectProps } from 'antd';
import { Alert, App as AntApp, Modal, Select, Typography } from 'antd';
import type { BatchSummaryView } from '../../src-shared/contract/desktop-api.js';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';

/**
 * 选择考试 / 更改考试 of one batch (人员导入; issue 19): a batch made before any exam was known, or with
 * the wrong one while it is not submitted. The list is the exams whose 网络报名 is open or still to come
 * (by the desktop's date, offline); main decides whether this batch may change and says why not, shown
 * here with the dialog left open. After the change, people whose 考试类别 does not fit the exam are named
 * in 问题清单 (the server's own check, said before 提交).
 */
export function BatchExamDialog({ batch, onClose }: { batch: BatchSummaryView | undefined; onClose: (changed: boolean) => void }) {
  const { message } = AntApp.useApp();
  const view = useCall(() => api['examTasks.list'](undefined), [batch?.id]);
  const [picked, setPicked] = useState<number>();
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const select = useRef<RefSelectProps>(null);
  useEffect(() => {
    setPicked(batch?.examId ?? undefined);
    setError(undefined);
  }, [batch?.id]);

  const today = view.value?.today ?? '';
  // Those in 报名 now first, then those to come; each group by its 报名's end (the soonest first).
  const choosable = (view.value?.exams ?? [])
    .filter((e) => e.windows.registration.end >= today)
    .sort((a, b) => Number(a.windows.registration.start > today) - Number(b.windows.registration.start > today) || a.windows.registration.end.localeCompare(b.windows.registration.end));
  const save = async () => {
    if (!batch || picked === undefined) return;
    setSaving(true);
    const r = await api['batches.setExam']({ batchId: batch.id, examId: picked });
    setSaving(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    const c = r.value;
    const misfit = c.mismatched > 0 ? `其中 ${c.mismatched} 人的考试类别与这个考试不符，请在“问题清单”中查看并修改。` : '';
    void (c.mismatched > 0 ? message.warning : message.success)(`批次 ${c.batchNumber} 报名“${c.examName}”。${misfit}`, c.mismatched > 0 ? 8 : 3);
    onClose(true);
  };
  const verb = batch?.examId ? '更改考试' : '选择考试';
  return (
    <Modal
      open={batch !== undefined}
      width={720}
      title={`${verb}：批次 ${batch?.number ?? ''}`}
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      okButtonProps={{ disabled: picked === undefined || picked === batch?.examId }}
      onOk={() => void save()}
      onCancel={() => onClose(false)}
      destroyOnHidden
      // The Select takes the keys once the dialog stands: ↓ opens it, Enter picks, Tab → 确定.
      afterOpenChange={(open) => open && select.current?.focus()}
    >
      <Typography.Paragraph>
        {batch?.examId ? `现在报名“${batch.examName}”。` : '这个批次还没有选择考试，选好后才能提交。'}
        一个批次只能报一个考试，批次里每个人的考试类别要与考试的考试类别一致。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Select<number>
        ref={select}
        data-testid="batch-exam-choice"
        aria-label="报名考试"
        style={{ width: '100%' }}
        placeholder={choosable.length ? '请选择考试' : '现在没有正在报名或即将报名的考试，请先“同步”'}
        value={picked}
        onChange={(v) => {
          setPicked(v);
          setError(undefined);
        }}
        options={choosable.map((e) => ({ value: e.id, label: `${e.name}（${e.category}，报名至 ${e.windows.registration.end}）` }))}
      />
    </Modal>
  );
}
