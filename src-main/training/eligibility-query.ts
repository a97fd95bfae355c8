import { z } from 'zod';
import type { EligibilityFilter, EligibilityPersonRow } from '../../src-shared/contract/desktop-training-api.js';
import type { ExamSummary } from '../../src-shared/contract/sync-exams.js';
import { DEFAULT_ELIGIBILITY_RULE, eligibilityOf, type EligibilityRule, type StudyRecordFacts } from '../../src-shared/training-eligibility.js';
import { checkedRows } from '../../src-node/sqlite-store.js';
import { knownExams } from '../exams/local-exams.js';
import type { Db } from '../store/open-store.js';

/**
 * 人员记录's 培训达标 (issue 19 item 3) from the store: the approved people of this unit (one row per ID
 * number, their latest batch), the study records the feed brought (matched by 身份证号), and the exam of
 * each person's batch as the last reference pull described it (its 打印准考证 rule; the default rule when
 * the batch has none, or the exam is no longer in the list). Counted by the one shared rule function.
 *
 * 可打印准考证 depends on records and rules that change with every pull, so it is computed here, not
 * stored; the records' three fields it needs are taken out in SQL (json_extract), not whole records.
 */

export interface EligibilitySearch {
  name?: string | undefined;
  idNumber?: string | undefined;
  eligible: EligibilityFilter;
}

const personRow = z.object({
  personId: z.number().int(),
  name: z.string(),
  idNumber: z.string(),
  agency: z.string(),
  examCategory: z.string(),
  batchNumber: z.string(),
  examId: z.number().int().nullable(),
  examName: z.string(),
});
export type ApprovedPerson = z.infer<typeof personRow>;

const factsRow = z.object({ idNumber: z.string(), durations: z.string().nullable(), examStatus: z.string().nullable(), examFinishedAt: z.string().nullable() });

function searchClause(q: Omit<EligibilitySearch, 'eligible'>): { where: string; args: string[] } {
  const where = ["p.status = 'approved'"];
  const args: string[] = [];
  const name = q.name?.trim();
  if (name) {
    where.push('instr(p.name, ?) > 0');
    args.push(name);
  }
  const id = q.idNumber?.trim().toUpperCase();
  if (id) {
    where.push('(p.id_number >= ? AND p.id_number < ?)');
    args.push(id, `${id}\uffff`);
  }
  return { where: where.join(' AND '), args };
}

/** Approved people of the search, newest first, one per ID number. */
export function approvedPeople(db: Db, q: Omit<EligibilitySearch, 'eligible'> & { personId?: number }): ApprovedPerson[] {
  const { where, args } = searchClause(q);
  const byId = q.personId !== undefined ? ' AND p.id = ?' : '';
  const rows = checkedRows(
    personRow,
    db
      .prepare(
        `SELECT p.id AS personId, p.name, p.id_number AS idNumber, p.agency, p.exam_category AS examCategory, b.number AS batchNumber,
                b.exam_id AS examId, b.exam_name AS examName
         FROM persons p JOIN batches b ON b.id = p.batch_id
         WHERE ${where}${byId} ORDER BY p.id DESC`,
      )
      .all(...args, ...(q.personId !== undefined ? [q.personId] : [])),
  );
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.idNumber) ? false : (seen.add(r.idNumber), true)));
}

/** The facts the rule reads of every study record of these people, by ID number. */
function recordFacts(db: Db, idNumbers: ReadonlySet<string>): Map<string, StudyRecordFacts[]> {
  const out = new Map<string, StudyRecordFacts[]>();
  if (idNumbers.size === 0) return out;
  const stmt = db.prepare(
    `SELECT id_number AS idNumber, json_extract(record, '$.studyDurations') AS durations,
            json_extract(record, '$.examStatus') AS examStatus, json_extract(record, '$.examFinishedAt') AS examFinishedAt
     FROM study_records`,
  );
  for (const raw of stmt.iterate()) {
    const r = factsRow.parse(raw);
    if (!idNumbers.has(r.idNumber)) continue;
    let durations: string[] = [];
    try {
      const parsed: unknown = r.durations ? JSON.parse(r.durations) : [];
      if (Array.isArray(parsed)) durations = parsed.map((d) => (typeof d === 'string' || typeof d === 'number' ? String(d) : ''));
    } catch {
      durations = [];
    }
    const list = out.get(r.idNumber) ?? [];
    list.push({ studyDurations: durations, examStatus: r.examStatus ?? '', examFinishedAt: r.examFinishedAt ?? '' });
    out.set(r.idNumber, list);
  }
  return out;
}

/** The rule of each exam the reference knows. */
function rulesByExam(exams: readonly ExamSummary[]): Map<number, EligibilityRule> {
  return new Map(exams.map((e) => [e.id, e.eligibility ?? DEFAULT_ELIGIBILITY_RULE]));
}

/** Every approved person of the search with their 培训达标, newest first (not yet filtered by 可打印). */
export function eligibilityRows(db: Db, q: Omit<EligibilitySearch, 'eligible'> & { personId?: number }): EligibilityPersonRow[] {
  const people = approvedPeople(db, q);
  const facts = recordFacts(db, new Set(people.map((p) => p.idNumber)));
  const rules = rulesByExam(knownExams(db));
  return people.map((p) => {
    const rule = (p.examId !== null ? rules.get(p.examId) : undefined) ?? DEFAULT_ELIGIBILITY_RULE;
    const e = eligibilityOf(facts.get(p.idNumber) ?? [], rule);
    return {
      personId: p.personId, name: p.name, idNumber: p.idNumber, agency: p.agency, batchNumber: p.batchNumber, examName: p.examName,
      rule, studyHours: e.studyHours, mockExams: e.mockExams, records: e.records, eligible: e.eligible, missing: e.missing,
    };
  });
}

export function filterEligibility(rows: readonly EligibilityPersonRow[], filter: EligibilityFilter): EligibilityPersonRow[] {
  return filter === 'all' ? [...rows] : rows.filter((r) => r.eligible === (filter === 'eligible'));
}
