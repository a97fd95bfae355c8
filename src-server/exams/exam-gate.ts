import { chineseDay, EXAM_STAGE_LABEL, windowHolds, type ExamStage } from '../../src-shared/exam-status.js';
import type { Sql } from '../db/sql.js';
import { ApiError } from '../errors.js';
import { examsOpenForRegistration, getExam, hasAnyExam, nearestRegistration, type StoredExam } from './exams-store.js';

/**
 * Whether a batch PUT may register people for an exam today (China date by the server's clock). Asked
 * inside the batch's transaction (each method takes that transaction), so an extension committed a
 * moment earlier counts.
 *
 * Decisions (issue 19):
 * - A batch without `examId` (a desktop from before exam tasks) is taken to be for the one exam whose
 *   报名 is open, when exactly one is: in practice a province runs one exam at a time, and this keeps
 *   older desktops working and their batches tied to the right exam. With several open the server
 *   cannot tell which, so it asks for a choice; with none open it refuses as for a closed window. A
 *   deployment that has defined no exam at all keeps working as before (no exam, no window).
 * - Returned people may be sent again after 报名 has closed, until the 资格审核 window ends (without
 *   one, until 报名 ends): fixing a returned person is part of the review, and in the Guangxi notice 资格审核
 *   runs in the same window as 报名, so a return on the window's last day must still be answerable;
 *   once 资格审核 is over nobody could review the person anyway.
 * - Sending a batch again unchanged is never refused: it adds nobody (the desktop retries pushes).
 */
export interface ExamGate {
  /** The exam a new batch registers for (null: this deployment defines no exam); throws when refused. */
  forNewBatch(t: Sql): Promise<number | null>;
  /** Throws when returned people of a batch of exam `examId` (null: none) may no longer be sent again. */
  forResubmission(t: Sql, examId: number | null): Promise<void>;
}

export function examGate(requestedExamId: number | undefined, today: string): ExamGate {
  return {
    async forNewBatch(db) {
      if (requestedExamId !== undefined) {
        const exam = await getExam(db, requestedExamId);
        if (!exam) throw unknownExam(requestedExamId);
        if (!windowHolds(exam.windows.registration, today)) throw registrationClosed(exam, today);
        return exam.id;
      }
      if (!(await hasAnyExam(db))) return null;
      const open = await examsOpenForRegistration(db, today, 6);
      if (open.length === 1) return open[0]!.id;
      if (open.length > 1) {
        throw new ApiError(
          422,
          'exam.choice_required',
          `现在有${open.length > 5 ? '多' : ` ${open.length} `}个考试正在网络报名（${open.slice(0, 5).map((e) => e.name).join('、')}），服务器不知道这个批次报的是哪一个。请把报名助手升级到最新版本，在批次上选择考试后再提交。`,
        );
      }
      const nearest = await nearestRegistration(db, today);
      throw nearest ? registrationClosed(nearest, today) : new ApiError(422, 'exam.registration_closed', '现在没有正在网络报名的考试，不能提交。请留意司法局的报名通知。');
    },
    async forResubmission(db, examId) {
      if (examId === null) return;
      const exam = await getExam(db, examId);
      if (!exam) return;
      const { stage, end } = reviewEnd(exam);
      if (today > end) {
        throw new ApiError(
          422,
          'exam.review_closed',
          `${exam.name}的${EXAM_STAGE_LABEL[stage]}已于 ${chineseDay(end)} 截止，被退回的人员不能再重新提交。如确需补报，请联系司法局延长${EXAM_STAGE_LABEL[stage]}时间。`,
        );
      }
    },
  };
}

/** Until when returned people may be sent again: the later of 报名's and 资格审核's ends. */
function reviewEnd(exam: StoredExam): { stage: ExamStage; end: string } {
  const review = exam.windows.review;
  return review && review.end > exam.windows.registration.end ? { stage: 'review', end: review.end } : { stage: 'registration', end: exam.windows.registration.end };
}

function registrationClosed(exam: StoredExam, today: string): ApiError {
  const w = exam.windows.registration;
  const message =
    today < w.start
      ? `${exam.name}的网络报名 ${chineseDay(w.start)} 才开始（至 ${chineseDay(w.end)}），现在还不能提交。请到报名开始后再提交。`
      : `${exam.name}的网络报名已于 ${chineseDay(w.end)} 截止，不能再提交。如需补报，请联系司法局延长报名时间。`;
  return new ApiError(422, 'exam.registration_closed', message);
}

function unknownExam(id: number): ApiError {
  return new ApiError(422, 'exam.unknown', `服务器上没有编号为 ${id} 的考试。请在报名助手里点“同步”更新考试信息，为批次重新选择考试后再提交。`);
}
