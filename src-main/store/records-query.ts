import { z } from 'zod';
import {
  personSearchRowSchema,
  studyAccountRowSchema,
  type ExamScoreRow,
  type PersonSearchQuery,
  type PersonSearchRow,
  type RecordsQuery,
  type StudyAccountRow,
  type StudyRecordRow,
} from '../../src-shared/contract/desktop-records-api.js';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import { localIso } from './clock.js';
import type { Db } from './open-store.js';

/**
 * The read-only lists of 人员管理, 人员查询, 人员记录 and 考试信息: one page each, filtered and counted
 * in SQL, never a whole table to the window (a unit may have 50,000 people). Every list is ordered by
 * an indexed column (a sequence number or the row id) and picks the page's keys before it reads their
 * rows, so a page stays within tens of milliseconds at 50,000 people, the last page too.
 *
 * 申请日期: the day the server first accepted the person's batch — the earliest finished push of that
 * batch in the outbox (outbox.done_at, UTC). It is what "applied" means to the clerk: the application
 * reached the judicial bureau. A person never sent has none and is left out when a date is asked for.
 * The range is of the clerk's calendar days, turned into UTC instants here.
 */

type Page<T> = { total: number; rows: T[] };
type Paged<Q> = Q & { offset: number; limit: number };
type Args = Array<string | number>;

/** The first instant of a local calendar day (YYYY-MM-DD), plus `days`, as stored in the outbox. */
function dayStartUtc(day: string, days = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + days).toISOString();
}

/** The batches whose first accepted push falls in the asked days (both ends included). */
function appliedBatches(q: RecordsQuery, args: Args): string {
  args.push(q.dateFrom ? dayStartUtc(q.dateFrom) : '', q.dateTo ? dayStartUtc(q.dateTo, 1) : '\uffff');
  return "SELECT batch_id FROM outbox WHERE state = 'done' GROUP BY batch_id HAVING MIN(done_at) >= ? AND MIN(done_at) < ?";
}

/** 姓名 (any part) and 身份证号 (its start, as an index range) on `alias`'s name and id_number. */
function nameAndId(q: RecordsQuery, alias: string, where: string[], args: Args): void {
  const name = q.name?.trim();
  if (name) {
    where.push(`instr(${alias}.name, ?) > 0`);
    args.push(name);
  }
  const id = q.idNumber?.trim().toUpperCase();
  if (id) {
    where.push(`(${alias}.id_number >= ? AND ${alias}.id_number < ?)`);
    args.push(id, `${id}\uffff`);
  }
}

const hasDates = (q: RecordsQuery) => Boolean(q.dateFrom || q.dateTo);
const clauseOf = (where: string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');
/** The outbox keeps UTC; the screens show the clerk's local time, as every other time in the store. */
const local = (utc: string | null) => (utc ? localIso(new Date(utc)) : '');
/** When the server first accepted batch `b` (UTC), for the rows of one page. */
/** A COUNT(*) of the filter. */
const countOf = (db: Db, sql: string, args: Args) => checkedRow(z.number(), db.prepare(sql).pluck().get(...args)) ?? 0;
const APPLIED_AT = (batch: string) => `(SELECT MIN(o.done_at) FROM outbox o WHERE o.batch_id = ${batch} AND o.state = 'done')`;

/** A record the server sent as JSON (studyRecordSchema, examScoreSchema); {} when unreadable. */
function parseObject(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
/** A text field of such a record; '' when it is missing or not text. */
function text(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  return typeof v === 'string' ? v : '';
}

const appliedUtc = z.string().nullable();
const accountRow = studyAccountRowSchema.omit({ appliedAt: true }).extend({ appliedUtc });
const searchRow = personSearchRowSchema
  .omit({ appliedAt: true, studyStatus: true, examPassed: true, examScore: true })
  .extend({ appliedUtc, recordJson: z.string().nullable(), scoreJson: z.string().nullable() });
const feedRow = z.object({ seq: z.number(), name: z.string(), idNumber: z.string(), startedAt: z.string(), json: z.string() });

/** 人员管理's filter on study_accounts (alias sa): 姓名, 身份证号 and 申请日期. */
function studyAccountsFilter(q: RecordsQuery): { where: string[]; args: Args } {
  const where: string[] = [];
  const args: Args = [];
  nameAndId(q, 'sa', where, args);
  if (hasDates(q)) where.push(`sa.person_id IN (SELECT id FROM persons WHERE batch_id IN (${appliedBatches(q, args)}))`);
  return { where, args };
}

/** An account of the page `pg` (its id and seq) with its person and batch, as 人员管理 shows it. */
const ACCOUNT_COLUMNS = `sa.id AS accountId, sa.person_id AS personId, sa.name, sa.id_number AS idNumber, coalesce(p.gender, '') AS gender,
              coalesce(p.agency, '') AS agency, coalesce(b.name, '') AS batchName, coalesce(b.number, '') AS batchNumber,
              ${APPLIED_AT('p.batch_id')} AS appliedUtc, coalesce(p.reviewed_at, '') AS reviewedAt, coalesce(p.reviewer, '') AS reviewer,
              sa.username, sa.initial_password AS initialPassword, sa.created_at AS createdAt`;
const ACCOUNT_JOINS = 'CROSS JOIN study_accounts sa ON sa.id = pg.id LEFT JOIN persons p ON p.id = sa.person_id LEFT JOIN batches b ON b.id = p.batch_id';

/** How many accounts 人员管理's filter finds. */
export function countStudyAccounts(db: Db, q: RecordsQuery): number {
  const { where, args } = studyAccountsFilter(q);
  return countOf(db, `SELECT COUNT(*) FROM study_accounts sa ${clauseOf(where)}`, args);
}

/** 人员管理: study accounts with their person and batch, newest account first. */
export function queryStudyAccounts(db: Db, q: Paged<RecordsQuery>): Page<StudyAccountRow> {
  const { where, args } = studyAccountsFilter(q);
  const clause = clauseOf(where);
  const total = countOf(db, `SELECT COUNT(*) FROM study_accounts sa ${clause}`, args);
  // The page's accounts first (index only), then their person and batch: a deep page joins 50 rows, not all it skips.
  const rows = checkedRows(
    accountRow,
    db.prepare(
      `SELECT ${ACCOUNT_COLUMNS}
       FROM (SELECT sa.id, sa.seq FROM study_accounts sa ${clause} ORDER BY sa.seq DESC LIMIT ? OFFSET ?) pg
       ${ACCOUNT_JOINS}
       ORDER BY pg.seq DESC`,
    ).all(...args, q.limit, q.offset),
  );
  return { total, rows: rows.map(({ appliedUtc, ...r }) => ({ ...r, appliedAt: local(appliedUtc) })) };
}

/**
 * Every account 人员管理's filter finds, in its order (newest first), `pageSize` at a time: for the
 * exports (学习账号表, 账号条), whatever the count, without holding them all. Each page continues
 * below the last one's sequence number rather than at an offset, so an account a pull adds while
 * the file is written neither shifts the pages nor appears twice.
 */
export function* studyAccountPages(db: Db, q: RecordsQuery, pageSize = 500): Generator<StudyAccountRow[]> {
  let below = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const { where, args } = studyAccountsFilter(q);
    where.push('sa.seq < ?');
    args.push(below);
    const rows = checkedRows(
      accountRow.extend({ seq: z.number().int() }),
      db.prepare(
        `SELECT ${ACCOUNT_COLUMNS}, sa.seq
         FROM (SELECT sa.id, sa.seq FROM study_accounts sa ${clauseOf(where)} ORDER BY sa.seq DESC LIMIT ?) pg
         ${ACCOUNT_JOINS}
         ORDER BY pg.seq DESC`,
      ).all(...args, pageSize),
    );
    if (rows.length === 0) return;
    below = rows[rows.length - 1]!.seq;
    yield rows.map(({ appliedUtc, seq: _seq, ...r }) => ({ ...r, appliedAt: local(appliedUtc) }));
    if (rows.length < pageSize) return;
  }
}

/**
 * 人员查询: every person of every batch, newest first (by row id: a later import or addition has a
 * higher one), with the review status, the study account and the latest study record and exam.
 */
export function searchPersons(db: Db, q: Paged<PersonSearchQuery>): Page<PersonSearchRow> {
  const where: string[] = [];
  const args: Args = [];
  nameAndId(q, 'p', where, args);
  if (q.status) {
    where.push('p.status = ?');
    args.push(q.status);
  }
  if (q.batchId) {
    where.push('p.batch_id = ?');
    args.push(q.batchId);
  }
  if (hasDates(q)) where.push(`p.batch_id IN (${appliedBatches(q, args)})`);
  const clause = clauseOf(where);
  const total = countOf(db, `SELECT COUNT(*) FROM persons p ${clause}`, args);
  // The page's ids first, then their full rows. A person's row is large (the cells as read, the
  // findings), so walking the table newest-first is right for the first pages but reads megabytes
  // to skip thousands of rows or to find a name: then the ids come from an index (smaller) and are
  // sorted ('+p.id' keeps SQLite off the table walk). CROSS JOIN keeps the page as the outer loop.
  const viaIndex = Boolean(q.name?.trim()) || q.offset >= 1000;
  const rows = checkedRows(
    searchRow,
    db.prepare(
      `SELECT p.id, p.batch_id AS batchId, b.name AS batchName, b.number AS batchNumber, p.name, p.id_number AS idNumber, p.gender, p.agency,
              p.exam_category AS examCategory, p.status, p.pending_at AS pendingAt, p.review_comment AS reviewComment, p.reviewed_at AS reviewedAt,
              ${APPLIED_AT('p.batch_id')} AS appliedUtc,
              coalesce((SELECT sa.username FROM study_accounts sa WHERE sa.id_number = p.id_number AND sa.person_id = p.id ORDER BY sa.seq DESC LIMIT 1), '') AS studyUsername,
              (SELECT r.record FROM study_records r WHERE r.id_number = p.id_number ORDER BY r.started_at DESC LIMIT 1) AS recordJson,
              (SELECT e.score FROM exam_scores e WHERE e.id_number = p.id_number ORDER BY e.started_at DESC LIMIT 1) AS scoreJson
       FROM (SELECT p.id FROM persons p ${clause} ORDER BY ${viaIndex ? '+p.id' : 'p.id'} DESC LIMIT ? OFFSET ?) pg
       CROSS JOIN persons p ON p.id = pg.id JOIN batches b ON b.id = p.batch_id
       ORDER BY pg.id DESC`,
    ).all(...args, q.limit, q.offset),
  );
  return {
    total,
    rows: rows.map(({ appliedUtc, recordJson, scoreJson, ...r }) => {
      const record = parseObject(recordJson);
      const score = parseObject(scoreJson);
      return { ...r, appliedAt: local(appliedUtc), studyStatus: text(record, 'studyStatus'), examPassed: text(score, 'passed'), examScore: text(score, 'score') };
    }),
  };
}

/** Study records and exam scores share their filter: name, ID, and the application day of the person with that ID. */
function feedFilter(q: RecordsQuery, alias: string): { clause: string; args: Args } {
  const where: string[] = [];
  const args: Args = [];
  nameAndId(q, alias, where, args);
  if (hasDates(q)) where.push(`${alias}.id_number IN (SELECT id_number FROM persons WHERE batch_id IN (${appliedBatches(q, args)}))`);
  return { clause: clauseOf(where), args };
}

/** A page of one feed table (its JSON parsed), the latest change first, with its total. */
function feedPage(db: Db, table: 'study_records' | 'exam_scores', json: 'record' | 'score', q: Paged<RecordsQuery>) {
  const { clause, args } = feedFilter(q, 'f');
  const total = countOf(db, `SELECT COUNT(*) FROM ${table} f ${clause}`, args);
  const rows = checkedRows(
    feedRow,
    db
      .prepare(`SELECT f.seq, f.name, f.id_number AS idNumber, f.started_at AS startedAt, f.${json} AS json FROM ${table} f ${clause} ORDER BY f.seq DESC LIMIT ? OFFSET ?`)
      .all(...args, q.limit, q.offset),
  );
  return { total, rows: rows.map(({ json: j, ...r }) => ({ ...r, o: parseObject(j) })) };
}

/** 人员记录: study records, the latest change first. */
export function queryStudyRecords(db: Db, q: Paged<RecordsQuery>): Page<StudyRecordRow> {
  const { total, rows } = feedPage(db, 'study_records', 'record', q);
  return {
    total,
    rows: rows.map(({ o, ...r }) => {
      const durations = Array.isArray(o.studyDurations) ? o.studyDurations.map((d) => (typeof d === 'string' ? d : '')) : [];
      return {
        seq: r.seq, name: r.name, idNumber: r.idNumber,
        phone: text(o, 'phone'), region: text(o, 'region'), unitName: text(o, 'unitName'), updatedAt: text(o, 'updatedAt'),
        startedAt: text(o, 'startedAt') || r.startedAt, studyStatus: text(o, 'studyStatus'), endedAt: text(o, 'endedAt'),
        examStatus: text(o, 'examStatus'), examScore: text(o, 'examScore'), examFinishedAt: text(o, 'examFinishedAt'), studyDurations: durations,
      };
    }),
  };
}

/** 考试信息: exam scores, the latest change first. */
export function queryExamScores(db: Db, q: Paged<RecordsQuery>): Page<ExamScoreRow> {
  const { total, rows } = feedPage(db, 'exam_scores', 'score', q);
  return {
    total,
    rows: rows.map(({ o, ...r }) => ({
      seq: r.seq, name: r.name, idNumber: r.idNumber,
      phone: text(o, 'phone'), region: text(o, 'region'), unitName: text(o, 'unitName'), updatedAt: text(o, 'updatedAt'),
      passed: text(o, 'passed'), score: text(o, 'score'), duration: text(o, 'duration'), attempts: text(o, 'attempts'),
      startedAt: text(o, 'startedAt') || r.startedAt, endedAt: text(o, 'endedAt'), syncedAt: text(o, 'syncedAt'),
    })),
  };
}
