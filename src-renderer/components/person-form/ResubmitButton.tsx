import { Button, Popconfirm, Tooltip } from 'antd';

/**
 * 重新提交 for a returned person, in the form and on 人员退回's row: the one click that sends them out
 * again. Says first what happens; says why when it cannot be pressed.
 */
export interface ResubmitButtonProps {
  /** Errors left in the row and the photo (no photo counts). */
  errorCount: number;
  /** Edits typed but not saved: they would not go out, so saving comes first. */
  unsaved?: boolean;
  loading?: boolean;
  size?: 'small' | 'middle';
  onConfirm: () => void;
}

export const RESUBMIT_CONFIRM = '重新提交后，此人将再次进入审核，不能再修改。';

export function ResubmitButton({ errorCount, unsaved = false, loading = false, size = 'middle', onConfirm }: ResubmitButtonProps) {
  const why = unsaved ? '还有没保存的修改，请先点“保存”。' : errorCount > 0 ? `还有 ${errorCount} 个错误，改正并保存后才能重新提交。` : '';
  if (why) {
    return (
      <Tooltip title={why}>
        <Button size={size} type="primary" disabled>
          重新提交
        </Button>
      </Tooltip>
    );
  }
  return (
    <Popconfirm title="重新提交" description={RESUBMIT_CONFIRM} okText="重新提交" cancelText="取消" onConfirm={onConfirm}>
      <Button size={size} type="primary" loading={loading}>
        重新提交
      </Button>
    </Popconfirm>
  );
}
