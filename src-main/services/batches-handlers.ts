import { DeletionService } from './deletion-service.js';
import { setExamOfBatch } from '../exams/batch-exam.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/**
 * 批次: the batches of this desk, newest first, one by UUID or batch number, 删除 of a draft one, and
 * 选择考试 / 更改考试 (issue 19).
 */
export function batchesHandlers({ registration, db, blobs, actor, today }: Pick<DesktopDeps, 'registration' | 'db' | 'blobs' | 'actor' | 'today'>): ImplFor<
  'batches.list' | 'batches.get' | 'batches.deletePreview' | 'batches.delete' | 'batches.setExam'
> {
  const deletion = new DeletionService(db, blobs, actor);
  return {
    'batches.list': () => registration().listBatches(),
    'batches.get': (i) => registration().getBatch(i.batchId),
    'batches.deletePreview': (i) => deletion.previewBatch(i.batchId),
    'batches.delete': (i) => deletion.deleteBatch(i.batchId),
    'batches.setExam': (i) => setExamOfBatch(db, actor, today(), registration().getBatch(i.batchId).id, i.examId),
  };
}
