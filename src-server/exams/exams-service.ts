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
import { transaction, type Sql } from '../db/sql.js';
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

async function viewsOf(db: Sql, exams: StoredExam[], today: string): Promise<ExamView[]> {
  const extensions = await extensionsOf(db, exams.map((e) => e.id), EXTENSIONS_LISTED);
  return exams.map((e) => ({ ...summaryOf(e, today), extensions: extensions.get(e.id) ?? [], createdAt: e.createdAt, updatedAt: e.updatedAt }));
}

async function viewOf(db: Sql, id: number, today: string): Promise<ExamView> {
  const exam = await getExam(db, id);
  if (!exam) throw notFound(id);
  return (await viewsOf(db, [exam], today))[0]!;
}

function notFound(id: number): ApiError {
  return new ApiError(404, 'not_found', `没有编号为 ${id} 的考试，可能已被其他管理员改动。请刷新页面后重试。`);
}

/** GET /admin/exams: newest 报名 first, bounded. */
export async function examList(db: Sql, now: Date): Promise<ExamListResponse> {
  const today = chinaToday(now);
  return { exams: await viewsOf(db, await listExams(db, EXAMS_LISTED), today), today };
}

/** GET /reference's exams: the ones not over yet first, then the latest ended, bounded. */
export async function referenceExams(db: Sql, now: Date): Promise<ExamSummary[]> {
  const today = chinaToday(now);
  return (await examsForReference(db, today, EXAMS_IN_REFERENCE)).map((e) => summaryOf(e, today));
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

async function refuseDuplicateName(db: Sql, name: string, exceptId?: number): Promise<void> {
  const other = await examIdByName(db, name);
  if (other !== undefined && other !== exceptId) throw new ApiError(409, 'admin.conflict', `已有名为“${name}”的考试，请换一个名称（如加上年度或批次）。`);
}

export async function createExam(db: Sql, input: ExamInput, categories: CodeLookup, actor: ExamActor): Promise<ExamView> {
  const exam = checkedInput(input, categories);
  const at = actor.now.toISOString();
  const id = await transaction(db, async (t) => {
    await refuseDuplicateName(t, exam.name);
    const newId = await insertExam(t, exam, actor.userId, at);
    await setResultsAnnouncedOn(t, newId, exam.resultsAnnouncedOn);
    await recordAudit(t, { at: actor.now, actorUserId: actor.userId, actor: actor.name, action: 'exam.create', entity: 'exam', entityId: newId, detail: { name: exam.name, eligibility: exam.eligibility ?? null }, ip: actor.ip });
    return newId;
  });
  return viewOf(db, id, chinaToday(actor.now));
}

export async function changeExam(db: Sql, id: number, input: ExamInput, categories: CodeLookup, actor: ExamActor): Promise<ExamView> {
  const exam = checkedInput(input, categories);
  await transaction(db, async (t) => {
    const before = await getExam(t, id);
    if (!before) throw notFound(id);
    await refuseDuplicateName(t, exam.name, id);
    await updateExam(t, id, exam, actor.now.toISOString());
    await setResultsAnnouncedOn(t, id, exam.resultsAnnouncedOn);
    await recordAudit(t, {
      at: actor.now, actorUserId: actor.userId, actor: actor.name, action: 'exam.update', entity: 'exam', entityId: id,
      detail: {
        name: exam.name, windowsBefore: before.windows, windowsAfter: exam.windows, feeYuan: exam.feeYuan,
        ...(exam.eligibility ? { eligibilityBefore: before.eligibility, eligibilityAfter: exam.eligibility } : {}),
      }, ip: actor.ip,
    });
  });
  return viewOf(db, id, chinaToday(actor.now));
}

/** 延长: one window's end moved later, with the reason in the exam's history and the audit log. */
export async function extendExamWindow(db: Sql, id: number, req: ExamExtendRequest, actor: ExamActor): Promise<ExamView> {
  await transaction(db, async (t) => {
    const exam = await getExam(t, id);
    if (!exam) throw notFound(id);
    const label = EXAM_STAGE_LABEL[req.stage];
    const w = exam.windows[req.stage];
    if (!w) throw new ApiError(400, 'request.invalid', `${exam.name}没有设置${label}阶段，无法延长。如需要这个阶段，请点“编辑”填写它的起止日期。`);
    if (req.end <= w.end) {
      throw new ApiError(400, 'request.invalid', `新的截止日期须晚于现在的截止日期 ${chineseDay(w.end)}。要提前截止，请点“编辑”修改${label}日期。`);
    }
    const at = actor.now.toISOString();
    await extendWindow(t, { examId: id, stage: req.stage, fromEnd: w.end, toEnd: req.end, reason: req.reason, byUserId: actor.userId, byName: actor.name, at });
    await recordAudit(t, {
      at: actor.now, actorUserId: actor.userId, actor: actor.name, action: 'exam.extend', entity: 'exam', entityId: id,
      detail: { stage: req.stage, from: w.end, to: req.end, reason: req.reason }, ip: actor.ip,
    });
  });
  return viewOf(db, id, chinaToday(actor.now));
}
