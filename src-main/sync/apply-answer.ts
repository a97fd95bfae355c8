import type { BatchPersonState, BatchPutResponse, RowProblem } from '../../src-shared/contract/sync-api.js';
import type { Db } from '../store/open-store.js';
import { reviewStepName } from '../../src-shared/contract/sync-common.js';
import type { Actor } from '../store/clock.js';
import { recordAudit } from '../store/audit-log.js';
import { setBatchStatus } from '../store/batches-repo.js';
import { personIssues, setPersonIssues } from '../store/persons-repo.js';
import { applyServerAnswer } from '../store/person-sync-repo.js';

/** 青秀区司法局（县级审核）, 自治区交通运输厅（部门法制机构审核）, or '' when nobody is to review next. */
export function pendingText(p: BatchPersonState['pendingAt']): string {
  return p ? `${p.jurisdiction}（${reviewStepName(p.level, p.kind)}审核）` : '';
}

/**
 * Stores what the server answered to a push: each person's status, version and next reviewer, and
 * the batch as submitted. The caller runs this in the transaction that marks the job done, so the
 * answer and "done" are stored together or not at all.
 */
export function applyBatchAnswer(db: Db, batchId: string, answer: BatchPutResponse, actor: Actor): void {
  const at = actor.now();
  for (const p of answer.persons) {
    applyServerAnswer(db, batchId, { id: Number(p.key), status: p.status, version: p.version, pendingAt: pendingText(p.pendingAt) }, at);
  }
  setBatchStatus(db, batchId, 'submitted', at);
  recordAudit(db, actor, {
    action: answer.result === 'created' ? 'batch.submitted' : answer.result === 'resubmitted' ? 'batch.resubmitted' : 'batch.confirmed',
    entity: 'batch',
    entityId: batchId,
    detail:
      answer.result === 'created'
        ? `服务器已接收批次，共 ${answer.persons.length} 人`
        : answer.result === 'resubmitted'
          ? `服务器已接收重新提交的 ${answer.resubmitted.length} 人`
          : '服务器确认批次已在服务器上，没有变化',
  });
}

/**
 * The server refused rows: its findings join each person's own, so the clerk sees them where they
 * look (the person's problems), not only in a message.
 */
export function applyRowProblems(db: Db, batchId: string, rows: readonly RowProblem[], actor: Actor): void {
  const at = actor.now();
  for (const r of rows) {
    const id = Number(r.key);
    const own = personIssues(db, id, batchId);
    if (!own) continue;
    const seen = new Set(own.map((i) => `${i.field}|${i.code}`));
    const merged = [...own, ...r.issues.filter((i) => i.severity === 'error' && !seen.has(`${i.field}|${i.code}`)).map((i) => ({ ...i, message: `服务器检查：${i.message}` }))];
    setPersonIssues(db, id, merged, at);
  }
}
