import type { BatchExamChange } from '../../src-shared/contract/desktop-exam-tasks-api.js';
import { chineseDay } from '../../src-shared/exam-status.js';
import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import { getBatch, setBatchExam, touchBatch } from '../store/batches-repo.js';
import { listPersons } from '../store/persons-repo.js';
import { openJobFor } from '../store/outbox-repo.js';
import { recordAudit } from '../store/audit-log.js';
import { ServiceError } from '../services/registration-service.js';
import { knownExams } from './local-exams.js';
import { recheckExamCategory } from './exam-category-recheck.js';

/**
 * A batch's exam after the fact (issue 19): 人员导入's 选择考试 / 更改考试, and the 考试类别 check the
 * desktop runs before 提交 with the same rule as the server (src-shared/rules/exam-category.ts).
 */

/**
 * 选择考试 / 更改考试. Allowed:
 * - a batch not yet accepted by the server (填报中, or 待提交 whose push the server refused), for an exam
 *   whose 网络报名 has not ended — one that opens later is fine, the batch can be prepared ahead;
 * - a batch accepted before exam tasks existed (it has none) whose returned people will go again.
 * Refused, with the reason and what to do: a batch in the queue or being uploaded (撤回 first), and one
 * the server holds with an exam already or with nobody returned — the server fixes a batch's exam when
 * it accepts it and would refuse another (batch.conflict), so the desktop says so first, offline.
 */
export function setExamOfBatch(db: Db, actor: Actor, today: string, batchId: string, examId: number): BatchExamChange {
  return db
    .transaction((): BatchExamChange => {
      const batch = getBatch(db, batchId);
      if (!batch) throw new ServiceError('not_found', '找不到这个批次，可能已被删除。请刷新“人员导入”的批次列表。');
      const exam = knownExams(db).find((e) => e.id === examId);
      if (!exam) throw new ServiceError('invalid_input', '所选的考试不在服务器发来的考试列表中。请在“同步设置”中点“同步”更新考试信息后重新选择。');
      const label = `批次 ${batch.number}`;
      const job = openJobFor(db, batchId);
      if (job && job.state !== 'failed') {
        throw new ServiceError('not_editable', `${label}已加入待提交队列，不能更改考试。要更改，请先在“人员提交”中撤回这个批次，再选择考试。`);
      }
      const accepted = batch.status === 'submitted' || batch.status === 'closed';
      if (!accepted) {
        if (today > exam.windows.registration.end) {
          throw new ServiceError('invalid_input', `${exam.name}的网络报名已于 ${chineseDay(exam.windows.registration.end)} 截止，不能再报这个考试。请选择正在报名或即将报名的考试。`);
        }
      } else if (batch.examId !== examId) {
        if (batch.examId !== null) {
          throw new ServiceError('not_editable', `${label}已经提交，服务器已按“${batch.examName}”收下，所报的考试不能再改。要报另一个考试，请新建批次。`);
        }
        const returned = listPersons(db, batchId).some((p) => p.status === 'rejected');
        if (!returned) {
          throw new ServiceError('not_editable', `${label}已经提交，正在审核或已审核通过，不能再选择考试。只有有人员被退回、要重新提交的批次才能补选考试。`);
        }
      }
      const now = actor.now();
      if (batch.examId !== examId) {
        setBatchExam(db, batchId, { id: exam.id, name: exam.name });
        touchBatch(db, batchId, now);
        recordAudit(db, actor, {
          action: 'batch.exam',
          entity: 'batch',
          entityId: batchId,
          field: 'exam',
          oldValue: batch.examName,
          newValue: exam.name,
          detail: batch.examId === null ? `${label}选择考试：${exam.name}` : `${label}的考试由“${batch.examName}”改为“${exam.name}”`,
        });
      }
      const checked = recheckExamCategory(db, batchId, now);
      return { batchId, batchNumber: batch.number, examId: exam.id, examName: exam.name, ...checked };
    })
    .immediate();
}
