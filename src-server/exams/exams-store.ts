import { z } from 'zod';
import { jsonColumn } from '../../src-node/sqlite-store.js';
import { EXAM_STAGES, type DateWindow, type ExamStage, type ExamWindows } from '../../src-shared/exam-status.js';
import type { ExamExtension, ExamInput } from '../../src-shared/contract/sync-exams.js';
import { all, get, insertReturningId, run, value, type Sql } from '../db/sql.js';
import { DEFAULT_ELIGIBILITY_RULE, type EligibilityRule } from '../../src-shared/training-eligibility.js';

/**
 * The exam tasks' SQL (migration 0011): each stage's window as a start and end column pair, the sites
 * as a JSON column, the extension history append-only. Rows are checked by zod where they leave the database.
 */

/** The column prefix of each stage. */
const COLUMN: Record<ExamStage, string> = {
  registration: 'registration',
  review: 'review',
  payment: 'payment',
  training: 'training',
  admitCard: 'admit_card',
  exam: 'exam',
};

const EXAM_COLUMNS = [
  'id',
  'name',
  'category',
  ...EXAM_STAGES.flatMap((s) => [`${COLUMN[s]}_start AS "${s}Start"`, `${COLUMN[s]}_end AS "${s}End"`]),
  'fee_yuan AS "feeYuan"',
  'sites_json AS sites',
  'study_hours_required AS "studyHoursRequired"',
  'mock_exams_required AS "mockExamsRequired"',
  'created_at AS "createdAt"',
  'results_announced_on AS "resultsAnnouncedOn"',
  'updated_at AS "updatedAt"',
].join(', ');

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const examRow = z.object({
  id: z.number().int(),
  name: z.string(),
  category: z.string(),
  ...Object.fromEntries(EXAM_STAGES.flatMap((s) => [[`${s}Start`, date.nullable()], [`${s}End`, date.nullable()]])),
  feeYuan: z.number().int(),
  sites: jsonColumn(z.array(z.string())),
  studyHoursRequired: z.number().int(),
  mockExamsRequired: z.number().int(),
  resultsAnnouncedOn: date.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export interface StoredExam {
  id: number;
  name: string;
  category: string;
  windows: ExamWindows;
  feeYuan: number;
  sites: string[];
  eligibility: EligibilityRule;
  /** 成绩合格确认公告 date (取证), null until entered. */
  resultsAnnouncedOn: string | null;
  createdAt: string;
  updatedAt: string;
}

function toExam(row: z.infer<typeof examRow>): StoredExam {
  const r = row as z.infer<typeof examRow> & Record<string, string | null>;
  const windowOf = (s: ExamStage): DateWindow | null => {
    const start = r[`${s}Start`];
    const end = r[`${s}End`];
    return start && end ? { start, end } : null;
  };
  const windows = Object.fromEntries(EXAM_STAGES.map((s) => [s, windowOf(s)])) as Record<ExamStage, DateWindow | null>;
  if (!windows.registration || !windows.exam) throw new Error(`exam ${r.id} has no registration or exam window`);
  return {
    id: r.id, name: r.name, category: r.category, windows: windows as ExamWindows, feeYuan: r.feeYuan, sites: r.sites,
    eligibility: { studyHours: r.studyHoursRequired, mockExams: r.mockExamsRequired }, resultsAnnouncedOn: r.resultsAnnouncedOn, createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
}

function lastDay(windows: ExamInput['windows']): string {
  return EXAM_STAGES.map((s) => windows[s]?.end ?? '').reduce((a, b) => (b > a ? b : a), '');
}

/** The window columns' values in EXAM_STAGES order (start, end per stage). */
function windowValues(windows: ExamInput['windows']): Array<string | null> {
  return EXAM_STAGES.flatMap((s) => [windows[s]?.start ?? null, windows[s]?.end ?? null]);
}

const WINDOW_COLUMN_LIST = EXAM_STAGES.flatMap((s) => [`${COLUMN[s]}_start`, `${COLUMN[s]}_end`]);

export async function getExam(db: Sql, id: number): Promise<StoredExam | undefined> {
  const row = await get(db, examRow, `SELECT ${EXAM_COLUMNS} FROM exams WHERE id = ?`, [id]);
  return row === undefined ? undefined : toExam(row);
}

export async function examIdByName(db: Sql, name: string): Promise<number | undefined> {
  return value(db, z.number().int(), 'SELECT id FROM exams WHERE name = ?', [name]);
}

/** Newest 报名 first, at most `limit`. */
export async function listExams(db: Sql, limit: number): Promise<StoredExam[]> {
  return (await all(db, examRow, `SELECT ${EXAM_COLUMNS} FROM exams ORDER BY registration_start DESC, id DESC LIMIT ?`, [limit])).map(toExam);
}

/**
 * What desktops get: every exam not over by `today` (its last window ends today or later), then the most
 * recently ended ones, newest 报名 first, at most `limit` in all.
 */
export async function examsForReference(db: Sql, today: string, limit: number): Promise<StoredExam[]> {
  const rows = await all(
    db,
    examRow,
    `SELECT ${EXAM_COLUMNS} FROM exams ORDER BY CASE WHEN last_day >= ? THEN 1 ELSE 0 END DESC, registration_start DESC, id DESC LIMIT ?`,
    [today, limit],
  );
  return rows.map(toExam);
}

/** The exams whose 报名 window holds `today`, at most `limit` (the caller only tells none, one, several). */
export async function examsOpenForRegistration(db: Sql, today: string, limit: number): Promise<StoredExam[]> {
  const rows = await all(
    db,
    examRow,
    `SELECT ${EXAM_COLUMNS} FROM exams WHERE registration_start <= ? AND registration_end >= ? ORDER BY registration_start, id LIMIT ?`,
    [today, today, limit],
  );
  return rows.map(toExam);
}

/** The exam whose 报名 closed most recently before `today`, else the next to open: what a refusal names. */
export async function nearestRegistration(db: Sql, today: string): Promise<StoredExam | undefined> {
  const row =
    (await get(db, examRow, `SELECT ${EXAM_COLUMNS} FROM exams WHERE registration_end < ? ORDER BY registration_end DESC, id DESC LIMIT 1`, [today])) ??
    (await get(db, examRow, `SELECT ${EXAM_COLUMNS} FROM exams WHERE registration_start > ? ORDER BY registration_start, id LIMIT 1`, [today]));
  return row === undefined ? undefined : toExam(row);
}

export async function hasAnyExam(db: Sql): Promise<boolean> {
  return (await value(db, z.number(), 'SELECT 1 FROM exams LIMIT 1')) !== undefined;
}

export async function insertExam(db: Sql, input: ExamInput, by: number | null, at: string): Promise<number> {
  const placeholders = WINDOW_COLUMN_LIST.map(() => '?').join(', ');
  return insertReturningId(
    db,
    `INSERT INTO exams (name, category, ${WINDOW_COLUMN_LIST.join(', ')}, last_day, fee_yuan, sites_json, study_hours_required, mock_exams_required, created_by, created_at, updated_at)
     VALUES (?, ?, ${placeholders}, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [
      input.name, input.category, ...windowValues(input.windows), lastDay(input.windows), input.feeYuan, JSON.stringify(input.sites),
      ...ruleValues(input.eligibility ?? DEFAULT_ELIGIBILITY_RULE), by, at, at,
    ],
  );
}

function ruleValues(rule: EligibilityRule): [number, number] {
  return [rule.studyHours, rule.mockExams];
}

/** The whole task; without `eligibility` the exam keeps its training rule. */
export async function updateExam(db: Sql, id: number, input: ExamInput, at: string): Promise<void> {
  const sets = WINDOW_COLUMN_LIST.map((c) => `${c} = ?`).join(', ');
  await run(db, `UPDATE exams SET name = ?, category = ?, ${sets}, last_day = ?, fee_yuan = ?, sites_json = ?, updated_at = ? WHERE id = ?`, [
    input.name, input.category, ...windowValues(input.windows), lastDay(input.windows), input.feeYuan, JSON.stringify(input.sites), at, id,
  ]);
  if (input.eligibility) {
    await run(db, 'UPDATE exams SET study_hours_required = ?, mock_exams_required = ? WHERE id = ?', [...ruleValues(input.eligibility), id]);
  }
}

/** The 成绩合格确认公告 date (取证): `undefined` keeps the stored one (a change that does not send it). */
export async function setResultsAnnouncedOn(db: Sql, id: number, day: string | null | undefined): Promise<void> {
  if (day !== undefined) await run(db, 'UPDATE exams SET results_announced_on = ? WHERE id = ?', [day, id]);
}

/** Moves one window's end and records it in the history (call inside one transaction, with its `t`). */
export async function extendWindow(
  db: Sql,
  e: { examId: number; stage: ExamStage; fromEnd: string; toEnd: string; reason: string; byUserId: number; byName: string; at: string },
): Promise<void> {
  const col = `${COLUMN[e.stage]}_end`;
  // last_day is the latest of all ends: the new end, when later than it.
  await run(db, `UPDATE exams SET ${col} = ?, last_day = CASE WHEN last_day > ? THEN last_day ELSE ? END, updated_at = ? WHERE id = ?`, [
    e.toEnd, e.toEnd, e.toEnd, e.at, e.examId,
  ]);
  await run(db, 'INSERT INTO exam_extensions (exam_id, stage, from_end, to_end, reason, by_user_id, by_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    e.examId, e.stage, e.fromEnd, e.toEnd, e.reason, e.byUserId, e.byName, e.at,
  ]);
}

const extensionRow = z.object({
  examId: z.number().int(),
  stage: z.enum(EXAM_STAGES),
  fromEnd: z.string(),
  toEnd: z.string(),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
});

/** The newest `perExam` extensions of each exam named, newest first. */
export async function extensionsOf(db: Sql, examIds: readonly number[], perExam: number): Promise<Map<number, ExamExtension[]>> {
  const out = new Map<number, ExamExtension[]>(examIds.map((id) => [id, []]));
  for (const id of examIds) {
    const rows = await all(
      db,
      extensionRow,
      `SELECT exam_id AS "examId", stage, from_end AS "fromEnd", to_end AS "toEnd", reason, by_name AS "by", at
       FROM exam_extensions WHERE exam_id = ? ORDER BY id DESC LIMIT ?`,
      [id, perExam],
    );
    out.set(id, rows.map(({ examId: _examId, ...e }) => e));
  }
  return out;
}
