import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { buildServer } from '../../src-server/app.js';
import { defaultConfig } from '../../src-server/config.js';
import { addUser } from '../../src-server/accounts/accounts.js';
import { loggerOptions } from '../../src-server/logging.js';
import { run } from '../../src-server/db/sql.js';
import { GUANGXI_2026_WINDOWS } from '../helpers/exam-fixtures.js';
import { makeIdNumber, seedPerson, seedUnit } from '../server/records-helpers.js';
import { CONSOLE_DIR } from './built-pages.js';
import { publishUntilKilled } from './seed/seed-process.js';
import { serverCaller, signInUnit } from './seed/server-seed.js';

/**
 * For console-training.spec.ts (issue 19 items 3 and 4): the real sync server serving the built
 * console; an administrator; an exam asking 6 学时 and 1 mock exam; two units with approved people
 * (written straight into the store, as the record-import tests do) whose batch of one unit is for the
 * exam; and a study-record export imported over HTTP as the console would send it. Writes a good and a
 * bad course table (.xlsx) for the spec to upload. Prints one JSON line and runs until killed.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-console-training-'));
const startedAt = Date.now();
const base = Date.parse('2026-10-01T02:00:00Z');
const now = () => new Date(base + (Date.now() - startedAt));
const config = defaultConfig(path.join(root, 'server'), { port: 0, host: '127.0.0.1', logLevel: 'silent', reviewStages: 2, photoSpec: 'guangxi' });
const app = await buildServer(config, { now, consoleDir: CONSOLE_DIR, logger: { ...loggerOptions({ logLevel: 'warn' }), stream: process.stderr } });
const url = await app.listen({ port: 0, host: '127.0.0.1' });
const call = serverCaller(url);

const seeder = { userId: null, name: 'e2e', now };
const initial = (await addUser(app.db, { username: 'gx_admin', role: 'admin', unitId: null, jurisdictionId: null }, seeder)).initialPassword;
const admin = { username: 'gx_admin', password: 'Guangxi2026kecheng' };
const token = await signInUnit(call, { username: admin.username, password: initial }, admin.password);

const exam = (await call('POST', '/api/v1/admin/exams', token, {
  name: '2026年度广西行政执法人员资格考试', category: '综合法律知识考试', windows: GUANGXI_2026_WINDOWS, feeYuan: 200, sites: ['南宁市考点'],
})) as { id: number };

const nanning = await seedUnit(app.db, '南宁市市场监督管理局');
const liuzhou = await seedUnit(app.db, '柳州市交通运输局');
const people = [
  { unit: nanning, name: '韦一', id: makeIdNumber('450102', '19880101', 11), hours: 6, mock: true },
  { unit: nanning, name: '覃二', id: makeIdNumber('450102', '19900202', 21), hours: 4, mock: true },
  { unit: nanning, name: '黄三', id: makeIdNumber('450102', '19920303', 31), hours: 8, mock: false },
  { unit: liuzhou, name: '莫四', id: makeIdNumber('450202', '19850404', 41), hours: 12, mock: true },
];
for (const p of people) {
  const personId = await seedPerson(app.db, p.unit, { idNumber: p.id, name: p.name });
  if (p.unit === nanning) await run(app.db, 'UPDATE batches SET exam_id = ? WHERE id = (SELECT batch_id FROM persons WHERE id = ?)', [exam.id, personId]);
}

async function xlsx(file: string, sheet: string, rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
  return file;
}
const STUDY_HEADER = ['序号', '姓名', '身份证号', '手机号', '地区', '单位', '更新时间', '开始时间', '学习状态', '结束时间', '考试状态', '考试成绩', '考试完成时间', '学习总时长', '学习总时长', '学习总时长'];
const records = await xlsx(path.join(root, '学习记录.xlsx'), '人员学习记录', [
  STUDY_HEADER,
  ...people.map((p, i) => [i + 1, p.name, p.id, '13800000000', '南宁市', p.unit.unitName, '2026-09-30 10:00:00', '2026-09-20 08:00:00', '学习中', '', p.mock ? '已考试' : '未考试', p.mock ? '80' : '0', p.mock ? '2026-09-28 09:00:00' : '', p.hours, 0, p.hours]),
]);
await call('POST', `/api/v1/admin/records/study_record/import?fileName=${encodeURIComponent('学习记录.xlsx')}`, token, undefined, fs.readFileSync(records));

const COURSE_HEADER = ['序号', '课程名称', '学时', '必修/选修', '考试类别'];
const goodCourses = await xlsx(path.join(root, '课程设置.xlsx'), '课程设置', [
  ['2026年度行政执法人员网络培训课程设置'],
  COURSE_HEADER,
  [1, '行政执法基础知识', 2, '必修', '综合法律知识考试'],
  [2, '中华人民共和国行政处罚法', 2, '必修', '综合法律知识考试'],
  [3, '中华人民共和国行政许可法', 1.5, '必修', '综合法律知识考试'],
  [4, '行政执法案例分析', 1, '选修', '综合法律知识考试'],
  [5, '乡镇综合执法实务', 3, '必修', '乡镇执法考试'],
]);
const badCourses = await xlsx(path.join(root, '课程设置（有误）.xlsx'), '课程设置', [
  COURSE_HEADER,
  [1, '行政强制法', 2, '必修', '综合法律知识考试'],
  [2, '国家赔偿法', '两', '必修', '综合法律知识考试'],
  [3, '行政复议法', 2, '必须', '综合法律知识考试'],
]);

publishUntilKilled({ url, admin, goodCourses, badCourses }, [() => app.close(), () => fs.rmSync(root, { recursive: true, force: true })]);
