import { cleanFileName } from '../../src-shared/file-names.js';
import type { BatchPutRequest } from '../../src-shared/contract/sync-api.js';
import { RULES_VERSION } from '../../src-shared/rules/version.js';
import type { Db } from '../store/open-store.js';
import { getBatch } from '../store/batches-repo.js';
import { listPersons, type StoredPerson } from '../store/persons-repo.js';
import { currentPhotosOfBatch } from '../store/photos-repo.js';
import { listEvidence } from '../store/evidence-repo.js';
import { resubmittingIds } from '../store/person-sync-repo.js';
import { CodedError } from '../../src-shared/coded-error.js';
import { knownExams } from '../exams/local-exams.js';
import { openJobFor } from '../store/outbox-repo.js';

/** A file the batch names, to upload if the server lacks it. */
export interface PayloadFile {
  sha256: string;
  size: number;
}

export interface BatchPayload {
  body: BatchPutRequest;
  files: PayloadFile[];
  persons: StoredPerson[];
}

/** Why a batch cannot go out yet; Chinese, names the people and what to do. */
export class NotReadyError extends CodedError<'not_ready'> {
  override name = 'NotReadyError';
  constructor(message: string) {
    super('not_ready', message, { userFacing: true });
  }
}

/**
 * A display name the server accepts: the base name without control, bidi or other invisible characters,
 * at most 255 characters (the shared rule of src-shared/file-names.ts; the server adds the extension of
 * the file's real type).
 */
function displayName(name: string, fallback: string): string {
  return cleanFileName(name) || fallback;
}

/**
 * The batch as the server wants it, built from the store every time: the same store gives the same
 * body (stable order, stored normal form), which is what makes a repeated push "unchanged" on the
 * server. Refuses a batch with rows that still have errors or people without a usable photo.
 */
export function buildBatchPayload(db: Db, batchId: string): BatchPayload {
  const batch = getBatch(db, batchId);
  if (!batch) throw new NotReadyError(`找不到批次 ${batchId}，可能已被删除。`);
  const persons = listPersons(db, batchId);
  if (persons.length === 0) throw new NotReadyError(`批次 ${batch.number} 里没有人员，不能提交。`);

  // Every reason at once, each naming its people: a clerk who fixes the rows should not learn of the
  // photos only at the next 提交.
  const photoRows = currentPhotosOfBatch(db, batchId);
  const photoOf = new Map(photoRows.map((r) => [r.personId, r]));
  const names = (list: readonly StoredPerson[]) => `${list.slice(0, 5).map((p) => p.fields.name || `第 ${p.rowNumber ?? '?'} 行`).join('、')}${list.length > 5 ? ' 等' : ''}`;
  const withErrors = persons.filter((p) => p.errorCount > 0);
  const noPhoto = persons.filter((p) => !photoOf.has(p.id));
  const badPhoto = persons.filter((p) => photoOf.get(p.id)?.issues.some((i) => i.severity === 'error'));
  const reasons = [
    withErrors.length > 0 ? `${withErrors.length} 人的信息还有错误（${names(withErrors)}），请先改正` : '',
    noPhoto.length > 0 ? `${noPhoto.length} 人还没有照片（${names(noPhoto)}），请先用“照片导入”或在人员表单中“选择照片”` : '',
    badPhoto.length > 0 ? `${badPhoto.length} 人的照片不符合规格（${names(badPhoto)}），请先“一键修正”或换照片` : '',
  ].filter((r) => r !== '');
  if (reasons.length > 0) throw new NotReadyError(`批次 ${batch.number} 还不能提交：${reasons.join('；')}。改好后再提交。`);
  // Where exams are known, a batch the server has not accepted yet must name its own (issue 19): the
  // server would guess only while one exam is in 报名 and ask for a choice otherwise (exam.choice_required).
  // A batch accepted before exam tasks keeps going without one (its returned people), as the server allows;
  // so does one already sent without its answer stored (the server may hold it: the push settles that).
  const neverSent = batch.status === 'draft' || (batch.status === 'ready' && !openJobFor(db, batchId)?.batchSentAt);
  if (batch.examId === null && neverSent && knownExams(db).length > 0) {
    throw new NotReadyError(`批次 ${batch.number} 还没有选择考试，不能提交。请在“人员导入”的批次表中点这个批次的“选择考试”，选好后再提交。`);
  }

  const evidence = listEvidence(db, batchId);
  const resubmit = new Set(resubmittingIds(db, batchId));
  const body: BatchPutRequest = {
    kind: batch.kind,
    name: batch.name,
    number: batch.number,
    createdAt: batch.createdAt,
    rulesVersion: RULES_VERSION,
    persons: persons.map((p) => {
      const photo = photoOf.get(p.id)!;
      return {
        key: String(p.id),
        fields: p.fields,
        photo: { sha256: photo.sha256, fileName: displayName(photo.fileName, `${p.fields.idNumber}.jpg`) },
        ...(resubmit.has(p.id) ? { resubmit: true } : {}),
      };
    }),
    evidence: evidence.map((e) => ({ sha256: e.sha256, kind: e.kind, fileName: displayName(e.fileName, `${e.kind}.pdf`) })),
    // Without one (made before any exam was known) the server takes the exam open for 报名.
    ...(batch.examId !== null ? { examId: batch.examId } : {}),
  };

  const files = new Map<string, PayloadFile>();
  for (const r of photoRows) files.set(r.sha256, { sha256: r.sha256, size: r.size });
  for (const e of evidence) files.set(e.sha256, { sha256: e.sha256, size: e.size });
  return { body, files: [...files.values()].sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1)), persons };
}
