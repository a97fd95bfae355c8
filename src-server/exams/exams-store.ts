import { z } from 'zod';
import { cachedStatement, checkedRow, checkedRows, jsonColumn } from '../../src-node/sqlite-store.js';
import { EXAM_STAGES, type DateWindow, type ExamStage, type ExamWindows } from '../../src-shared/exam-status.js';
import type { ExamExtension, ExamInput } from '../../src-shared/contract/sync-exams.js';
import type { Db } from '../db/open-db.js';
import { DEFAULT_ELIGIBILITY_RULE, type EligibilityRule } from '../../src-shared/training-eligibility.js';

/**
 * The exam tasks' SQL (migration 0011): each stage's window as a start and end column pair, the sites
 * as a JSON column, the extension history append-only. Rows are checked by zod where they leave SQLite.
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
  'fee_yuan AS feeYuan',
  'sites_json AS sites',
  'study_hours_required AS studyHoursRequired',
  'mock_exams_required AS mockExamsRequired',
  'created_at AS createdAt',
  'results_announced_on AS resultsAnnouncedOn',
  'updated_at AS updatedAt',
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

function toExam(raw: unknown): StoredExam {
  const r = examRow.parse(raw) as z.infer<typeof examRow> & Record<string, string | null>;
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

export function getExam(db: Db, id: number): StoredExam | undefined {
  const row: unknown = db.prepare(`SELECT ${EXAM_COLUMNS} FROM exams WHERE id = ?`).get(id);
  return row === undefined ? undefined : toExam(row);
}

export function examIdByName(db: Db, name: string): number | undefined {
  return checkedRow(z.number().int(), db.prepare('SELECT id FROM exams WHERE name = ?').pluck().get(name));
}

/** Newest 报名 first, at most `limit`. */
export function listExams(db: Db, limit: number): StoredExam[] {
  return db.prepare(`SELECT ${EXAM_COLUMNS} FROM exams ORDER BY registration_start DESC, id DESC LIMIT ?`).all(limit).map(toExam);
}

/**
 * What desktops get: every exam not over by `today` (its last window ends today or later), then the most
 * recently ended ones, newest 报名 first, at most `limit` in all.
 */
export function examsForReference(db: Db, today: string, limit: number): StoredExam[] {
  return db
    .prepare(`SELECT ${EXAM_COLUMNS} FROM exams ORDER BY (last_day >= ?) DESC, registration_start DESC, id DESC LIMIT ?`)
    .all(today, limit)
    .map(toExam);
}

/** The exams whose 报名 window holds `today`, at most `limit` (the caller only tells none, one, several). */
export function examsOpenForRegistration(db: Db, today: string, limit: number): StoredExam[] {
  return db
    .prepare(`SELECT ${EXAM_COLUMNS} FROM exams WHERE registration_start <= ? AND registration_end >= ? ORDER BY registration_start, id LIMIT ?`)
    .all(today, today, limit)
    .map(toExam);
}

/** The exam whose 报名 closed most recently before `today`, else the next to open: what a refusal names. */
export function nearestRegistration(db: Db, today: string): StoredExam | undefined {
  const row: unknown =
    db.prepare(`SELECT ${EXAM_COLUMNS} FROM exams WHERE registration_end < ? ORDER BY registration_end DESC, id DESC LIMIT 1`).get(today) ??
    db.prepare(`SELECT ${EXAM_COLUMNS} FROM exams WHERE registration_start > ? ORDER BY registration_start, id LIMIT 1`).get(today);
  return row === undefined ? undefined : toExam(row);
}

export function hasAnyExam(db: Db): boolean {
  return db.prepare('SELECT 1 FROM exams LIMIT 1').get() !== undefined;
}

export function insertExam(db: Db, input: ExamInput, by: number | null, at: string): number {
  const placeholders = WINDOW_COLUMN_LIST.map(() => '?').join(', ');
  return Number(
    db
      .prepare(
        `INSERT INTO exams (name, category, ${WINDOW_COLUMN_LIST.join(', ')}, last_day, fee_yuan, sites_json, study_hours_required, mock_exams_required, created_by, created_at, updated_at)
         VALUES (?, ?, ${placeholders}, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.name, input.category, ...windowValues(input.windows), lastDay(input.windows), input.feeYuan, JSON.stringify(input.sites),
        ...ruleValues(input.eligibility ?? DEFAULT_ELIGIBILITY_RULE), by, at, at,
      ).lastInsertRowid,
  );
}

function ruleValues(rule: EligibilityRule): [number, number] {
  return [rule.studyHours, rule.mockExams];
}

/** The whole task; without `eligibility` the exam keeps its training rule. */
export function updateExam(db: Db, id: number, input: ExamInput, at: string): void {
  const sets = WINDOW_COLUMN_LIST.map((c) => `${c} = ?`).join(', ');
  db.prepare(`UPDATE exams SET name = ?, category = ?, ${sets}, last_day = ?, fee_yuan = ?, sites_json = ?, updated_at = ? WHERE id = ?`).run(
    input.name, input.category, ...windowValues(input.windows), lastDay(input.windows), input.feeYuan, JSON.stringify(input.sites), at, id,
  );
  if (input.eligibility) {
    db.prepare('UPDATE exams SET study_hours_required = ?, mock_exams_required = ? WHERE id = ?').run(...ruleValues(input.eligibility), id);
  }
}

/** The 成绩合格确认公告 date (取证): `undefined` keeps the stored one (a change that does not send it). */
export function setResultsAnnouncedOn(db: Db, id: number, day: string | null | undefined): void {
  if (day !== undefined) db.prepare('UPDATE exams SET results_announced_on = ? WHERE id = ?').run(day, id);
}

/** Moves one window's end and records it in the history (call inside one transaction). */
export function extendWindow(db: Db, e: { examId: number; stage: ExamStage; fromEnd: string; toEnd: string; reason: string; byUserId: number; byName: string; at: string }): void {
  const col = `${COLUMN[e.stage]}_end`;
  db.prepare(`UPDATE exams SET ${col} = ?, last_day = max(last_day, ?), updated_at = ? WHERE id = ?`).run(e.toEnd, e.toEnd, e.at, e.examId);
  db.prepare('INSERT INTO exam_extensions (exam_id, stage, from_end, to_end, reason, by_user_id, by_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    e.examId, e.stage, e.fromEnd, e.toEnd, e.reason, e.byUserId, e.byName, e.at,
  );
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
export function extensionsOf(db: Db, examIds: readonly number[], perExam: number): Map<number, ExamExtension[]> {
  const out = new Map<number, ExamExtension[]>(examIds.map((id) => [id, []]));
  if (examIds.length === 0) return out;
  const stmt = cachedStatement(
    db,
    `SELECT exam_id AS examId, stage, from_end AS fromEnd, to_end AS toEnd, reason, by_name AS "by", at
     FROM exam_extensions WHERE exam_id = ? ORDER BY id DESC LIMIT ?`,
  );
  for (const id of examIds) {
    out.set(id, checkedRows(extensionRow, stmt.all(id, perExam)).map(({ examId: _examId, ...e }) => e));
  }
  return out;
}
