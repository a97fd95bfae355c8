import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openDesktopBackend } from '../../src-main/services/desktop-backend.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { chinaToday } from '../../src-shared/china-time.js';
import { addDays } from '../../src-shared/rules/dates.js';
import { prepareDesktopBatch } from '../helpers/desktop-batch.js';
import { makeId } from '../helpers/ids.js';
import { CONSOLE_DIR } from './built-pages.js';
import { handlerCaller, serveDesktop } from './seed/desktop-seed.js';
import { seedLog } from './seed/seed-process.js';
import { serverCaller, signInDesktop, signInUnit, startSeedServer } from './seed/server-seed.js';

/**
 * For certificates.spec.ts (取证, issue 19): the real sync server (serving the console) with an exam
 * whose 网络报名 holds today (the server's own clock), and a desktop whose clerk pushed a batch of four
 * for it; the county reviewer approved them, the administrator imported the exam scores (three passed,
 * 蓝天 failed) and the desktop pulled them. The exam's 成绩合格确认公告 date is not set yet: the spec
 * has the administrator enter it in the console. 覃志强 is a man of 59, so his certificate ends at his
 * retirement. Prints one JSON line and runs until killed; everything is removed on exit.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-cert-'));
const server = await startSeedServer(root, { reviewStages: 1, photoSpec: 'guangxi', consoleDir: CONSOLE_DIR });
const http = serverCaller(server.url);
const admin = { username: 'gx_admin', password: 'Guangxi2026sfj' };
const adminToken = await signInUnit(http, await server.account(admin.username, 'admin'), admin.password);
const reviewerToken = await signInUnit(http, await server.account('qingxiu_sfj', 'reviewer', { jurisdictionId: server.county.id }), 'Reviewer2026ok');

const today = chinaToday(new Date());
const exam = (await http('POST', '/api/v1/admin/exams', adminToken, {
  name: `${today.slice(0, 4)}年度广西行政执法人员资格考试`,
  category: '综合法律知识考试',
  windows: {
    registration: { start: addDays(today, -10), end: addDays(today, 10) },
    review: null,
    payment: null,
    training: null,
    admitCard: null,
    exam: { start: addDays(today, 11), end: addDays(today, 12) },
  },
  feeYuan: 200,
  sites: ['南宁市考点'],
})) as { id: number; name: string };

const oldMan = `${Number(today.slice(0, 4)) - 59}0115`;
const PEOPLE = [
  { name: '韦小宁', idNumber: makeId('19880412', '032', '450103'), birthDate: '1988-04-12', passed: true },
  { name: '黄海燕', idNumber: makeId('19900718', '042', '450103'), birthDate: '1990-07-18', passed: true },
  { name: '覃志强', idNumber: makeId(oldMan, '053', '450103'), birthDate: `${oldMan.slice(0, 4)}-01-15`, passed: true },
  { name: '蓝天', idNumber: makeId('19920303', '071', '450103'), birthDate: '1992-03-03', passed: false },
];

const desk = path.join(root, 'desk');
fs.mkdirSync(desk);
const batch = await prepareDesktopBatch(desk, PEOPLE.length, (i) => ({ name: PEOPLE[i]!.name, idNumber: PEOPLE[i]!.idNumber, birthDate: PEOPLE[i]!.birthDate, gender: '' }));
const backend = openDesktopBackend({ dataDir: desk, tokens: new MemoryTokenStore(), runPull: false, log: seedLog });
const call = handlerCaller(backend.handlers);
const clerk = await signInDesktop(call, server.url, await server.account('qingxiu_scj', 'unit', { unitId: server.unit.id }), 'Qingxiu2026ok');
await call('sync.pull', {});
await call('batches.setExam', { batchId: batch.batchId, examId: exam.id });
await call('sync.submit', { batchId: batch.batchId });
for (let i = 0; ; i++) {
  const s = await call<{ persons: Record<string, number>; queue: unknown[] }>('sync.status', {});
  if ((s.persons.submitted ?? 0) === PEOPLE.length && s.queue.length === 0) break;
  if (i > 300) throw new Error(`the batch did not go: ${JSON.stringify(s)}`);
  await new Promise((r) => setTimeout(r, 100));
}

// The county reviewer approves everyone (one review stage: final).
const pending = (await http('GET', '/api/v1/review/pending', reviewerToken)) as { persons: Array<{ personId: number; version: number }> };
await http('POST', '/api/v1/review/decisions', reviewerToken, { items: pending.persons.map((p) => ({ personId: p.personId, version: p.version })), result: 'approved', comment: '' });

// The administrator imports the study platform's 人员考试成绩.
const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('人员考试成绩');
ws.addRow(['序号', '姓名', '身份证号', '手机号', '所属地区', '工作单位', '更新时间', '是否通过', '考试成绩', '考试时长', '正式考试次数', '开始考试时间', '考试结束时间', '同步时间']);
const examDay = addDays(today, 11);
PEOPLE.forEach((p, i) => {
  ws.addRow([i + 1, p.name, p.idNumber, '13800000001', '南宁市', '青秀区市场监督管理局', `${examDay} 18:00:00`, p.passed ? '是' : '否', p.passed ? String(80 + i) : '52', '90分钟', '1', `${examDay} 09:00:00`, `${examDay} 10:30:00`, `${examDay} 18:05:00`]);
});
await http('POST', `/api/v1/admin/records/exam_score/import?fileName=${encodeURIComponent('人员考试成绩.xlsx')}`, adminToken, undefined, Buffer.from(await wb.xlsx.writeBuffer()));
await call('sync.pull', {});

await serveDesktop(
  backend.handlers,
  root,
  { serverUrl: server.url, admin, adminToken, clerk, examId: exam.id, examName: exam.name, announcedOn: addDays(today, 20), people: PEOPLE },
  [() => backend.close(), () => server.app.close()],
);
