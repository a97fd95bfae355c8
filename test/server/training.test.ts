import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  courseTableResponseSchema,
  eligibilityResponseSchema,
  errorResponseSchema,
  examViewSchema,
  referenceResponseSchema,
  type EligibilityResponse,
} from '../../src-shared/contract/sync-api.js';
import { auditFor } from '../../src-server/db/audit.js';
import { rawRows, run } from '../../src-server/db/sql.js';
import { GUANGXI_2026_WINDOWS } from '../helpers/exam-fixtures.js';
import { makeIdNumber, seedPerson, seedUnit, type SeededUnit } from './records-helpers.js';
import { call, expectError, readyUser, startTestServer, type Answer, type TestServer } from './server-helpers.js';

/**
 * Training over HTTP (issue 19 items 3 and 4): 可打印准考证 computed from a study-record file imported
 * through the console's route, by the rule of each person's exam (the default one without an exam), and
 * the course table imported from an .xlsx — a bad file refused with its rows named, changing nothing.
 */
let ts: TestServer;
let admin: { token: string; username: string; id: number };
let A: SeededUnit;
let B: SeededUnit;

const ID = {
  zhang: makeIdNumber('450102', '19900101', 11),
  li: makeIdNumber('450102', '19850505', 21),
  wang: makeIdNumber('450103', '19920202', 31),
  zhao: makeIdNumber('450103', '19930303', 41),
};

beforeAll(async () => {
  ts = await startTestServer();
  admin = await readyUser(ts, 'admin');
  A = await seedUnit(ts.app.db, '南宁市市场监督管理局');
  B = await seedUnit(ts.app.db, '柳州市交通运输局');
  await seedPerson(ts.app.db, A, { idNumber: ID.zhang, name: '张三' });
  await seedPerson(ts.app.db, A, { idNumber: ID.li, name: '李四' });
  await seedPerson(ts.app.db, B, { idNumber: ID.zhao, name: '赵六' });
  const wang = await seedPerson(ts.app.db, B, { idNumber: ID.wang, name: '王五' });
  // 王五's batch registers for an exam that asks for more: 10 学时 and 2 mock exams.
  const exam = await call(ts.url, 'POST', '/api/v1/admin/exams', {
    token: admin.token,
    body: { name: '2026年度广西行政执法人员资格考试', category: '综合', windows: GUANGXI_2026_WINDOWS, feeYuan: 200, sites: [], eligibility: { studyHours: 10, mockExams: 2 } },
  });
  expect(exam.status, exam.text).toBe(200);
  const examId = examViewSchema.parse(exam.body).id;
  await run(ts.app.db, 'UPDATE batches SET exam_id = ? WHERE id = (SELECT batch_id FROM persons WHERE id = ?)', [examId, wang]);
});
afterAll(() => ts.stop());

type Row = Array<string | number | null>;
const STUDY_HEADER = ['序号', '姓名', '身份证号', '手机号', '地区', '单位', '更新时间', '开始时间', '学习状态', '结束时间', '考试状态', '考试成绩', '考试完成时间', '学习总时长', '学习总时长', '学习总时长'];
const study = (n: number, name: string, id: string, started: string, hours: number, exam: '未考试' | '已考试'): Row =>
  [n, name, id, '13800000001', '南宁市', '测试单位', '2026-10-01 10:00:00', started, '学习完成', '', exam, exam === '已考试' ? '80' : '0', exam === '已考试' ? '2026-10-01 09:30:00' : '', hours, 0, hours];

async function xlsx(sheet: string, header: Row, rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow([`${sheet}导出`]);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (route: string, bytes: Uint8Array, fileName: string, token = admin.token): Promise<Answer> =>
  call(ts.url, 'POST', `${route}?fileName=${encodeURIComponent(fileName)}`, { token, raw: bytes, headers: { 'content-type': 'application/octet-stream' } });

async function eligibility(query = ''): Promise<EligibilityResponse> {
  const res = await call(ts.url, 'GET', `/api/v1/admin/eligibility${query}`, { token: admin.token });
  expect(res.status, res.text).toBe(200);
  return eligibilityResponseSchema.parse(res.body);
}

describe('可打印准考证 from an imported study-record file', () => {
  it('before any record nobody may print; every person shows the rule of their exam', async () => {
    const e = await eligibility();
    expect(e).toMatchObject({ total: 4, eligible: 0, notEligible: 4 });
    const wang = e.rows.find((r) => r.name === '王五')!;
    expect(wang).toMatchObject({ examName: '2026年度广西行政执法人员资格考试', rule: { studyHours: 10, mockExams: 2 } });
    expect(e.rows.find((r) => r.name === '张三')).toMatchObject({ examName: '', rule: { studyHours: 6, mockExams: 1 }, eligibility: { studyHours: 0, mockExams: 0, missing: '还差 6 学时、1 次模拟考试' } });
    expect(JSON.stringify(e)).not.toContain(ID.zhang);
  });

  it('counts 学时 and mock exams from the imported file, by each person’s rule', async () => {
    const file = await xlsx('人员学习记录', STUDY_HEADER, [
      study(1, '张三', ID.zhang, '2026-09-20 08:00:00', 4, '未考试'),
      study(2, '张三', ID.zhang, '2026-09-25 08:00:00', 2, '已考试'), // 4 + 2 = exactly 6 学时, 1 mock: may print
      study(3, '李四', ID.li, '2026-09-20 08:00:00', 5, '已考试'), // 5 学时: not yet
      study(4, '王五', ID.wang, '2026-09-20 08:00:00', 8, '已考试'), // enough for 6/1, not for his exam's 10/2
      study(5, '赵六', ID.zhao, '2026-09-20 08:00:00', 12, '已考试'),
    ]);
    const res = await upload('/api/v1/admin/records/study_record/import', file, '学习记录.xlsx');
    expect(res.status, res.text).toBe(200);

    const e = await eligibility();
    const by = Object.fromEntries(e.rows.map((r) => [r.name, r.eligibility]));
    expect(by['张三']).toMatchObject({ studyHours: 6, mockExams: 1, eligible: true, records: 2, missing: '' });
    expect(by['李四']).toMatchObject({ studyHours: 5, mockExams: 1, eligible: false, missing: '还差 1 学时' });
    expect(by['王五']).toMatchObject({ studyHours: 8, studyHoursRequired: 10, mockExams: 1, mockExamsRequired: 2, eligible: false, missing: '还差 2 学时、1 次模拟考试' });
    expect(by['赵六']).toMatchObject({ studyHours: 12, eligible: true });
    expect(e).toMatchObject({ total: 4, eligible: 2, notEligible: 2 });
  });

  it('filters, pages and scopes to one unit', async () => {
    expect((await eligibility('?filter=eligible')).rows.map((r) => r.name).sort()).toEqual(['张三', '赵六'].sort());
    const not = await eligibility('?filter=not_eligible&limit=1');
    expect(not).toMatchObject({ total: 2, eligible: 2, notEligible: 2 });
    expect(not.rows).toHaveLength(1);
    const unitA = await eligibility(`?unitId=${A.unitId}`);
    expect(unitA.rows.map((r) => r.unitName)).toEqual([A.unitName, A.unitName]);
    expect(unitA).toMatchObject({ eligible: 1, notEligible: 1 });
  });

  it('changing the exam’s rule changes who may print, without a new import', async () => {
    const exams = (await call(ts.url, 'GET', '/api/v1/admin/exams', { token: admin.token })).body as { exams: Array<{ id: number; name: string; category: string; windows: unknown; feeYuan: number; sites: string[] }> };
    const exam = exams.exams[0]!;
    const put = await call(ts.url, 'PUT', `/api/v1/admin/exams/${exam.id}`, {
      token: admin.token,
      body: { name: exam.name, category: exam.category, windows: exam.windows, feeYuan: exam.feeYuan, sites: exam.sites, eligibility: { studyHours: 8, mockExams: 1 } },
    });
    expect(put.status, put.text).toBe(200);
    expect(examViewSchema.parse(put.body).eligibility).toEqual({ studyHours: 8, mockExams: 1 });
    expect((await eligibility()).rows.find((r) => r.name === '王五')!.eligibility).toMatchObject({ eligible: true });
    // A change without the rule keeps it.
    await call(ts.url, 'PUT', `/api/v1/admin/exams/${exam.id}`, { token: admin.token, body: { name: exam.name, category: exam.category, windows: exam.windows, feeYuan: 150, sites: exam.sites } });
    const ref = referenceResponseSchema.parse((await call(ts.url, 'GET', '/api/v1/reference', { token: admin.token })).body);
    expect(ref.exams?.[0]?.eligibility).toEqual({ studyHours: 8, mockExams: 1 });
  });

  it('refuses bad rule numbers and bad queries in Chinese; only administrators may ask', async () => {
    const bad = await call(ts.url, 'POST', '/api/v1/admin/exams', {
      token: admin.token,
      body: { name: '2027年度考试', category: '综合', windows: GUANGXI_2026_WINDOWS, feeYuan: 200, sites: [], eligibility: { studyHours: -1, mockExams: 1.5 } },
    });
    expect(expectError(bad, 400, 'request.invalid')).toMatch(/学时不能是负数|模拟考试次数请填整数/);
    expect(expectError(await call(ts.url, 'GET', '/api/v1/admin/eligibility?filter=maybe', { token: admin.token }), 400, 'request.invalid')).toContain('筛选只能是');
    const clerk = await readyUser(ts, 'unit', { unitId: A.unitId });
    expectError(await call(ts.url, 'GET', '/api/v1/admin/eligibility', { token: clerk.token }), 403, 'auth.forbidden');
  });
});

const COURSE_HEADER: Row = ['序号', '课程名称', '学时', '必修/选修', '考试类别'];

describe('course table import', () => {
  const courses = () => rawRows(ts.app.db, 'SELECT category, name, hours, required FROM courses ORDER BY category, position');

  it('imports a good file: the table replaced, audited, and sent to desktops with the reference data', async () => {
    const file = await xlsx('课程设置', COURSE_HEADER, [
      [1, '行政执法基础知识', 2, '必修', '综合法律知识考试'],
      [2, '行政处罚法', 2, '必修', '综合'],
      [3, '行政许可法', 1.5, '选修', '综合法律知识考试'],
      [4, '乡镇综合执法实务', 3, '必修', '乡镇执法考试'],
      [null, null, null, null, null],
    ]);
    const res = await upload('/api/v1/admin/courses/import', file, '课程设置.xlsx');
    expect(res.status, res.text).toBe(200);
    const table = courseTableResponseSchema.parse(res.body);
    expect(table.courses).toEqual([
      { category: '乡镇执法考试', name: '乡镇综合执法实务', hours: 3, required: true },
      { category: '综合法律知识考试', name: '行政执法基础知识', hours: 2, required: true },
      { category: '综合法律知识考试', name: '行政处罚法', hours: 2, required: true },
      { category: '综合法律知识考试', name: '行政许可法', hours: 1.5, required: false },
    ]);
    expect(table.lastImport).toMatchObject({ file: '课程设置.xlsx', courses: 4, by: admin.username });
    const sha = (await rawRows(ts.app.db, 'SELECT sha256 FROM course_imports ORDER BY id DESC LIMIT 1'))[0]!.sha256 as string;
    expect(await auditFor(ts.app.db, 'courses', sha)).toEqual([expect.objectContaining({ action: 'courses.import', actor: admin.username })]);
    const ref = referenceResponseSchema.parse((await call(ts.url, 'GET', '/api/v1/reference', { token: admin.token })).body);
    expect(ref.courses).toEqual(table.courses);
    expect(courseTableResponseSchema.parse((await call(ts.url, 'GET', '/api/v1/admin/courses', { token: admin.token })).body)).toEqual(table);
  });

  it('refuses a file with bad rows, naming each in Chinese, and changes nothing', async () => {
    const before = await courses();
    const auditBefore = (await rawRows(ts.app.db, 'SELECT count(*) AS n FROM audit_log'))[0];
    const file = await xlsx('课程设置', COURSE_HEADER, [
      [1, '行政强制法', 2, '必修', '综合法律知识考试'],
      [2, '', 2, '必修', '综合法律知识考试'],
      [3, '国家赔偿法', '两', '必修', '综合法律知识考试'],
      [4, '行政复议法', 2, '必须', '综合法律知识考试'],
      [5, '行政诉讼法', 2, '选修', '驾驶考试'],
      [6, '行政强制法', 1, '选修', '综合'],
    ]);
    const res = await upload('/api/v1/admin/courses/import', file, '课程设置（有误）.xlsx');
    const msg = expectError(res, 422, 'courses.file_invalid');
    expect(msg).toContain('有 5 行有误');
    expect(msg).toContain('课程设置没有改动');
    const problems = errorResponseSchema.parse(res.body).error.courseProblems!;
    expect(problems.map((p) => p.row)).toEqual([4, 5, 6, 7, 8]);
    expect(problems[0]!.message).toContain('课程名称为空');
    expect(problems[1]!.message).toContain('学时“两”');
    expect(problems[2]!.message).toContain('“必修”或“选修”');
    expect(problems[3]!.message).toContain('考试类别“驾驶考试”不在代码表中');
    expect(problems[4]!.message).toContain('与第 3 行重复');
    expect(await courses()).toEqual(before);
    expect((await rawRows(ts.app.db, 'SELECT count(*) AS n FROM audit_log'))[0]).toEqual(auditBefore);
  });

  it('refuses what is no course table at all, changing nothing', async () => {
    const before = await courses();
    expect(expectError(await upload('/api/v1/admin/courses/import', Buffer.from('课程名称,学时\n'), '课程.csv'), 422, 'courses.file_invalid')).toContain('不是 .xlsx 文件');
    const noHeader = await xlsx('Sheet1', ['姓名', '身份证号'], [['张三', ID.zhang]]);
    expect(expectError(await upload('/api/v1/admin/courses/import', noHeader, '名单.xlsx'), 422, 'courses.file_invalid')).toContain('找不到课程设置表的表头');
    const onlyHeader = await xlsx('课程设置', COURSE_HEADER, []);
    expect(expectError(await upload('/api/v1/admin/courses/import', onlyHeader, '空表.xlsx'), 422, 'courses.file_invalid')).toContain('只有表头');
    expect(expectError(await upload('/api/v1/admin/courses/import', Buffer.from('PK\u0003\u0004broken'), '坏.xlsx'), 422, 'courses.file_invalid')).toContain('打不开');
    const big = await upload('/api/v1/admin/courses/import', Buffer.alloc(3 * 1024 * 1024, 1), '大.xlsx');
    expect(big.status).toBe(413);
    expect(await courses()).toEqual(before);
  });
});
