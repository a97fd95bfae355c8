import { Button } from 'antd';
import type { BatchSummaryView } from '../../src-shared/contract/desktop-api.js';
import { tipped } from '../components/table-cells.js';
import { shortExamName } from './exam-name.js';

/**
 * 人员导入's 报名考试 cell: the exam's name (year and tail, whole in the tooltip) and, where the batch's
 * exam may still be chosen, a link that opens 选择考试 / 更改考试 — a button, so Tab reaches it and Enter
 * opens it. No link where no exam is known (nothing to choose) or the server holds the batch with its
 * exam (it fixed it on accepting); main refuses the rest with the reason (a batch in the queue).
 */
export function BatchExamCell({ batch, examsKnown, onChoose }: { batch: BatchSummaryView; examsKnown: boolean; onChoose: (b: BatchSummaryView) => void }) {
  const held = batch.examId !== null && (batch.status === 'submitted' || batch.status === 'closed');
  const name = batch.examName ? tipped(shortExamName(batch.examName), batch.examName) : null;
  if (!examsKnown || held) return name;
  const link = (text: string) => (
    <Button
      type="link"
      size="small"
      style={{ padding: 0, height: 'auto' }}
      aria-label={`${batch.examName ? '更改考试' : '选择考试'}（批次 ${batch.number}）`}
      onClick={(e) => {
        e.stopPropagation();
        onChoose(batch);
      }}
    >
      {text}
    </Button>
  );
  if (!name) return link('选择考试');
  // The name gives way (cut with …, whole in its tooltip), the link always shows.
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }}>
      <span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>{name}</span>
      {link('更改')}
    </div>
  );
}
