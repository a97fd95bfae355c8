import type { ExamSummary } from '../../src-shared/contract/sync-exams.js';
import type { DeadlineWarning, ExamTaskRow, ExamTasksView } from '../../src-shared/contract/desktop-exam-tasks-api.js';
import { DEADLINE_WARNING_DAYS, warningDaysSchema } from '../../src-shared/contract/desktop-exam-tasks-api.js';
import { getAppSetting, setAppSetting } from '../store/app-settings.js';
import { closingSoon, examTaskState, windowHolds, type ExamWindows } from '../../src-shared/exam-status.js';
import { CodedError } from '../../src-shared/coded-error.js';
import type { Db } from '../store/open-store.js';
import { unsubmittedBatchesByExam, type BatchExam } from '../store/batches-repo.js';
import { storedReference } from '../sync/reference-store.js';

/**
 * The exam tasks as the desktop knows them: the list the server last sent with the reference data
 * (stored by reference-store.ts, so it is there offline), with 任务状态, the exams open for 报名 and the
 * deadline warnings computed by the desktop's own `today` (issue 19).
 */

/** Why a new batch cannot be given an exam; Chinese, says what to do. */
export class ExamChoiceError extends CodedError<'exam.choice_required' | 'exam.registration_closed'> {
  override name = 'ExamChoiceError';
  constructor(code: ExamChoiceError['code'], message: string) {
    super(code, message, { userFacing: true });
  }
}

export function knownExams(db: Db): ExamSummary[] {
  return storedReference(db)?.reference.exams ?? [];
}

/** The exam `examId` as the desktop last heard of it (name, 考试类别); null when unknown or none. */
export function examOfBatch(db: Db, examId: number | null): ExamSummary | null {
  if (examId === null) return null;
  return knownExams(db).find((e) => e.id === examId) ?? null;
}

/** 同步设置's lead of the 报名 deadline warnings in days (0: off); DEADLINE_WARNING_DAYS until set. */
export function warningDays(db: Db): number {
  const stored = warningDaysSchema.safeParse(Number(getAppSetting(db, 'app.deadlineWarningDays') || Number.NaN));
  return stored.success ? stored.data : DEADLINE_WARNING_DAYS;
}

/** Kept like the photo-spec choice (a preference of this desk, not a change to anyone's data). */
export function setWarningDays(db: Db, days: number): void {
  setAppSetting(db, 'app.deadlineWarningDays', String(days));
}

function openForRegistration(exams: readonly ExamSummary[], today: string): ExamSummary[] {
  return exams.filter((e) => windowHolds(e.windows.registration, today));
}

/** "9月18日": how the warning names the day (the year is in the exam's name). */
function monthDay(iso: string): string {
  const [, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${m}月${d}日`;
}

/**
 * The exam a new batch (import, 添加 without a batch) registers for:
 * - `requested` given: that one, if it is known and in 网络报名 today;
 * - none known (no sync yet, or the deployment defines none): null, nothing asked, as before issue 19;
 * - exactly one in 网络报名: that one, chosen by itself;
 * - several: the clerk must choose (exam.choice_required, which the window answers with a Select);
 * - none in 网络报名: null — the batch can still be prepared offline; the server decides at 提交 and
 *   the clerk reads its reason in 人员提交.
 */
export function examForNewBatch(db: Db, today: string, requested?: number): BatchExam | null {
  const exams = knownExams(db);
  const open = openForRegistration(exams, today);
  if (requested !== undefined) {
    const exam = exams.find((e) => e.id === requested);
    if (!exam) throw new ExamChoiceError('exam.choice_required', '所选的考试已不在服务器发来的考试列表中，请点“同步”后重新选择考试。');
    if (!windowHolds(exam.windows.registration, today)) {
      throw new ExamChoiceError('exam.registration_closed', `${exam.name}现在不在网络报名时间内（${exam.windows.registration.start} 至 ${exam.windows.registration.end}），请选择正在报名的考试。`);
    }
    return { id: exam.id, name: exam.name };
  }
  if (open.length === 1) return { id: open[0]!.id, name: open[0]!.name };
  if (open.length > 1) {
    throw new ExamChoiceError('exam.choice_required', `现在有 ${open.length} 个考试正在网络报名（${open.map((e) => e.name).join('、')}），请选择这个批次报名的考试。`);
  }
  return null;
}

function examRow(e: ExamSummary, today: string): ExamTaskRow {
  const windows = Object.values(e.windows).filter((w): w is { start: string; end: string } => w !== null);
  return {
    id: e.id,
    name: e.name,
    category: e.category,
    windows: e.windows,
    feeYuan: e.feeYuan,
    sites: e.sites,
    state: examTaskState(e.windows as ExamWindows, today),
    start: windows.reduce((a, w) => (w.start < a ? w.start : a), e.windows.registration.start),
    end: windows.reduce((a, w) => (w.end > a ? w.end : a), e.windows.exam.end),
  };
}

/**
 * A warning per exam whose 网络报名 closes within `withinDays` days and that still has batches not
 * submitted here. A batch without an exam counts for the one exam open, when exactly one is (the server
 * would take that one for it).
 */
export function deadlineWarnings(db: Db, exams: readonly ExamSummary[], today: string, withinDays = warningDays(db)): DeadlineWarning[] {
  if (withinDays <= 0) return [];
  const pending = unsubmittedBatchesByExam(db);
  const open = openForRegistration(exams, today);
  return exams.flatMap((e) => {
    const soon = closingSoon(e.windows as ExamWindows, today, withinDays).find((c) => c.stage === 'registration');
    if (!soon) return [];
    const batches = (pending.get(e.id) ?? 0) + (open.length === 1 && open[0]!.id === e.id ? (pending.get(null) ?? 0) : 0);
    if (batches === 0) return [];
    const when = soon.daysLeft === 0 ? `今天（${monthDay(soon.end)}）截止` : `将于 ${monthDay(soon.end)} 截止（还有 ${soon.daysLeft} 天）`;
    return [{ examId: e.id, examName: e.name, end: soon.end, daysLeft: soon.daysLeft, batches, text: `${e.name}的网络报名${when}，请尽快提交。` }];
  });
}

export function examTasksView(db: Db, today: string): ExamTasksView {
  const stored = storedReference(db);
  const exams = stored?.reference.exams ?? [];
  return {
    today,
    exams: exams.map((e) => examRow(e, today)),
    openForRegistration: openForRegistration(exams, today).map((e) => ({ id: e.id, name: e.name })),
    warnings: deadlineWarnings(db, exams, today),
    receivedAt: stored && stored.reference.exams ? stored.receivedAt : '',
    warningDays: warningDays(db),
  };
}
