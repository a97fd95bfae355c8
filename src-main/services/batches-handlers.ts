import { DeletionService } from './deletion-service.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/** 批次: the batches of this desk, newest first, one by UUID or batch number, and 删除 of a draft one. */
export function batchesHandlers({ registration, db, blobs, actor }: Pick<DesktopDeps, 'registration' | 'db' | 'blobs' | 'actor'>): ImplFor<
  'batches.list' | 'batches.get' | 'batches.deletePreview' | 'batches.delete'
> {
  const deletion = new DeletionService(db, blobs, actor);
  return {
    'batches.list': () => registration().listBatches(),
    'batches.get': (i) => registration().getBatch(i.batchId),
    'batches.deletePreview': (i) => deletion.previewBatch(i.batchId),
    'batches.delete': (i) => deletion.deleteBatch(i.batchId),
  };
}
