import { App as AntApp, Button } from 'antd';
import type { BatchSummaryView, Result } from '../../src-shared/contract/desktop-api.js';
import { api } from '../api/desktop-client.js';

type Run = <T>(label: string, work: () => Promise<Result<T>>) => Promise<T | undefined>;

/**
 * 人员导入's 删除 of a draft batch: asks the backend what would go (a queued or sent batch is refused
 * there, with what to do, shown where the page shows errors), says it in the confirmation, deletes on
 * 删除. `run` is the page's useAction, `onDeleted` reloads the page's lists.
 */
export function useBatchDelete(run: Run, onDeleted: (batchId: string) => void): (b: BatchSummaryView) => Promise<void> {
  const { message, modal } = AntApp.useApp();
  return async (b) => {
    const what = await run('删除', () => api['batches.deletePreview']({ batchId: b.id }));
    if (!what) return;
    modal.confirm({
      title: `删除批次 ${what.number}？`,
      content: `删除批次 ${what.number}：${what.persons} 人、${what.photos} 张照片和 ${what.evidence} 份佐证资料将从本机删除，不能恢复。`,
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        const r = await run('删除', () => api['batches.delete']({ batchId: b.id }));
        if (!r) return;
        void message.success(`已删除批次 ${r.number}（${r.persons} 人）。`);
        onDeleted(r.batchId);
      },
    });
  };
}

/** The batch table's 操作 cell: 删除 for a batch still 填报中; its click does not select the row. */
export function BatchDeleteLink({ batch, onDelete }: { batch: BatchSummaryView; onDelete: (b: BatchSummaryView) => Promise<void> }) {
  if (batch.status !== 'draft') return null;
  return (
    <Button
      type="link"
      size="small"
      danger
      style={{ padding: 0 }}
      onClick={(e) => {
        e.stopPropagation();
        void onDelete(batch);
      }}
    >
      删除
    </Button>
  );
}
