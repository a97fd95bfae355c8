import { chinaToday } from '../../src-shared/china-time.js';
import { chineseDay, EXAM_STAGE_LABEL, examTaskState } from '../../src-shared/exam-status.js';
import {
  EXAMS_IN_REFERENCE,
  EXAMS_LISTED,
  EXTENSIONS_LISTED,
  type ExamExtendRequest,
  type ExamInput,
  type ExamListResponse,
  type ExamSummary,
  type ExamView,
} from '../../src-shared/contract/sync-exams.js';
import type { CodeLookup } from '../../src-shared/rules/code-tables.js';
import { recordAudit } from '../db/audit.js';
import type { Db } from '../db/open-db.js';
import { ApiError } from '../errors.js';
import { examIdByName, setResultsAnnouncedOn, examsForReference, extendWindow, extensionsOf, getExam, insertExam, listExams, updateExam, type StoredExam } from './exams-store.js';

/** The administrator making a change. */
export interface ExamActor {
  userId: number;
  name: string;
  ip: string;
  now: Date;
}

function summaryOf(exam: StoredExam, today: string): ExamSummary {
  return {
    id: exam.id,
    name: exam.name,
    category: exam.category,
    windows: exam.windows,
    feeYuan: exam.feeYuan,
    sites: exam.sites,
    eligibility: exam.eligibility,
    resultsAnnouncedOn: exam.resultsAnnouncedOn,
    state: examTaskState(exam.windows, today),
  };
}

function viewsOf(db: Db, exams: StoredExam[], today: string): ExamView[] {
  const extensions = extensionsOf(db, exams.map((e) => e.id), EXTENSIONS_LISTED);
  return exams.map((e) => ({ ...summaryOf(e, today), extensions: extensions.get(e.id) ?? [], createdAt: e.createdAt, updatedAt: e.updatedAt }));
}

function viewOf(db: Db, id: number, today: string): ExamView {
  const exam = getExam(db, id);
  if (!exam) throw notFound(id);
  return viewsOf(db, [exam], today)[0]!;
}

function notFound(id: number): ApiError {
  return new ApiError(404, 'not_found', `没有编号为 ${id} 的考试，可能已被其他管理员改动。请刷新页面后重试。`);
}

/** GET /admin/exams: newest 报名 first, bounded. */
export function examList(db: Db, now: Date): ExamListResponse {
  const today = chinaToday(now);
  return { exams: viewsOf(db, listExams(db, EXAMS_LISTED), today), today };
}

/** GET /reference's exams: the ones not over yet first, then the latest ended, bounded. */
export function referenceExams(db: Db, now: Date): ExamSummary[] {
  const today = chinaToday(now);
  return examsForReference(db, today, EXAMS_IN_REFERENCE).map((e) => summaryOf(e, today));
}

/** A 公告 date before the exam itself is a typing slip: certificates would start before it was sat. */
function checkAnnouncement(input: ExamInput): void {
  const day = input.resultsAnnouncedOn;
  if (day && day < input.windows.exam.start) {
    throw new ApiError(400, 'request.invalid', `成绩合格确认公告日期（${chineseDay(day)}）早于考试开始（${chineseDay(input.windows.exam.start)}），请检查。`);
  }
}

/** 考试类别 as the code table names it (综合 -> 综合法律知识考试), or a Chinese refusal. */
function checkedInput(input: ExamInput, categories: CodeLookup): ExamInput {
  checkAnnouncement(input);
  const r = categories.resolve(input.category);
  if (r.kind === 'invalid') {
    throw new ApiError(400, 'request.invalid', `考试类别“${input.category}”不在代码表中，请从列表中选择（${categories.listForMessage()}）。`);
  }
  return { ...input, category: r.value };
}

function refuseDuplicateName(db: Db, name: string, exceptId?: number): void {
  const other = examIdByName(db, name);
  if (other !== undefined && other !== exceptId) throw new ApiError(409, 'admin.conflict', `已有名为“${name}”的考试，请换一个名称（如加上年度或批次）。`);
}

export function createExam(db: Db, input: ExamInput, categories: CodeLookup, actor: ExamActor): ExamView {
  const exam = checkedInput(input, categories);
  const at = actor.now.toISOString();
  const id = db
    .transaction(() => {
      refuseDuplicateName(db, exam.name);
      const newId = insertExam(db, exam, actor.userId, at);
      setResultsAnnouncedOn(db, newId, exam.resultsAnnouncedOn);
      recordAudit(db, { at: actor.now, actorUserId: actor.userId, actor: actor.name, action: 'exam.create', entity: 'exam', entityId: newId, detail: { name: exam.name, eligibility: exam.eligibility ?? null }, ip: actor.ip });
      return newId;
    })
    .immediate();
  return viewOf(db, id, chinaToday(actor.now));
}

export function changeExam(db: Db, id: number, input: ExamInput, categories: CodeLookup, actor: ExamActor): ExamView {
  const exam = checkedInput(input, categories);
  db.transaction(() => {
    const before = getExam(db, id);
    if (!before) throw notFound(id);
    refuseDuplicateName(db, exam.name, id);
    updateExam(db, id, exam, actor.now.toISOString());
    setResultsAnnouncedOn(db, id, exam.resultsAnnouncedOn);
    recordAudit(db, {
      at: actor.now, actorUserId: actor.userId, actor: actor.name, action: 'exam.update', entity: 'exam', entityId: id,
      detail: {
        name: exam.name, windowsBefore: before.windows, windowsAfter: exam.windows, feeYuan: exam.feeYuan,
        ...(exam.eligibility ? { eligibilityBefore: before.eligibility, eligibilityAfter: exam.eligibility } : {}),
      }, ip: actor.ip,
    });
  }).immediate();
  return viewOf(db, id, chinaToday(actor.now));
}

/** 延长: one window's end moved later, with the reason in the exam's history and the audit log. */
export function extendExamWindow(db: Db, id: number, req: ExamExtendRequest, actor: ExamActor): ExamView {
  db.transaction(() => {
    const exam = getExam(db, id);
    if (!exam) throw notFound(id);
    const label = EXAM_STAGE_LABEL[req.stage];
    const w = exam.windows[req.stage];
    if (!w) throw new ApiError(400, 'request.invalid', `${exam.name}没有设置${label}阶段，无法延长。如需要这个阶段，请点“编辑”填写它的起止日期。`);
    if (req.end <= w.end) {
      throw new ApiError(400, 'request.invalid', `新的截止日期须晚于现在的截止日期 ${chineseDay(w.end)}。要提前截止，请点“编辑”修改${label}日期。`);
    }
    const at = actor.now.toISOString();
    extendWindow(db, { examId: id, stage: req.stage, fromEnd: w.end, toEnd: req.end, reason: req.reason, byUserId: actor.userId, byName: actor.name, at });
    recordAudit(db, {
      at: actor.now, actorUserId: actor.userId, actor: actor.name, action: 'exam.extend', entity: 'exam', entityId: id,
      detail: { stage: req.stage, from: w.end, to: req.end, reason: req.reason }, ip: actor.ip,
    });
  }).immediate();
  return viewOf(db, id, chinaToday(actor.now));
}
