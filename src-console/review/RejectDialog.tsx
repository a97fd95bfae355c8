import { useEffect, useState } from 'react';
import { Alert, Checkbox, Input, Modal, Space, Typography } from 'antd';
import { REVIEW_COMMENT_MAX } from '../../src-shared/contract/sync-api.js';
import { REJECTION_REASONS } from './rejection-reasons.js';

const REJECT_DIALOG_CLASS = 'console-reject-dialog';

/**
 * A rejection needs a comment the unit can act on: pick common reasons with keys 1–9 (or click), add
 * words of your own, confirm with Ctrl+Enter.
 */
export function RejectDialog({ open, who, busy, error, onConfirm, onCancel }: {
  open: boolean;
  /** 张三 / 3 人 */
  who: string;
  busy: boolean;
  error: string | undefined;
  onConfirm: (comment: string) => void;
  onCancel: () => void;
}) {
  const [picked, setPicked] = useState<number[]>([]);
  const [own, setOwn] = useState('');
  const [tried, setTried] = useState(false);
  useEffect(() => {
    if (open) {
      setPicked([]);
      setOwn('');
      setTried(false);
    }
  }, [open]);

  const comment = [...picked.sort((a, b) => a - b).map((i) => REJECTION_REASONS[i]!), own.trim()].filter(Boolean).join('\n');
  const confirm = () => {
    setTried(true);
    if (comment) onConfirm(comment);
  };
  const toggle = (i: number) => setPicked((p) => (p.includes(i) ? p.filter((x) => x !== i) : [...p, i]));

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      // Keys typed into another dialog over this one (the sign-in after an expired session) are not ours.
      const otherDialog = (e.target as Element | null)?.closest?.('.ant-modal-wrap');
      if (otherDialog && !otherDialog.classList.contains(REJECT_DIALOG_CLASS)) return;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        confirm();
        return;
      }
      if ((e.target as HTMLElement | null)?.tagName === 'TEXTAREA') return;
      const n = Number(e.key);
      if (Number.isInteger(n) && n >= 1 && n <= REJECTION_REASONS.length) {
        e.preventDefault();
        toggle(n - 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <Modal
      open={open}
      title={`驳回：${who}`}
      okText="确认驳回（Ctrl+Enter）"
      okButtonProps={{ danger: true, loading: busy }}
      cancelText="取消"
      onOk={confirm}
      onCancel={onCancel}
      width={720}
      wrapClassName={REJECT_DIALOG_CLASS}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">选择常见原因（按数字键 1–{REJECTION_REASONS.length} 勾选），或在下面写明原因。单位会在“人员退回”里看到这段意见，并据此修改后重新提交。</Typography.Paragraph>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {REJECTION_REASONS.map((reason, i) => (
          <Checkbox key={reason} checked={picked.includes(i)} onChange={() => toggle(i)} data-testid={`reason-${i + 1}`}>
            <span className="console-kbd">{i + 1}</span> {reason}
          </Checkbox>
        ))}
        <Input.TextArea
          placeholder="补充说明（可选；没有勾选原因时必须填写）"
          value={own}
          onChange={(e) => setOwn(e.target.value)}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={REVIEW_COMMENT_MAX}
          aria-label="驳回意见"
        />
        {tried && !comment && <Alert type="error" showIcon title="驳回必须写明原因：请勾选常见原因，或在上面的框里写明，单位才知道怎么改。" />}
        {comment.length > REVIEW_COMMENT_MAX && <Alert type="error" showIcon title={`审核意见太长（${comment.length} 字，最多 ${REVIEW_COMMENT_MAX} 字），请少选几条或写短一些。`} />}
        {error && <Alert type="error" showIcon title={error} />}
      </Space>
    </Modal>
  );
}
