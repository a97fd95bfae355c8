import type { ReviewPendingBatch } from '../../../src-shared/contract/sync-api.js';

/**
 * What an approval does, in the words of the confirmation, from where each batch's approval leads
 * (the server's `afterApproval`, which knows the deployment's review levels and the unit's bureau).
 */

/** The confirmation's lines: the final approvals and, per bureau, those sent on; each with its count. */
export function approvalLines(rows: ReadonlyArray<{ batchId: string }>, batches: readonly ReviewPendingBatch[]): string[] {
  const byId = new Map(batches.map((b) => [b.batchId, b]));
  let final = 0;
  const onward = new Map<string, number>();
  for (const r of rows) {
    const after = byId.get(r.batchId)?.afterApproval;
    if (after) onward.set(after.jurisdiction, (onward.get(after.jurisdiction) ?? 0) + 1);
    else final++;
  }
  const lines = final > 0 ? [`终审通过：将为 ${final} 人生成学习账号，单位将收到结果。`] : [];
  for (const [jurisdiction, n] of onward) lines.push(`通过后将提交${jurisdiction}终审（${n} 人）。`);
  return lines;
}

/** The same for one person, short enough to sit beside the detail's 通过 button. */
export function approvalOutcome(batch: ReviewPendingBatch | undefined): string | undefined {
  if (!batch) return undefined;
  return batch.afterApproval ? `通过后提交${batch.afterApproval.jurisdiction}终审` : '终审通过：将生成学习账号';
}
