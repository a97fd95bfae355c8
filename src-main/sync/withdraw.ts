import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import { getBatch, setBatchStatus } from '../store/batches-repo.js';
import { getJob, holderGone, setState } from '../store/outbox-repo.js';
import { resubmittingIds, setResubmit } from '../store/person-sync-repo.js';
import { recordAudit } from '../store/audit-log.js';
import { CodedError } from '../../src-shared/coded-error.js';

/**
 * 撤回 (人员提交, issue 17): a push that has not gone out is taken back, and the batch is the clerk's
 * again — a first submission back to 填报中, where people can be fixed or deleted; a resubmission of
 * returned people leaves them 已退回, to be edited further. Refused while a push may be at it, and once
 * the batch itself went out without its answer stored (the server may have it: a sync settles that).
 * A failed job ended with the server's refusal, so nothing of it is there.
 */

export class WithdrawError extends CodedError<'not_found' | 'not_withdrawable'> {
  override name = 'WithdrawError';
  constructor(code: WithdrawError['code'], message: string) {
    super(code, message, { userFacing: true });
  }
}

export function withdrawJob(db: Db, actor: Actor, jobId: number): { batchId: string; batchNumber: string } {
  return db
    .transaction(() => {
      const now = actor.now();
      const job = getJob(db, jobId);
      const batch = job && getBatch(db, job.batchId);
      if (!job || !batch || job.state === 'done' || job.state === 'cancelled') {
        throw new WithdrawError('not_found', '这次提交已经结束或已撤回，请刷新“人员提交”列表后再看。');
      }
      // Running, and its pusher may still be at it (its lease passed, but it is not known to be gone: a
      // PC that slept wakes up and carries on sending): only once it has let go is the job ours to stop.
      if (job.state === 'running' && !holderGone(job.runner)) {
        throw new WithdrawError('not_withdrawable', `批次 ${batch.number} 正在上传，不能撤回。请先等它结束：上传完成后进入审核，被退回的人员可在“人员退回”中修改。`);
      }
      if (job.state !== 'failed' && job.batchSentAt !== '') {
        throw new WithdrawError(
          'not_withdrawable',
          `批次 ${batch.number} 已发到服务器，还在等服务器确认，不能撤回。请在“同步设置”中点“同步”：服务器没有收到的话会自动重新排队，那时可以撤回。`,
        );
      }
      setState(db, job.id, [job.state], 'cancelled', now);
      if (batch.status === 'ready') setBatchStatus(db, batch.id, 'draft', now);
      // A resubmission taken back: its people stay 已退回 and do not go out with a later push.
      for (const id of resubmittingIds(db, batch.id)) setResubmit(db, id, false);
      recordAudit(db, actor, {
        action: 'batch.withdraw',
        entity: 'batch',
        entityId: batch.id,
        detail: batch.status === 'submitted' ? `批次 ${batch.number} 的重新提交已撤回` : `批次 ${batch.number} 已从待提交队列撤回，回到填报中`,
      });
      return { batchId: batch.id, batchNumber: batch.number };
    })
    .immediate();
}
