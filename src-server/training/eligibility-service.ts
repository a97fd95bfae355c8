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
  updatedAt: z.string(),
});
const recordRow = z.object({ idNumber: z.string(), json: z.string() });

/** Between two rows: the CPU lane's turn (cpu-lane.ts), so a province-wide list does not hold the loop. */
export type Tick = () => Promise<void>;
const noTick: Tick = () => Promise.resolve();
/** One collator for every comparison: localeCompare would build one per call (a third of the time). */
const zh = new Intl.Collator('zh-CN');

async function recordsByIdNumber(db: Db, unitId: number | undefined, tick: Tick): Promise<Map<string, StudyRecordFacts[]>> {
  const out = new Map<string, StudyRecordFacts[]>();
  const sql = `SELECT id_number AS idNumber, record_json AS json FROM study_records${unitId === undefined ? '' : ' WHERE unit_id = ?'}`;
  const stmt = db.prepare(sql);
  for (const raw of unitId === undefined ? stmt.iterate() : stmt.iterate(unitId)) {
    await tick();
    const r = recordRow.parse(raw);
    const record = studyRecordSchema.parse(JSON.parse(r.json));
    const list = out.get(r.idNumber) ?? [];
    list.push({ studyDurations: record.studyDurations, examStatus: record.examStatus, examFinishedAt: record.examFinishedAt });
    out.set(r.idNumber, list);
  }
  return out;
}

async function approvedPersons(db: Db, unitId: number | undefined, tick: Tick): Promise<Array<z.infer<typeof personRow>>> {
  const sql = `
    SELECT p.id, p.name, p.id_number AS idNumber, p.unit_id AS unitId, u.name AS unitName,
           e.name AS examName, e.study_hours_required AS studyHours, e.mock_exams_required AS mockExams, p.updated_at AS updatedAt
    FROM persons p
    JOIN units u ON u.id = p.unit_id
    JOIN batches b ON b.id = p.batch_id
    LEFT JOIN exams e ON e.id = b.exam_id
    WHERE p.status = 'approved'${unitId === undefined ? '' : ' AND p.unit_id = ?'}`;
  // No ORDER BY: SQLite would sort every row before answering the first, in one block. The latest
  // approval of each ID number (updated_at, then id) is kept as the rows stream by.
  const stmt = db.prepare(sql);
  const latest = new Map<string, z.infer<typeof personRow>>();
  for (const raw of unitId === undefined ? stmt.iterate() : stmt.iterate(unitId)) {
    await tick();
    const p = personRow.parse(raw);
    const kept = latest.get(p.idNumber);
    if (!kept || p.updatedAt > kept.updatedAt || (p.updatedAt === kept.updatedAt && p.id > kept.id)) latest.set(p.idNumber, p);
  }
  return [...latest.values()].sort((a, b) => zh.compare(a.unitName, b.unitName) || zh.compare(a.name, b.name) || a.id - b.id);
}

/**
 * `tick` is awaited between rows. With a real lane, `db` must be a connection of its own (see
 * read-connection.ts): its statements stay open across the turns, which would leave a shared connection
 * busy for every other request.
 */
export async function eligibilityList(db: Db, q: EligibilityQuery, tick: Tick = noTick): Promise<EligibilityResponse> {
  const records = await recordsByIdNumber(db, q.unitId, tick);
  const rows: EligibilityRow[] = [];
  for (const p of await approvedPersons(db, q.unitId, tick)) {
    await tick();
    const rule = p.studyHours !== null && p.mockExams !== null ? { studyHours: p.studyHours, mockExams: p.mockExams } : DEFAULT_ELIGIBILITY_RULE;
    rows.push({
      personId: p.id,
      name: p.name,
      idNumber: maskIdNumber(p.idNumber),
      unitId: p.unitId,
      unitName: p.unitName,
      examName: p.examName ?? '',
      rule,
      eligibility: eligibilityOf(records.get(p.idNumber) ?? [], rule),
    });
  }
  const eligible = rows.filter((r) => r.eligibility.eligible).length;
  const matching = q.filter === 'all' ? rows : rows.filter((r) => r.eligibility.eligible === (q.filter === 'eligible'));
  return { rows: matching.slice(q.offset, q.offset + q.limit), total: matching.length, eligible, notEligible: rows.length - eligible };
}
