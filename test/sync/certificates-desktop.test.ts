import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import type { DesktopBackend } from '../../src-main/services/desktop-backend.js';
import { rawRows } from '../../src-server/db/sql.js';
import { chinaToday } from '../../src-shared/china-time.js';
import { addDays } from '../../src-shared/rules/dates.js';
import { call, readyUser, seedDirectory, startTestServer, type TestServer } from '../server/server-helpers.js';
import { guangxiPortrait } from '../helpers/desktop-batch.js';
import { backendCalls, makeBackend } from '../helpers/desktop-handlers.js';
import { makeId } from '../helpers/ids.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * 取证 on the desktop (issue 19 item 5) against the real sync server on 127.0.0.1 (behind a TCP proxy
 * that stands for the office network) and a real desktop store: passed people wait for the 公告 date;
 * a bad rule is refused in Chinese; a preview keeps nothing; saved numbers are not renumbered; 上传
 * offline keeps them and says so, and goes once the network is back; nothing is sent twice.
 */
const root = tempDir('zfbm-cert-desk-');
const data = path.join(root, 'desk');
let ts: TestServer;
let proxy: TcpProxy;
let proxyPort = 0;
let db: Db;
let backend: DesktopBackend;
let today = '';
let examId = 0;
let admin: { token: string };
const EXAM = (resultsAnnouncedOn: string | null) => ({
  name: '2026年度广西行政执法人员资格考试', category: '综合法律知识考试', feeYuan: 200, sites: ['南宁市考点'], resultsAnnouncedOn,
  windows: { registration: { start: addDays(today, -5), end: addDays(today, 20) }, review: null, payment: null, training: null, admitCard: null, exam: { start: addDays(today, 21), end: addDays(today, 22) } },
});
const PEOPLE = [
  { name: '韦小宁', idNumber: makeId('19880412', '032', '450103'), birthDate: '1988-04-12', passed: '是' },
  { name: '覃志强', idNumber: makeId('19850203', '053', '450103'), birthDate: '1985-02-03', passed: '是' },
  { name: '蓝天', idNumber: makeId('19920303', '071', '450103'), birthDate: '1992-03-03', passed: '否' },
];

const { ok, refused } = backendCalls(() => backend);
const localCerts = () => db.prepare('SELECT cert_no AS certNo, uploaded_at AS uploadedAt FROM certificates ORDER BY cert_no').all() as Array<{ certNo: string; uploadedAt: string }>;
const serverCerts = () => rawRows(ts.app.db, 'SELECT cert_no AS "certNo", valid_to AS "validTo" FROM certificates ORDER BY cert_no');

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi' });
  today = chinaToday(ts.clock.now());
  const dir = await seedDirectory(ts.app);
  const unit = await readyUser(ts, 'unit', { unitId: dir.unit.id });
  admin = await readyUser(ts, 'admin');
  const reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
  const exam = await call(ts.url, 'POST', '/api/v1/admin/exams', { token: admin.token, body: EXAM(null) });
  expect(exam.status, exam.text).toBe(200);
  examId = (exam.body as { id: number }).id;

  proxy = new TcpProxy(Number(new URL(ts.url).port));
  const proxyUrl = await proxy.start();
  proxyPort = proxy.port;
  db = openStore(data);
  backend = makeBackend(db, data, { today: () => today, runOutbox: true, runPull: false });
  await ok('sync.configure', { serverUrl: proxyUrl, proxy: 'none', timeoutSeconds: 5 });
  await ok('sync.login', { username: unit.username, password: unit.password });
  await ok('sync.pull', undefined);

  // The clerk's batch for the exam goes out and is approved; the administrator imports the scores.
  const work = fs.mkdtempSync(path.join(root, 'work-'));
  const rows = PEOPLE.map((p) => validRow({ name: p.name, idNumber: p.idNumber, birthDate: p.birthDate, gender: '' }));
  await writeTemplate(path.join(work, '采集表.xlsx'), rows);
  const { batch } = await ok('import.file', { file: path.join(work, '采集表.xlsx') });
  for (const [i, p] of PEOPLE.entries()) fs.writeFileSync(path.join(work, `${p.idNumber}.jpg`), await guangxiPortrait(i + 500));
  await ok('photos.import', { batchId: batch.id, paths: PEOPLE.map((p) => path.join(work, `${p.idNumber}.jpg`)) });
  await ok('sync.submit', { batchId: batch.id });
  for (let i = 0; (await ok('sync.status', undefined)).queue.length > 0; i++) {
    if (i > 600) throw new Error('the push did not finish');
    await new Promise((r) => setTimeout(r, 50));
  }
  const pending = (await call(ts.url, 'GET', '/api/v1/review/pending', { token: reviewer.token })).body as { persons: Array<{ personId: number; version: number }> };
  const decided = await call(ts.url, 'POST', '/api/v1/review/decisions', { token: reviewer.token, body: { items: pending.persons.map((p) => ({ personId: p.personId, version: p.version })), result: 'approved' } });
  expect(decided.status, decided.text).toBe(200);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员考试成绩');
  ws.addRow(['序号', '姓名', '身份证号', '手机号', '所属地区', '工作单位', '更新时间', '是否通过', '考试成绩', '考试时长', '正式考试次数', '开始考试时间', '考试结束时间', '同步时间']);
  PEOPLE.forEach((p, i) => ws.addRow([i + 1, p.name, p.idNumber, '', '南宁市', '', '', p.passed, p.passed === '是' ? '88' : '40', '', '1', `${addDays(today, 21)} 09:00:00`, '', '']));
  const imported = await call(ts.url, 'POST', `/api/v1/admin/records/exam_score/import?fileName=${encodeURIComponent('成绩.xlsx')}`, {
    token: admin.token, raw: Buffer.from(await wb.xlsx.writeBuffer()), headers: { 'content-type': 'application/octet-stream' },
  });
  expect(imported.status, imported.text).toBe(200);
  await ok('sync.pull', undefined);
}, 120_000);
afterAll(async () => {
  await backend?.close();
  await proxy?.stop();
  await ts?.stop();
});

const numbering = (over: Partial<{ pattern: string; unitCode: string; start: number }> = {}) => ({ pattern: 'QX{年份}-{序号:3}', unitCode: '', start: 1, examId, ...over });

describe('取证 on the desktop', () => {
  it('lists the passed people only, waiting for the 公告 date; nothing can be numbered yet', async () => {
    const view = await ok('certificates.list', undefined);
    expect(view.groups).toHaveLength(1);
    const g = view.groups[0]!;
    expect(g).toMatchObject({ examId, resultsAnnouncedOn: null, numbered: 0, uploaded: 0 });
    expect(g.people.map((p) => [p.name, p.score])).toEqual([['韦小宁', '88'], ['覃志强', '88']]);
    expect(g.people[0]!.problem).toMatch(/等待成绩合格确认公告日期/);
    expect((await refused('certificates.save', numbering())).code).toBe('certificate.nothing');
    expect(localCerts()).toEqual([]);
  });

  it('refuses a bad rule in Chinese; a good one previews numbers and keeps nothing', async () => {
    const put = await call(ts.url, 'PUT', `/api/v1/admin/exams/${examId}`, { token: admin.token, body: EXAM(addDays(today, 30)) });
    expect(put.status, put.text).toBe(200);
    await ok('sync.pull', undefined);
    const year = Number(addDays(today, 30).slice(0, 4));
    expect((await refused('certificates.preview', numbering({ pattern: 'QX{年份}' }))).message).toMatch(/要有 \{序号\}/);
    expect((await refused('certificates.preview', numbering({ pattern: '{单位代码}{序号:4}' }))).message).toMatch(/请填写本单位的单位代码/);
    expect((await refused('certificates.preview', numbering({ start: 0 }))).message).toMatch(/起始序号从 1 开始/);
    const preview = await ok('certificates.preview', numbering());
    expect(preview.rows.map((r) => [r.name, r.certNo, r.validFrom, r.validTo])).toEqual([
      ['韦小宁', `QX${year}-001`, addDays(today, 30), `${year + 5}${addDays(today, 30).slice(4)}`],
      ['覃志强', `QX${year}-002`, addDays(today, 30), `${year + 5}${addDays(today, 30).slice(4)}`],
    ]);
    expect(localCerts()).toEqual([]);
  });

  it('saves the numbers and the rule with its next sequence number; a later preview renumbers nobody', async () => {
    expect(await ok('certificates.save', numbering())).toEqual({ saved: 2 });
    const year = addDays(today, 30).slice(0, 4);
    expect(localCerts()).toEqual([{ certNo: `QX${year}-001`, uploadedAt: '' }, { certNo: `QX${year}-002`, uploadedAt: '' }]);
    const view = await ok('certificates.list', undefined);
    expect(view.rule).toEqual({ pattern: 'QX{年份}-{序号:3}', unitCode: '', start: 3 });
    expect(view.groups[0]).toMatchObject({ numbered: 2, uploaded: 0 });
    expect(await ok('certificates.preview', numbering({ pattern: 'ZZ{序号}', start: 50 }))).toEqual({ rows: [], kept: 2, waiting: 0 });
    expect((await refused('certificates.save', numbering({ pattern: 'ZZ{序号}' }))).message).toMatch(/都已有证件号/);
  });

  it('清除未上传 drops the unsent numbers only when asked; numbering again goes on from the next sequence number', async () => {
    const year = addDays(today, 30).slice(0, 4);
    expect(await ok('certificates.clear', { examId })).toEqual({ cleared: 2 });
    expect(localCerts()).toEqual([]);
    expect(await ok('certificates.save', numbering({ start: 3 }))).toEqual({ saved: 2 });
    expect(localCerts().map((c) => c.certNo)).toEqual([`QX${year}-003`, `QX${year}-004`]);
  });

  it('上传 offline says so in Chinese and keeps the numbers; back online they go, once', async () => {
    await proxy.stop();
    const offline = await refused('certificates.upload', { examId });
    expect(offline.code).toBe('network');
    expect(offline.message).toMatch(/连不上同步服务器/);
    expect(localCerts().map((c) => c.uploadedAt)).toEqual(['', '']);
    expect(await serverCerts()).toEqual([]);

    await proxy.start(proxyPort);
    expect(await ok('certificates.upload', { examId })).toEqual({ uploaded: 2, unchanged: 0 });
    expect(await serverCerts()).toHaveLength(2);
    expect(localCerts().every((c) => c.uploadedAt !== '')).toBe(true);
    expect((await ok('certificates.list', undefined)).groups[0]).toMatchObject({ numbered: 2, uploaded: 2 });
    expect((await refused('certificates.upload', { examId })).message).toMatch(/没有要上传的证件号/);
    // Uploaded numbers are not the clerk's to clear.
    expect((await refused('certificates.clear', { examId })).message).toMatch(/没有未上传的证件号可以清除/);
    expect(localCerts()).toHaveLength(2);
  });
});
