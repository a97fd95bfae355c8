/**
 * The one set of words the clerk reads for where a person or a batch stands, on every screen and in
 * the CLI: a person sent and not yet decided is 待审核 everywhere (not 已提交 on one screen and 审核中
 * on another). Two standings come from the upload, not from the server: 待确认 (the batch went out
 * and the server's answer was never stored) and 已重新提交 (a returned person queued to go again).
 */
export type PersonStatus = 'draft' | 'submitted' | 'county_approved' | 'approved' | 'rejected';
export type BatchStatus = 'draft' | 'ready' | 'submitted' | 'closed';

export const PERSON_STATUS_WORDS: Record<PersonStatus, string> = {
  draft: '未提交',
  submitted: '待审核',
  // 初审 and 终审 are the source documents' words; they fit both chains (county → city, department → province).
  county_approved: '初审已通过',
  approved: '审核通过',
  rejected: '已退回',
};

export const BATCH_STATUS_WORDS: Record<BatchStatus, string> = { draft: '填报中', ready: '待提交', submitted: '已提交', closed: '已结束' };

/** Sent, the answer not stored yet: a push or a pull settles it. */
export const UNCONFIRMED_WORD = '待确认';
/** A returned person the clerk sent again, waiting in the queue. */
export const RESUBMITTED_WORD = '已重新提交';

/** A person's word: the upload's standing first (待确认, 已重新提交), else the review's. */
export function personStatusWord(p: { status: PersonStatus; resubmit?: boolean; unconfirmed?: boolean }): string {
  if (p.unconfirmed) return UNCONFIRMED_WORD;
  if (p.resubmit && p.status === 'rejected') return RESUBMITTED_WORD;
  return PERSON_STATUS_WORDS[p.status];
}
