import type { EvidenceService } from '../evidence/evidence-service.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

type EvidenceMethod = 'evidence.list' | 'evidence.add' | 'evidence.remove';

/** 佐证资料: a batch's proof documents, listed, added and removed. */
export function evidenceHandlers({ registration, evidence }: Pick<DesktopDeps, 'registration' | 'evidence'>): ImplFor<EvidenceMethod> {
  const view = (e: ReturnType<EvidenceService['list']>[number]) => ({ id: e.id, fileName: e.fileName, kind: e.kind, size: e.size, mime: e.mime, createdAt: e.createdAt });
  return {
    'evidence.list': (i) => evidence.list(registration().getBatch(i.batchId).id).map(view),
    'evidence.add': (i) => view(evidence.add(registration().getBatch(i.batchId), i.file, i.kind)),
    'evidence.remove': (i) => {
      evidence.remove(registration().getBatch(i.batchId), i.evidenceId);
      return { ok: true as const };
    },
  };
}
