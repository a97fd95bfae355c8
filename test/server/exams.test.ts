import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addJurisdiction, addUnit, type Actor } from '../../src-server/accounts/accounts.js';
import { column, value } from '../../src-server/db/sql.js';
import { examListResponseSchema, examViewSchema, referenceResponseSchema, reviewPendingResponseSchema, type ExamInput, type ExamView } from '../../src-shared/contract/sync-api.js';
import { call, expectError, readyUser, startTestServer, type TestServer } from './server-helpers.js';
import { batchBody, draftPersons, newBatchId, photoBytes, putBatch, sha256, uploadBlob, type DraftPerson } from './sync-helpers.js';
import { GUANGXI_2026_WINDOWS } from '../helpers/exam-fixtures.js';

/**
 * Exam tasks over HTTP against the real server, with a clock the test sets to exact instants: China is
 * UTC+8, so 2026-09-18 23:59 in China is 2026-09-18T15:59Z and 2026-09-19 00:00 is 2026-09-18T16:00Z.
 */
let ts: TestServer;
let clock = Date.parse('2026-08-01T02:00:00Z');
const setClock = (iso: string) => {
  clock = Date.parse(iso);
};
const actor: Actor = { userId: null, name: 'test', now: () => new Date(clock) };
let admin: { token: string }, unit: { token: string }, reviewer: { token: string };

const GUANGXI: ExamInput = {
  name: '2026年度广西行政执法人员资格考试',
  category: '综合',
  windows: GUANGXI_2026_WINDOWS,
  feeYuan: 200,
  sites: ['南宁市考点', '柳州市考点'],
};

const adminCall = (method: string, route: string, body?: unknown) => call(ts.url, method, `/api/v1${route}`, { token: admin.token, ...(body !== undefined ? { body } : {}) });
const listExams = async () => {
  const res = await adminCall('GET', '/admin/exams');
  expect(res.status, res.text).toBe(200);
  return examListResponseSchema.parse(res.body);
};
const stateOn = async (iso: string, id: number) => {
  setClock(iso);
  return (await listExams()).exams.find((e) => e.id === id)!.state;
};
/** Uploads the photos and sends a new batch; answers the server's answer. */
const sendBatch = async (drafts: DraftPerson[], extra: { examId?: number } = {}, id = newBatchId()) => {
  for (const d of drafts) await uploadBlob(ts.url, unit.token, d.photo);
  const body = { ...batchBody(drafts.map((d) => d.person), [], `行政执法人员${Math.random().toString().slice(2, 10)}批次`), ...extra };
  return { id, body, res: await putBatch(ts.url, unit.token, id, body) };
};

let guangxi: ExamView;

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi', tokenTtlMs: 400 * 86_400_000 }, { now: () => new Date(clock) });
  const city = await addJurisdiction(ts.app.db, { name: '南宁市司法局', level: 'city', parentId: null }, actor);
  const county = await addJurisdiction(ts.app.db, { name: '青秀区司法局', level: 'county', parentId: city.id }, actor);
  const u = await addUnit(ts.app.db, { name: '青秀区市场监督管理局', jurisdictionId: county.id }, actor);
  admin = await readyUser(ts, 'admin');
  unit = await readyUser(ts, 'unit', { unitId: u.id });
  reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: county.id });
});
afterAll(() => ts.stop());

describe('exam tasks', () => {
  it('a deployment with no exam keeps taking batches without one', async () => {
    const { res } = await sendBatch(await draftPersons(1));
    expect(res.status, res.text).toBe(201);
  });

  it('only administrators see or change exams', async () => {
    for (const who of [unit, reviewer]) {
      expectError(await call(ts.url, 'GET', '/api/v1/admin/exams', { token: who.token }), 403, 'auth.forbidden');
      expectError(await call(ts.url, 'POST', '/api/v1/admin/exams', { token: who.token, body: GUANGXI }), 403, 'auth.forbidden');
      expectError(await call(ts.url, 'POST', '/api/v1/admin/exams/1/extend', { token: who.token, body: { stage: 'registration', end: '2026-12-01', reason: '系统故障' } }), 403, 'auth.forbidden');
    }
    expectError(await call(ts.url, 'GET', '/api/v1/admin/exams'), 401, 'auth.token_missing');
  });

  it('refuses bad input with a Chinese reason', async () => {
    const w = GUANGXI.windows;
    const cases: Array<[unknown, RegExp]> = [
      [{ ...GUANGXI, windows: { ...w, registration: { start: '2026-09-18', end: '2026-08-15' } } }, /网络报名的结束日期早于开始日期/],
      [{ ...GUANGXI, windows: { ...w, training: { start: '2026-02-30', end: '2026-10-19' } } }, /不是日历上的日期/],
      [{ ...GUANGXI, windows: { ...w, exam: { start: '2026/10/25', end: '2026-11-05' } } }, /考试开始日期应写成 年-月-日/],
      [{ ...GUANGXI, windows: { ...w, exam: { start: '2026-08-01', end: '2026-08-02' } } }, /考试日期（2026年8月1日）早于网络报名开始（2026年8月15日）/],
      [{ ...GUANGXI, windows: { ...w, registration: null } }, /网络报名/],
      [{ ...GUANGXI, category: '驾驶考试' }, /考试类别“驾驶考试”不在代码表中/],
      [{ ...GUANGXI, feeYuan: -1 }, /考试费不能是负数/],
      [{ ...GUANGXI, feeYuan: 199.5 }, /考试费请填整数元/],
      [{ ...GUANGXI, sites: ['南宁市考点', '南宁市考点'] }, /考点有重复/],
      [{ ...GUANGXI, name: ' ' }, /请填写考试名称/],
    ];
    for (const [body, message] of cases) {
      expect(expectError(await adminCall('POST', '/admin/exams', body), 400, 'request.invalid')).toMatch(message);
    }
    expect((await listExams()).exams).toEqual([]);
  });

  it('adds an exam (考试类别 as the code table names it) and refuses a second of the same name', async () => {
    const res = await adminCall('POST', '/admin/exams', GUANGXI);
    expect(res.status, res.text).toBe(200);
    guangxi = examViewSchema.parse(res.body);
    expect(guangxi).toMatchObject({ name: GUANGXI.name, category: '综合法律知识考试', feeYuan: 200, sites: ['南宁市考点', '柳州市考点'], extensions: [] });
    expect(guangxi.state).toMatchObject({ code: 'not_started', label: '未开始', opens: { start: '2026-08-15', daysUntil: 14 } });
    expect(expectError(await adminCall('POST', '/admin/exams', GUANGXI), 409, 'admin.conflict')).toMatch(/已有名为“2026年度广西行政执法人员资格考试”的考试/);
    expectError(await adminCall('PUT', '/admin/exams/9999', GUANGXI), 404, 'not_found');
    expect(expectError(await adminCall('PUT', '/admin/exams/abc', GUANGXI), 400, 'request.invalid')).toMatch(/考试编号/);
  });

  it('任务状态 changes at each boundary day by China time, not UTC', async () => {
    const id = guangxi.id;
    expect((await stateOn('2026-08-14T15:59:59Z', id)).label).toBe('未开始');
    expect(await stateOn('2026-08-14T16:00:00Z', id)).toMatchObject({ label: '报名中', activeStages: ['registration', 'review', 'payment'], closes: { daysLeft: 34 } });
    expect(await stateOn('2026-09-18T15:59:59Z', id)).toMatchObject({ label: '报名中', closes: { end: '2026-09-18', daysLeft: 0, text: '今天截止' } });
    expect(await stateOn('2026-09-18T16:00:00Z', id)).toMatchObject({ label: '培训中', closes: { end: '2026-10-19' } });
    expect((await stateOn('2026-09-28T16:00:00Z', id)).label).toBe('打印准考证');
    expect(await stateOn('2026-10-19T16:00:00Z', id)).toMatchObject({ label: '待考试', opens: { daysUntil: 5, text: '5 天后开始' } });
    expect((await stateOn('2026-10-24T16:00:00Z', id)).label).toBe('考试中');
    expect((await stateOn('2026-11-05T15:59:59Z', id)).label).toBe('考试中');
    expect((await stateOn('2026-11-05T16:00:00Z', id)).label).toBe('已结束');
    expect((await listExams()).today).toBe('2026-11-06');
  });

  it('GET /reference carries the exams to every desktop', async () => {
    setClock('2026-09-01T02:00:00Z');
    const res = await call(ts.url, 'GET', '/api/v1/reference', { token: unit.token });
    expect(res.status, res.text).toBe(200);
    const ref = referenceResponseSchema.parse(res.body);
    expect(ref.exams).toEqual([
      expect.objectContaining({ id: guangxi.id, name: GUANGXI.name, feeYuan: 200, sites: GUANGXI.sites, windows: GUANGXI.windows, state: expect.objectContaining({ label: '报名中' }) }),
    ]);
    // An older desktop's schema (no exams field) still reads the answer.
    expect(referenceResponseSchema.omit({ exams: true }).safeParse(res.body).success).toBe(true);
  });

  it('a batch is refused before 报名 opens and after it closes, naming the dates', async () => {
    setClock('2026-08-14T15:59:00Z');
    const early = await sendBatch(await draftPersons(1), { examId: guangxi.id });
    expect(expectError(early.res, 422, 'exam.registration_closed')).toBe(
      '2026年度广西行政执法人员资格考试的网络报名 2026年8月15日 才开始（至 2026年9月18日），现在还不能提交。请到报名开始后再提交。',
    );
    // Without examId (an older desktop) the one exam is the one meant, and refused alike.
    expectError((await sendBatch(await draftPersons(1))).res, 422, 'exam.registration_closed');

    setClock('2026-09-18T15:59:00Z'); // 23:59 on the last day, China
    const last = await sendBatch(await draftPersons(1));
    expect(last.res.status, last.res.text).toBe(201);
    expect(await value(ts.app.db, z.number().nullable(), 'SELECT exam_id FROM batches WHERE id = ?', [last.id])).toBe(guangxi.id);

    setClock('2026-09-18T16:00:00Z'); // 00:00 the day after
    const late = await sendBatch(await draftPersons(1), { examId: guangxi.id });
    expect(expectError(late.res, 422, 'exam.registration_closed')).toBe(
      '2026年度广西行政执法人员资格考试的网络报名已于 2026年9月18日 截止，不能再提交。如需补报，请联系司法局延长报名时间。',
    );
    expect(expectError((await sendBatch(await draftPersons(1))).res, 422, 'exam.registration_closed')).toMatch(/已于 2026年9月18日 截止/);
    // Nothing of the refused batch was kept.
    expect(await value(ts.app.db, z.number(), 'SELECT count(*) FROM batches WHERE id = ?', [late.id])).toBe(0);
    // Sending an accepted batch again unchanged is still fine (the desktop retries).
    const again = await putBatch(ts.url, unit.token, last.id, last.body);
    expect(again.status, again.text).toBe(200);
    expect((again.body as { result: string }).result).toBe('unchanged');
  });

  it('an administrator extends 报名 with a reason, and the batch goes through', async () => {
    setClock('2026-09-19T02:00:00Z');
    const bad: Array<[unknown, RegExp]> = [
      [{ stage: 'registration', end: '2026-09-18', reason: '系统故障' }, /新的截止日期须晚于现在的截止日期 2026年9月18日/],
      [{ stage: 'registration', end: '2026-09-25', reason: ' ' }, /请填写延长的原因/],
      [{ stage: 'registration', end: '2026-09-25' }, /请填写延长的原因/],
      [{ stage: 'signup', end: '2026-09-25', reason: '系统故障' }, /阶段只能是/],
    ];
    for (const [body, message] of bad) expect(expectError(await adminCall('POST', `/admin/exams/${guangxi.id}/extend`, body), 400, 'request.invalid')).toMatch(message);
    expectError(await adminCall('POST', '/admin/exams/9999/extend', { stage: 'registration', end: '2026-09-25', reason: '系统故障' }), 404, 'not_found');

    const res = await adminCall('POST', `/admin/exams/${guangxi.id}/extend`, { stage: 'registration', end: '2026-09-25', reason: '部分单位因系统故障未能按时报名' });
    expect(res.status, res.text).toBe(200);
    const view = examViewSchema.parse(res.body);
    expect(view.windows.registration).toEqual({ start: '2026-08-15', end: '2026-09-25' });
    expect(view.state).toMatchObject({ label: '报名中', closes: { daysLeft: 6 } });
    expect(view.extensions).toEqual([
      { stage: 'registration', fromEnd: '2026-09-18', toEnd: '2026-09-25', reason: '部分单位因系统故障未能按时报名', by: expect.stringMatching(/^admin/), at: '2026-09-19T02:00:00.000Z' },
    ]);
    const audit = await column(ts.app.db, z.string(), "SELECT detail FROM audit_log WHERE action = 'exam.extend' ORDER BY id");
    expect(audit.map((d) => JSON.parse(d))).toEqual([{ stage: 'registration', from: '2026-09-18', to: '2026-09-25', reason: '部分单位因系统故障未能按时报名' }]);

    const late = await sendBatch(await draftPersons(1), { examId: guangxi.id });
    expect(late.res.status, late.res.text).toBe(201);
  });

  it('returned people may be sent again until 资格审核 closes, then not', async () => {
    setClock('2026-09-20T02:00:00Z');
    const drafts = await draftPersons(1, () => ({ name: '退回者' }));
    const sent = await sendBatch(drafts, { examId: guangxi.id });
    expect(sent.res.status, sent.res.text).toBe(201);
    const pending = reviewPendingResponseSchema.parse((await call(ts.url, 'GET', '/api/v1/review/pending', { token: reviewer.token })).body);
    const person = pending.persons.find((p) => p.name === '退回者')!;
    const decided = await call(ts.url, 'POST', '/api/v1/review/decisions', { token: reviewer.token, body: { items: [{ personId: person.personId, version: 1 }], result: 'rejected', comment: '照片不清晰，请重拍。' } });
    expect(decided.status, decided.text).toBe(200);
    const photo = await photoBytes();
    await uploadBlob(ts.url, unit.token, photo);
    const fixed = { ...sent.body, persons: sent.body.persons.map((p) => ({ ...p, photo: { ...p.photo!, sha256: sha256(photo) }, resubmit: true })) };

    // 资格审核 ends 9月18日, 报名 (extended) 9月25日: the later one counts. 9月26日 is too late.
    setClock('2026-09-25T16:00:00Z');
    expect(expectError(await putBatch(ts.url, unit.token, sent.id, fixed), 422, 'exam.review_closed')).toBe(
      '2026年度广西行政执法人员资格考试的网络报名已于 2026年9月25日 截止，被退回的人员不能再重新提交。如确需补报，请联系司法局延长网络报名时间。',
    );
    // Extending 资格审核 lets them through.
    const ext = await adminCall('POST', `/admin/exams/${guangxi.id}/extend`, { stage: 'review', end: '2026-09-30', reason: '退回人员补正材料' });
    expect(ext.status, ext.text).toBe(200);
    const res = await putBatch(ts.url, unit.token, sent.id, fixed);
    expect(res.status, res.text).toBe(200);
    expect((res.body as { result: string }).result).toBe('resubmitted');
  });

  it('a batch names an exam the server has; with several open, it must name one', async () => {
    setClock('2026-09-21T02:00:00Z');
    expectError((await sendBatch(await draftPersons(1), { examId: 777 })).res, 422, 'exam.unknown');
    const second = await adminCall('POST', '/admin/exams', {
      ...GUANGXI, name: '2026年度广西乡镇执法人员资格考试', category: '乡镇执法考试', windows: { ...GUANGXI.windows, registration: { start: '2026-09-01', end: '2026-09-30' } },
    });
    expect(second.status, second.text).toBe(200);
    const secondId = examViewSchema.parse(second.body).id;
    expect(expectError((await sendBatch(await draftPersons(1))).res, 422, 'exam.choice_required')).toMatch(/现在有 2 个考试正在网络报名/);
    // Its people are down for its 考试类别 (a person of another 类别 is refused: exam-category.test.ts).
    const named = await sendBatch(await draftPersons(1, () => ({ examCategory: '乡镇执法考试' })), { examId: secondId });
    expect(named.res.status, named.res.text).toBe(201);
    // The exam is fixed once the batch is accepted.
    expect(expectError(await putBatch(ts.url, unit.token, named.id, { ...named.body, examId: guangxi.id }), 409, 'batch.conflict')).toMatch(/所报的考试不能再改/);
  });

  it('edits an exam as a whole; a name taken by another exam is refused', async () => {
    setClock('2026-09-21T02:00:00Z');
    const changed = await adminCall('PUT', `/admin/exams/${guangxi.id}`, { ...GUANGXI, feeYuan: 180, sites: ['南宁市考点'] });
    expect(changed.status, changed.text).toBe(200);
    // The PUT carries the windows the form showed: here the original 报名, which ends the extension.
    expect(examViewSchema.parse(changed.body)).toMatchObject({ feeYuan: 180, sites: ['南宁市考点'], windows: { registration: { end: '2026-09-18' } } });
    expect(expectError(await adminCall('PUT', `/admin/exams/${guangxi.id}`, { ...GUANGXI, name: '2026年度广西乡镇执法人员资格考试' }), 409, 'admin.conflict')).toMatch(/已有名为/);
    // The list is newest 报名 first, each with its extension history.
    const list = await listExams();
    expect(list.exams.map((e) => e.name)).toEqual(['2026年度广西乡镇执法人员资格考试', GUANGXI.name]);
    expect(list.exams[1]!.extensions.map((e) => `${e.stage} ${e.fromEnd}→${e.toEnd}`)).toEqual(['review 2026-09-18→2026-09-30', 'registration 2026-09-18→2026-09-25']);
  });
});
