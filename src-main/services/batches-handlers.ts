import type { DesktopDeps, ImplFor } from './handler-types.js';

/** 批次: the batches of this desk, newest first, and one by UUID or batch number. */
export function batchesHandlers({ registration }: Pick<DesktopDeps, 'registration'>): ImplFor<'batches.list' | 'batches.get'> {
  return {
    'batches.list': () => registration().listBatches(),
    'batches.get': (i) => registration().getBatch(i.batchId),
  };
}
