process.env.TZ = 'Asia/Shanghai';

import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import { saveReference } from '../../src-main/sync/reference-store.js';
import { applyReference } from '../../src-main/sync/reference-update.js';
import { TEST_ACTOR } from '../helpers/desktop-handlers.js';
import type { DesktopBackend } from '../../src-main/services/desktop-backend.js';
import { DESKTOP_API, type DesktopMethod, type DesktopOutput, type Result } from '../../src-shared/contract/desktop-api.js';
import type { ExamSummary } from '../../src-shared/contract/sync-exams.js';
import { examTaskState } from '../../src-shared/exam-status.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';
import { makeBackend } from '../helpers/desktop-handlers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { GUANGXI_2026_WINDOWS } from '../helpers/exam-fixtures.js';
import { PEOPLE, seedRecords, type RecordsSeed } from '../helpers/records-seed.js';

/**
 * 人员记录's 培训达标 and 人员查询's 培训课程 through the desktop-api handlers, on a store seeded by the real
 * import, submit and pull code (records-seed: 陈一 25 学时 and a mock exam, 林二 6 学时 and none, 周四
 * 2 学时, 黄三 no record), with an exam and a course table as a reference pull stores them.
 */
const root = tempDir('zfbm-training-');
let db: Db;
let backend: DesktopBackend;
let seed: RecordsSeed;

async function call<M extends DesktopMethod>(method: M, input: unknown): Promise<Result<DesktopOutput<M>>> {
  const r = (await backend.handlers.handle(method, input)) as Result<DesktopOutput<M>>;
  if (r.ok) DESKTOP_API[method].output.parse(r.value);
  return r;
}
async function ok<M extends DesktopMethod>(method: M, input: unknown): Promise<DesktopOutput<M>> {
  const r = await call(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

const exam = (id: number, studyHours: number, mockExams: number): ExamSummary => ({
  id, name: `2026年度考试${id}`, category: '综合法律知识考试', windows: GUANGXI_2026_WINDOWS, feeYuan: 200, sites: [],
  eligibility: { studyHours, mockExams }, resultsAnnouncedOn: null, state: examTaskState(GUANGXI_2026_WINDOWS, '2026-10-01'),
});

function pull(exams: ExamSummary[], courses?: Array<{ category: string; name: string; hours: number; required: boolean }>): void {
  saveReference(
    db,
    {
      rulesVersion: '1', codeTables: loadCodeTables(), photoSpec: getPhotoSpec(), reviewStages: 2, serverTime: new Date().toISOString(), exams,
      ...(courses ? { courses } : {}),
    },
    new Date(),
  );
}

beforeAll(async () => {
  const data = path.join(root, 'desk');
  seed = await seedRecords(data);
  db = openStore(data);
  backend = makeBackend(db, data);
});
afterAll(() => db?.close());

describe('培训达标 (training.eligibility)', () => {
  it('before any exam is known: the default rule (6 学时, 1 mock exam) for every approved person', async () => {
    const page = await ok('training.eligibility', {});
    expect(page).toMatchObject({ total: 4, eligibleCount: 1, notEligibleCount: 3 });
    const by = Object.fromEntries(page.rows.map((r) => [r.name, r]));
    expect(by['陈一']).toMatchObject({ studyHours: 25, mockExams: 1, eligible: true, rule: { studyHours: 6, mockExams: 1 }, examName: '', idNumber: PEOPLE.陈一 });
    // Exactly 6 学时 but no mock exam.
    expect(by['林二']).toMatchObject({ studyHours: 6, mockExams: 0, eligible: false, missing: '还差 1 次模拟考试' });
    expect(by['黄三']).toMatchObject({ studyHours: 0, records: 0, eligible: false, missing: '还差 6 学时、1 次模拟考试' });
    // 吴五 (rejected) and 郑六 (never sent) are not listed.
    expect(page.rows.map((r) => r.name)).not.toContain('吴五');
  });

  it('a batch’s exam brings its own rule numbers with the reference data', async () => {
    pull([exam(7, 30, 1)]);
    db.prepare('UPDATE batches SET exam_id = 7, exam_name = ? WHERE id = ?').run('2026年度考试7', seed.a.batchId);
    const by = Object.fromEntries((await ok('training.eligibility', {})).rows.map((r) => [r.name, r]));
    expect(by['陈一']).toMatchObject({ examName: '2026年度考试7', rule: { studyHours: 30, mockExams: 1 }, eligible: false, missing: '还差 5 学时' });
    // 周四's batch has no exam: the default rule.
    expect(by['周四']).toMatchObject({ examName: '', rule: { studyHours: 6, mockExams: 1 } });
    pull([exam(7, 20, 1)]);
    expect((await ok('training.eligibility', { name: '陈一' })).rows[0]).toMatchObject({ eligible: true });
  });

  it('filters 可打印 / 不可打印, searches by name and ID, pages', async () => {
    expect((await ok('training.eligibility', { eligible: 'eligible' })).rows.map((r) => r.name)).toEqual(['陈一']);
    const not = await ok('training.eligibility', { eligible: 'not_eligible', limit: 2 });
    expect(not).toMatchObject({ total: 3, eligibleCount: 1, notEligibleCount: 3 });
    expect(not.rows).toHaveLength(2);
    expect((await ok('training.eligibility', { idNumber: PEOPLE.周四.slice(0, 8) })).rows.map((r) => r.name)).toEqual(['周四']);
    const bad = await call('training.eligibility', { eligible: 'maybe' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('请选择 全部、可打印准考证 或 不可打印准考证');
  });

  it('exports the search to .xlsx, every value as shown, ID numbers as text', async () => {
    const file = path.join(root, 'out', '培训达标.xlsx');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const r = await ok('training.exportEligibility', { eligible: 'not_eligible', file });
    expect(r).toEqual({ file, rows: 3 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('培训达标情况')!;
    expect(ws.getRow(3).values).toEqual([undefined, '序号', '姓名', '身份证号', '所在单位', '考试', '已学学时', '要求学时', '模拟考试次数', '要求次数', '可打印准考证', '还差']);
    expect(String(ws.getRow(2).getCell(1).value)).toContain('不可打印准考证');
    const rows = [4, 5, 6].map((n) => ws.getRow(n));
    // 林二's batch is for exam 7 (20 学时, 1 mock exam).
    const lin = rows.find((row) => row.getCell(2).value === '林二')!;
    expect(lin.getCell(3).value).toBe(PEOPLE.林二);
    expect([lin.getCell(6).value, lin.getCell(7).value, lin.getCell(8).value, lin.getCell(9).value, lin.getCell(10).value, lin.getCell(11).value]).toEqual([6, 20, 0, 1, '不可打印', '还差 14 学时、1 次模拟考试']);
  });

  it('an export to a folder that does not exist says so in Chinese and writes nothing', async () => {
    const file = path.join(root, 'nowhere', 'x.xlsx');
    const r = await call('training.exportEligibility', { eligible: 'all', file });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('培训课程 (training.personCourses)', () => {
  it('before a course table came: says to 同步', async () => {
    const v = await ok('training.personCourses', { personId: seed.personId.陈一 });
    expect(v).toMatchObject({ tableReceived: false, courses: [] });
  });

  it('the courses of the person’s 考试类别, their 学时, and the person’s total progress', async () => {
    pull([exam(7, 20, 1)], [
      { category: '乡镇执法考试', name: '乡镇综合执法实务', hours: 3, required: true },
      { category: '综合法律知识考试', name: '行政执法基础知识', hours: 2, required: true },
      { category: '综合法律知识考试', name: '行政处罚法', hours: 2, required: true },
      { category: '综合法律知识考试', name: '行政许可法', hours: 1.5, required: false },
    ]);
    const v = await ok('training.personCourses', { personId: seed.personId.林二 });
    expect(v).toMatchObject({ examCategory: '综合法律知识考试', tableReceived: true, requiredHours: 4, electiveHours: 1.5 });
    expect(v.courses.map((c) => c.name)).toEqual(['行政执法基础知识', '行政处罚法', '行政许可法']);
    expect(v.row).toMatchObject({ studyHours: 6, mockExams: 0, eligible: false });
    // A person not approved has courses but no progress yet.
    expect((await ok('training.personCourses', { personId: seed.personId.吴五 })).row).toBeNull();
    const gone = await call('training.personCourses', { personId: 999999 });
    expect(gone.ok).toBe(false);
    if (!gone.ok) expect(gone.error.message).toContain('找不到这个人员');
  });

  it('a pull that brings only a new course table keeps it (the code tables and exams unchanged)', async () => {
    const stored = (await ok('training.personCourses', { personId: seed.personId.林二 })).courses.length;
    expect(stored).toBe(3);
    const change = await applyReference(
      db,
      {
        rulesVersion: '1', codeTables: loadCodeTables(), photoSpec: getPhotoSpec(), reviewStages: 2, serverTime: new Date().toISOString(), exams: [exam(7, 20, 1)],
        courses: [{ category: '综合法律知识考试', name: '行政强制法', hours: 3, required: true }],
      },
      TEST_ACTOR,
      { blobBytes: () => Buffer.alloc(0), today: '2026-10-01' },
    );
    expect(change.changed).toBe(false);
    const v = await ok('training.personCourses', { personId: seed.personId.林二 });
    expect(v.courses).toEqual([{ category: '综合法律知识考试', name: '行政强制法', hours: 3, required: true }]);
    expect(v.requiredHours).toBe(3);
  });
});
