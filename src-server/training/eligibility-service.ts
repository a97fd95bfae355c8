import { studyRecordSchema } from '../../src-shared/contract/sync-feed.js';
import type { EligibilityQuery, EligibilityResponse, EligibilityRow } from '../../src-shared/contract/sync-training.js';
import { DEFAULT_ELIGIBILITY_RULE, eligibilityOf, type StudyRecordFacts } from '../../src-shared/training-eligibility.js';
import { maskIdNumber } from '../records/import-records.js';
import type { EligibilityPerson, EligibilityRows } from './eligibility-rows.js';

/**
 * 可打印准考证 per approved person (issue 19 item 3), for the administrator: the person's study records
 * as imported (study_records, by ID number), counted by the one shared rule function with the numbers of
 * the exam of the person's batch, or the default rule when the batch has none. A person approved in
 * more than one batch is listed once, with their latest batch. The work is one pass over the persons
 * and one over the records in scope; the answer is a page of at most ELIGIBILITY_PAGE_MAX rows.
 */

/** Between two rows: the CPU lane's turn (cpu-lane.ts), so a province-wide list does not hold the loop. */
export type Tick = () => Promise<void>;
const noTick: Tick = () => Promise.resolve();
/** One collator for every comparison: localeCompare would build one per call (a third of the time). */
const zh = new Intl.Collator('zh-CN');

async function recordsByIdNumber(rows: EligibilityRows, unitId: number | undefined, tick: Tick): Promise<Map<string, StudyRecordFacts[]>> {
  const out = new Map<string, StudyRecordFacts[]>();
  for await (const page of rows.records(unitId)) {
    for (const r of page) {
      await tick();
      const record = studyRecordSchema.parse(JSON.parse(r.json));
      const list = out.get(r.idNumber) ?? [];
      list.push({ studyDurations: record.studyDurations, examStatus: record.examStatus, examFinishedAt: record.examFinishedAt });
      out.set(r.idNumber, list);
    }
  }
  return out;
}

async function approvedPersons(rows: EligibilityRows, unitId: number | undefined, tick: Tick): Promise<EligibilityPerson[]> {
  // Unsorted rows (a sort in the database would answer the first row only after sorting them all, in
  // one block): the latest approval of each ID number (updated_at, then id) is kept as the rows pass.
  const latest = new Map<string, EligibilityPerson>();
  for await (const page of rows.persons(unitId)) {
    for (const p of page) {
      await tick();
      const kept = latest.get(p.idNumber);
      if (!kept || p.updatedAt > kept.updatedAt || (p.updatedAt === kept.updatedAt && p.id > kept.id)) latest.set(p.idNumber, p);
    }
  }
  return [...latest.values()].sort((a, b) => zh.compare(a.unitName, b.unitName) || zh.compare(a.name, b.name) || a.id - b.id);
}

/**
 * `tick` is awaited between rows (the CPU lane's, when the rows come in pages another request may be
 * served between: see eligibility-rows.ts).
 */
export async function eligibilityList(source: EligibilityRows, q: EligibilityQuery, tick: Tick = noTick): Promise<EligibilityResponse> {
  const records = await recordsByIdNumber(source, q.unitId, tick);
  const rows: EligibilityRow[] = [];
  for (const p of await approvedPersons(source, q.unitId, tick)) {
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
