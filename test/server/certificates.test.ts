import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateUploadResponseSchema, examViewSchema, referenceResponseSchema, type ExamInput } from '../../src-shared/contract/sync-api.js';
import { insertReturningId, rawRows, run } from '../../src-server/db/sql.js';
import { GUANGXI_2026_WINDOWS } from '../helpers/exam-fixtures.js';
import { makeIdNumber, seedUnit, type SeededUnit } from './records-helpers.js';
import { call, expectError, readyUser, startTestServer, type Answer, type TestServer } from './server-helpers.js';
import { personFields } from './sync-helpers.js';

/**
 * 取证 over HTTP against the real server: numbers unique across units, the validity computed by the
 * server (five years from the 公告 date, ended by retirement), only passed people of the caller's own
 * batches, all or nothing; the administrator's 取证名单 read back with exceljs.
 */
let ts: TestServer;
let admin: { token: string };
let A: SeededUnit, B: SeededUnit;
let clerkA: { token: string }, clerkB: { token: string };
let examId: number;

const EXAM: ExamInput = { name: '2026年度行政执法人员资格考试', category: '综合', windows: GUANGXI_2026_WINDOWS, feeYuan: 200, sites: ['南宁市考点'] };
const ANNOUNCED = '2026-12-01';

// Odd sequence numbers are men. 王五 (man, born 1968-03-15) retires 2029-01-15, before five years are up.
const P = {
  zhang: { name: '张三', idNumber: makeIdNumber('350102', '19900101', 11), birthDate: '1990-01-01' },
  wang: { name: '王五', idNumber: makeIdNumber('350102', '19680315', 13), birthDate: '1968-03-15' },
  li: { name: '李四', idNumber: makeIdNumber('350102', '19850505', 22), birthDate: '1985-05-05' },
  zhao: { name: '赵六', idNumber: makeIdNumber('350103', '19920202', 31), birthDate: '1992-02-02' },
  sun: { name: '孙七', idNumber: makeIdNumber('350102', '19930707', 42), birthDate: '1993-07-07' },
};
type Who = keyof typeof P;
const where: Record<Who, { batchId: string; personKey: string }> = {} as never;

/** An approved person of `unit`'s batch for the exam, as a finished review leaves them (full fields). */
async function seedApproved(unit: SeededUnit, who: Who): Promise<void> {
  const db = ts.app.db;
  const at = '2026-09-20T08:00:00.000Z';
  const sha = crypto.randomBytes(32).toString('hex');
  await run(db, `INSERT INTO blobs (sha256, size, mime, created_at) VALUES (?, 1024, 'image/jpeg', ?)`, [sha, at]);
  const batchId = crypto.randomUUID();
  await run(
    db,
    `INSERT INTO batches (id, unit_id, kind, name, number, created_at, rules_version, submitted_by, received_at, updated_at, exam_id)
     VALUES (?, ?, 'new', '行政执法人员2026-09-01批次', ?, ?, '1', ?, ?, ?, ?)`,
    [batchId, unit.unitId, `XZZF${who}`, at, unit.userId, at, at, examId],
  );
  const personKey = String(Object.keys(where).length + 1);
  const p = P[who];
  const personId = await insertReturningId(
    db,
    `INSERT INTO persons (batch_id, unit_id, person_key, kind, version, id_number, name, status, pending_jurisdiction_id, pending_level, updated_at)
     VALUES (?, ?, ?, 'new', 1, ?, ?, 'approved', NULL, NULL, ?) RETURNING id`,
    [batchId, unit.unitId, personKey, p.idNumber, p.name, at],
  );
  const fields = personFields({ name: p.name, idNumber: p.idNumber, birthDate: p.birthDate, gender: '' });
  await run(
    db,
    `INSERT INTO person_versions (person_id, version, fields_json, photo_sha256, photo_file_name, content_sha256, issues_json, submitted_by, submitted_at)
     VALUES (?, 1, ?, ?, 'photo.jpg', ?, '[]', ?, ?)`,
    [personId, JSON.stringify(fields), sha, sha, unit.userId, at],
  );
  where[who] = { batchId, personKey };
}

const SCORE_HEADER = ['序号', '姓名', '身份证号', '手机号', '所属地区', '工作单位', '更新时间', '是否通过', '考试成绩', '考试时长', '正式考试次数', '开始考试时间', '考试结束时间', '同步时间'];

/** The administrator imports the score export (is 李四 failed), as the console does. */
async function importScores(): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员考试成绩');
  ws.addRow(SCORE_HEADER);
  (Object.keys(P) as Who[]).forEach((w, i) => {
    const passed = w === 'li' ? '否' : '是';
    ws.addRow([i + 1, P[w].name, P[w].idNumber, '13800000001', '福州市', '测试单位', '2026-10-30 10:00:00', passed, passed === '是' ? '86' : '40', '45分钟', '1', '2026-10-25 09:00:00', '2026-10-25 09:45:00', '2026-10-30 10:05:00']);
  });
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const res = await call(ts.url, 'POST', `/api/v1/admin/records/exam_score/import?fileName=${encodeURIComponent('成绩.xlsx')}`, {
    token: admin.token, raw: bytes, headers: { 'content-type': 'application/octet-stream' },
  });
  expect(res.status, res.text).toBe(200);
}

const validity: Record<Who, { validFrom: string; validTo: string }> = {
  zhang: { validFrom: ANNOUNCED, validTo: '2031-12-01' },
  wang: { validFrom: ANNOUNCED, validTo: '2029-01-15' },
  li: { validFrom: ANNOUNCED, validTo: '2031-12-01' },
  zhao: { validFrom: ANNOUNCED, validTo: '2031-12-01' },
  sun: { validFrom: ANNOUNCED, validTo: '2031-12-01' },
};
const item = (who: Who, certNo: string, over: Partial<{ validFrom: string; validTo: string }> = {}) => ({ ...where[who], certNo, ...validity[who], ...over });
const upload = (token: string, certificates: unknown): Promise<Answer> => call(ts.url, 'POST', '/api/v1/certificates', { token, body: { certificates } });
const stored = () => rawRows(ts.app.db, 'SELECT cert_no AS "certNo", valid_from AS "validFrom", valid_to AS "validTo" FROM certificates ORDER BY cert_no');

beforeAll(async () => {
  ts = await startTestServer({}, { now: () => new Date('2026-12-05T02:00:00Z') });
  admin = await readyUser(ts, 'admin');
  A = await seedUnit(ts.app.db, '福州市鼓楼区市场监督管理局');
  B = await seedUnit(ts.app.db, '福州市台江区城市管理局');
  clerkA = await readyUser(ts, 'unit', { unitId: A.unitId });
  clerkB = await readyUser(ts, 'unit', { unitId: B.unitId });
  const res = await call(ts.url, 'POST', '/api/v1/admin/exams', { token: admin.token, body: EXAM });
  expect(res.status, res.text).toBe(200);
  const exam = examViewSchema.parse(res.body);
  expect(exam.resultsAnnouncedOn).toBeNull();
  examId = exam.id;
  await seedApproved(A, 'zhang');
  await seedApproved(A, 'wang');
  await seedApproved(A, 'li');
  await seedApproved(A, 'sun');
  await seedApproved(B, 'zhao');
  await importScores();
});
afterAll(() => ts.stop());

describe('取证: certificate numbers', () => {
  it('waits for the exam\'s 合格确认公告 date, saying so, and stores nothing', async () => {
    expect(expectError(await upload(clerkA.token, [item('zhang', 'GL20260001')]), 400, 'request.invalid')).toMatch(/还没有填写成绩合格确认公告日期/);
    expect(await stored()).toEqual([]);
  });

  it('the administrator sets the 公告 date (not before the exam) and desktops get it with the reference data', async () => {
    const put = (resultsAnnouncedOn: string | null) => call(ts.url, 'PUT', `/api/v1/admin/exams/${examId}`, { token: admin.token, body: { ...EXAM, resultsAnnouncedOn } });
    expect(expectError(await put('2026-10-01'), 400, 'request.invalid')).toMatch(/成绩合格确认公告日期（2026年10月1日）早于考试开始（2026年10月25日）/);
    expect(expectError(await put('2026-13-01'), 400, 'request.invalid')).toMatch(/成绩合格确认公告日期/);
    const res = await put(ANNOUNCED);
    expect(res.status, res.text).toBe(200);
    expect(examViewSchema.parse(res.body).resultsAnnouncedOn).toBe(ANNOUNCED);
    // A change that leaves the date out keeps it.
    const kept = await call(ts.url, 'PUT', `/api/v1/admin/exams/${examId}`, { token: admin.token, body: EXAM });
    expect(examViewSchema.parse(kept.body).resultsAnnouncedOn).toBe(ANNOUNCED);
    const ref = referenceResponseSchema.parse((await call(ts.url, 'GET', '/api/v1/reference', { token: clerkA.token })).body);
    expect(ref.exams?.find((e) => e.id === examId)?.resultsAnnouncedOn).toBe(ANNOUNCED);
  });

  it('refuses an end date the server would not give (past retirement, or not five years), naming the right one', async () => {
    const msg = expectError(await upload(clerkA.token, [item('wang', 'GL20260002', { validTo: '2031-12-01' })]), 400, 'request.invalid');
    expect(msg).toMatch(/王五（.+）的有效期应为 2026年12月1日 至 2029年1月15日（到退休日期为止）/);
    expect(expectError(await upload(clerkB.token, [item('zhao', 'TJ0001', { validTo: '2031-12-02' })]), 400, 'request.invalid')).toMatch(/赵六（.+）的有效期应为 2026年12月1日 至 2031年12月1日（公告之日起 5 年）/);
    expect(expectError(await upload(clerkB.token, [item('zhao', 'TJ0001', { validFrom: '2026-12-02' })]), 400, 'request.invalid')).toMatch(/有效期应为/);
    expect(await stored()).toEqual([]);
  });

  it('stores a unit\'s numbers with the validity the server computes: five years, or up to retirement', async () => {
    const res = await upload(clerkA.token, [item('zhang', 'GL20260001'), item('wang', 'GL20260002')]);
    expect(res.status, res.text).toBe(200);
    const body = certificateUploadResponseSchema.parse(res.body);
    expect(body).toMatchObject({ saved: 2, unchanged: 0 });
    expect(body.certificates.map((c) => [c.certNo, c.validFrom, c.validTo])).toEqual([
      ['GL20260001', ANNOUNCED, '2031-12-01'],
      ['GL20260002', ANNOUNCED, '2029-01-15'],
    ]);
    expect(await stored()).toEqual([
      { certNo: 'GL20260001', validFrom: ANNOUNCED, validTo: '2031-12-01' },
      { certNo: 'GL20260002', validFrom: ANNOUNCED, validTo: '2029-01-15' },
    ]);
    const audit = (await rawRows(ts.app.db, "SELECT detail FROM audit_log WHERE action = 'certificate.upload' ORDER BY id")) as Array<{ detail: string }>;
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ count: 2 });
  });

  it('refuses a person without a passed score, and then stores none of the request', async () => {
    const before = await stored();
    const msg = expectError(await upload(clerkA.token, [item('sun', 'GL20260005'), item('li', 'GL20260003')]), 422, 'certificate.not_passed');
    expect(msg).toMatch(/李四（.+）没有考试合格的成绩，不能取证/);
    expect(await stored()).toEqual(before);
  });

  it('keeps numbers unique across units without telling whose the number is', async () => {
    const before = await stored();
    const dup = expectError(await upload(clerkB.token, [item('zhao', 'GL20260001')]), 409, 'certificate.duplicate');
    expect(dup).toMatch(/证件号 GL20260001 已被使用/);
    expect(dup).not.toMatch(/张三|鼓楼区|19900101/);
    expect(await stored()).toEqual(before);
    const own = await upload(clerkB.token, [item('zhao', 'TJ0001')]);
    expect(certificateUploadResponseSchema.parse(own.body)).toMatchObject({ saved: 1 });
  });

  it('does not let a number be changed silently once uploaded', async () => {
    expect(expectError(await upload(clerkB.token, [item('zhao', 'TJ0002')]), 409, 'certificate.changed')).toMatch(/赵六（.+）已上传过证件号 TJ0001，不能改为 TJ0002/);
  });

  it('refuses another unit\'s person as not its own', async () => {
    expect(expectError(await upload(clerkB.token, [item('sun', 'TJ0003')]), 400, 'request.invalid')).toMatch(/不是本单位报名的人员/);
  });

  it('takes the same number again as unchanged', async () => {
    const res = await upload(clerkA.token, [item('zhang', 'GL20260001')]);
    expect(certificateUploadResponseSchema.parse(res.body)).toMatchObject({ saved: 0, unchanged: 1 });
  });

  it('refuses bad input with a Chinese 400 and stores nothing', async () => {
    const before = await stored();
    const cases: Array<[unknown, RegExp]> = [
      [[item('zhao', 'TJ 0005')], /不能用的字符/],
      [[item('zhao', '')], /证件号不能为空/],
      [[item('zhao', 'X'.repeat(41))], /太长/],
      [[], /没有要上传的证件号/],
      [[item('zhao', 'TJ0009'), { ...item('zhao', 'TJ0009') }], /在这次上传中出现了两次/],
      [[item('zhao', 'TJ0009'), { ...item('zhao', 'TJ0010') }], /同一个人在这次上传中出现了两次/],
      [[{ ...item('zhao', 'TJ0009'), batchId: 'nope' }], /批次编号/],
      [[{ ...item('zhao', 'TJ0009'), validTo: '2031/12/01' }], /有效期截止日应写成/],
    ];
    for (const [list, message] of cases) expect(expectError(await upload(clerkB.token, list), 400, 'request.invalid')).toMatch(message);
    expect(expectError(await call(ts.url, 'POST', '/api/v1/certificates', { token: clerkB.token, body: { certificates: 'x' } }), 400, 'request.invalid')).toMatch(/[\u4e00-\u9fa5]/);
    expectError(await upload(admin.token, [item('zhao', 'TJ0009')]), 403, 'auth.forbidden');
    expect(await stored()).toEqual(before);
  });

  it('exports the 取证名单 for the administrator as xlsx, read back with exceljs', async () => {
    expectError(await call(ts.url, 'GET', `/api/v1/exports/certificates.xlsx?examId=${examId}`, { token: clerkA.token }), 403, 'auth.forbidden');
    expect(expectError(await call(ts.url, 'GET', '/api/v1/exports/certificates.xlsx', { token: admin.token }), 400, 'request.invalid')).toMatch(/考试/);
    expectError(await call(ts.url, 'GET', '/api/v1/exports/certificates.xlsx?examId=999', { token: admin.token }), 404, 'not_found');
    const res = await fetch(`${ts.url}/api/v1/exports/certificates.xlsx?examId=${examId}`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('取证名单_2026年度行政执法人员资格考试');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('取证名单')!;
    expect(String(ws.getCell(1, 1).value)).toContain('合格确认公告 2026-12-01');
    const header = (ws.getRow(2).values as unknown[]).slice(1).map(String);
    expect(header).toEqual(['序号', '姓名', '性别', '身份证号', '出生日期', '县(市、区)', '执法单位', '所属执法主体或受委托组织名称', '执法岗位', '考试类别', '证件号', '有效期起始日', '有效期截止日', '批次编号', '上传时间']);
    const col = (h: string) => header.indexOf(h) + 1;
    // By unit (台江区 sorts before 鼓楼区 by code point), then by number.
    const rows = [3, 4, 5].map((r) => ws.getRow(r));
    expect(rows.map((r) => [r.getCell(col('姓名')).text, r.getCell(col('身份证号')).text, r.getCell(col('执法单位')).text, r.getCell(col('证件号')).text, r.getCell(col('有效期截止日')).text])).toEqual([
      ['赵六', P.zhao.idNumber, B.unitName, 'TJ0001', '2031-12-01'],
      ['张三', P.zhang.idNumber, A.unitName, 'GL20260001', '2031-12-01'],
      ['王五', P.wang.idNumber, A.unitName, 'GL20260002', '2029-01-15'],
    ]);
    expect(rows[1]!.getCell(col('性别')).text).toBe('男');
    expect(ws.getRow(6).getCell(col('姓名')).text).toBe('');
    const audit = (await rawRows(ts.app.db, "SELECT count(*) AS n FROM audit_log WHERE action = 'export.certificates'"))[0] as { n: number };
    expect(audit.n).toBe(1);
  });
});
