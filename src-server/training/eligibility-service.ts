import { z } from 'zod';
import { studyRecordSchema } from '../../src-shared/contract/sync-feed.js';
import type { EligibilityQuery, EligibilityResponse, EligibilityRow } from '../../src-shared/contract/sync-training.js';
import { DEFAULT_ELIGIBILITY_RULE, eligibilityOf, type StudyRecordFacts } from '../../src-shared/training-eligibility.js';
import type { Db } from '../db/open-db.js';
import { maskIdNumber } from '../records/import-records.js';

/**
 * 可打印准考证 per approved person (issue 19 item 3), for the administrator: the person's study records
 * as imported (study_records, by ID number), counted by the one shared rule function with the numbers of
 * the exam of the person's batch, or the default rule when the batch has none. A person approved in
 * more than one batch is listed once, with their latest batch. The work is one pass over the persons
 * and one over the records in scope; the answer is a page of at most ELIGIBILITY_PAGE_MAX rows.
 */

const personRow = z.object({
  id: z.number().int(),
  name: z.string(),
  idNumber: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  examName: z.string().nullable(),
  studyHours: z.number().int().nullable(),
  mockExams: z.number().int().nullable(),
});
const recordRow = z.object({ idNumber: z.string(), json: z.string() });

function recordsByIdNumber(db: Db, unitId: number | undefined): Map<string, StudyRecordFacts[]> {
  const out = new Map<string, StudyRecordFacts[]>();
  const sql = `SELECT id_number AS idNumber, record_json AS json FROM study_records${unitId === undefined ? '' : ' WHERE unit_id = ?'}`;
  const stmt = db.prepare(sql);
  for (const raw of unitId === undefined ? stmt.iterate() : stmt.iterate(unitId)) {
    const r = recordRow.parse(raw);
    const record = studyRecordSchema.parse(JSON.parse(r.json));
    const list = out.get(r.idNumber) ?? [];
    list.push({ studyDurations: record.studyDurations, examStatus: record.examStatus, examFinishedAt: record.examFinishedAt });
    out.set(r.idNumber, list);
  }
  return out;
}

function approvedPersons(db: Db, unitId: number | undefined): Array<z.infer<typeof personRow>> {
  const sql = `
    SELECT p.id, p.name, p.id_number AS idNumber, p.unit_id AS unitId, u.name AS unitName,
           e.name AS examName, e.study_hours_required AS studyHours, e.mock_exams_required AS mockExams
    FROM persons p
    JOIN units u ON u.id = p.unit_id
    JOIN batches b ON b.id = p.batch_id
    LEFT JOIN exams e ON e.id = b.exam_id
    WHERE p.status = 'approved'${unitId === undefined ? '' : ' AND p.unit_id = ?'}
    ORDER BY p.updated_at DESC, p.id DESC`;
  const stmt = db.prepare(sql);
  const seen = new Set<string>();
  const out: Array<z.infer<typeof personRow>> = [];
  for (const raw of unitId === undefined ? stmt.iterate() : stmt.iterate(unitId)) {
    const p = personRow.parse(raw);
    if (seen.has(p.idNumber)) continue;
    seen.add(p.idNumber);
    out.push(p);
  }
  return out.sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN') || a.id - b.id);
}

export function eligibilityList(db: Db, q: EligibilityQuery): EligibilityResponse {
  const records = recordsByIdNumber(db, q.unitId);
  const rows: EligibilityRow[] = approvedPersons(db, q.unitId).map((p) => {
    const rule = p.studyHours !== null && p.mockExams !== null ? { studyHours: p.studyHours, mockExams: p.mockExams } : DEFAULT_ELIGIBILITY_RULE;
    return {
      personId: p.id,
      name: p.name,
      idNumber: maskIdNumber(p.idNumber),
      unitId: p.unitId,
      unitName: p.unitName,
      examName: p.examName ?? '',
      rule,
      eligibility: eligibilityOf(records.get(p.idNumber) ?? [], rule),
    };
  });
  const eligible = rows.filter((r) => r.eligibility.eligible).length;
  const matching = q.filter === 'all' ? rows : rows.filter((r) => r.eligibility.eligible === (q.filter === 'eligible'));
  return { rows: matching.slice(q.offset, q.offset + q.limit), total: matching.length, eligible, notEligible: rows.length - eligible };
}
