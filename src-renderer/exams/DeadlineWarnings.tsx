import { Alert, Space } from 'antd';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';

/**
 * "…考试的网络报名将于 9月18日 截止（还有 2 天），请尽快提交。" for each exam whose 报名 closes soon and
 * that still has batches not submitted here (首页, 人员导入). Computed in main from the stored exams and
 * the desktop's date, so it shows offline too. `version` reloads it (an import, a submit, a pull).
 */
export function DeadlineWarnings({ version }: { version?: unknown }) {
  const view = useCall(() => api['examTasks.list'](undefined), [version]);
  const warnings = view.value?.warnings ?? [];
  if (warnings.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {warnings.map((w) => (
        <Alert key={w.examId} type={w.daysLeft <= 1 ? 'error' : 'warning'} showIcon data-testid="deadline-warning" message={w.text} description={`本单位还有 ${w.batches} 个批次没有提交：请在“人员提交”中提交。`} />
      ))}
    </Space>
  );
}
