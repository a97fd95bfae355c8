import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addJurisdiction, addUnit, type Actor } from '../../src-server/accounts/accounts.js';
import { rawRows, value } from '../../src-server/db/sql.js';
import { examViewSchema, reviewPendingResponseSchema, type ExamInput } from '../../src-shared/contract/sync-api.js';
import { call, expectError, readyUser, startTestServer, type TestServer } from './server-helpers.js';
import { batchBody, draftPersons, newBatchId, photoBytes, putBatch, sha256, uploadBlob, type DraftPerson } from './sync-helpers.js';
import { GUANGXI_2026_WINDOWS } from '../helpers/exam-fixtures.js';

/**
 * The server refuses a person whose 考试类别 is not the 考试类别 of the batch's exam (issue 19), per
 * person, naming them, their 类别 and the exam's; the batch is not stored. Over HTTP, real server.
 */
let ts: TestServer;
const clock = Date.parse('2026-09-01T02:00:00Z'); // 报名 open (8/15–9/18)
const actor: Actor = { userId: null, name: 'test', now: () => new Date(clock) };
let admin: { token: string }, unit: { token: string }, reviewer: { token: string };
let zonghe: number, xiangzhen: number;

const EXAM: ExamInput = { name: '2026年度广西行政执法人员资格考试', category: '综合法律知识考试', windows: GUANGXI_2026_WINDOWS, feeYuan: 200, sites: [] };

const sendBatch = async (drafts: DraftPerson[], examId: number, id = newBatchId()) => {
  for (const d of drafts) await uploadBlob(ts.url, unit.token, d.photo);
  const body = { ...batchBody(drafts.map((d) => d.person), [], `行政执法人员${Math.random().toString().slice(2, 10)}批次`), examId };
  return { id, body, res: await putBatch(ts.url, unit.token, id, body) };
};
const storedBatches = (id: string) => value(ts.app.db, z.number(), 'SELECT count(*) FROM batches WHERE id = ?', [id]);
const storedPersonsNamed = (name: string) => value(ts.app.db, z.number(), 'SELECT count(*) FROM persons WHERE name = ?', [name]);

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi', tokenTtlMs: 400 * 86_400_000 }, { now: () => new Date(clock) });
  const city = await addJurisdiction(ts.app.db, { name: '南宁市司法局', level: 'city', parentId: null }, actor);
  const county = await addJurisdiction(ts.app.db, { name: '青秀区司法局', level: 'county', parentId: city.id }, actor);
  const u = await addUnit(ts.app.db, { name: '青秀区市场监督管理局', jurisdictionId: county.id }, actor);
  admin = await readyUser(ts, 'admin');
  unit = await readyUser(ts, 'unit', { unitId: u.id });
  reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: county.id });
  const add = async (input: ExamInput) => {
    const res = await call(ts.url, 'POST', '/api/v1/admin/exams', { token: admin.token, body: input });
    expect(res.status, res.text).toBe(200);
    return examViewSchema.parse(res.body).id;
  };
  zonghe = await add(EXAM);
  xiangzhen = await add({ ...EXAM, name: '2026年度广西乡镇执法人员资格考试', category: '乡镇执法' });
});
afterAll(() => ts.stop());

describe('考试类别 against the batch exam', () => {
  it('refuses each person of another 类别, naming them and both 类别, and stores nothing', async () => {
    const drafts = await draftPersons(3, (i) => (i === 0 ? { name: '李对口' } : { name: i === 1 ? '张专业' : '王乡镇', examCategory: i === 1 ? '专业法律知识考试' : '乡镇执法考试' }));
    const { id, res } = await sendBatch(drafts, zonghe);
    const message = expectError(res, 422, 'batch.invalid_rows');
    expect(message).toMatch(/批次中有 2 人未通过服务器检查，整个批次没有保存/);
    const rows = (res.body as { error: { rows: Array<{ name: string; issues: Array<{ code: string; field: string; message: string }> }> } }).error.rows;
    expect(rows.map((r) => r.name)).toEqual(['张专业', '王乡镇']);
    expect(rows[0]!.issues.filter((i) => i.code === 'exam.category_mismatch')).toEqual([
      expect.objectContaining({
        field: 'examCategory',
        message: '张专业的考试类别是“专业法律知识考试”，而本批次报名的2026年度广西行政执法人员资格考试是“综合法律知识考试”。请把考试类别改为“综合法律知识考试”，或把此人放进报专业法律知识考试的批次。',
      }),
    ]);
    expect(rows[1]!.issues.find((i) => i.code === 'exam.category_mismatch')!.message).toMatch(/^王乡镇的考试类别是“乡镇执法考试”/);
    expect(await storedBatches(id)).toBe(0);
    expect(await storedPersonsNamed('李对口')).toBe(0);
  });

  it('takes the people when their 类别 is the exam one (also a 类别 written in another accepted form)', async () => {
    const ok = await sendBatch(await draftPersons(2, (i) => ({ name: `综合${'甲乙'[i]}` })), zonghe);
    expect(ok.res.status, ok.res.text).toBe(201);
    const other = await sendBatch(await draftPersons(1, () => ({ name: '乡镇甲', examCategory: '乡镇执法' })), xiangzhen);
    expect(other.res.status, other.res.text).toBe(201);
    expect(await value(ts.app.db, z.number().nullable(), 'SELECT exam_id FROM batches WHERE id = ?', [other.id])).toBe(xiangzhen);
    expect(await storedPersonsNamed('乡镇甲')).toBe(1);
  });

  it('a returned person sent again with another 类别 is refused, the stored version stays', async () => {
    const sent = await sendBatch(await draftPersons(1, () => ({ name: '退回改类别' })), zonghe);
    expect(sent.res.status, sent.res.text).toBe(201);
    const pending = reviewPendingResponseSchema.parse((await call(ts.url, 'GET', '/api/v1/review/pending', { token: reviewer.token })).body);
    const person = pending.persons.find((p) => p.name === '退回改类别')!;
    const decided = await call(ts.url, 'POST', '/api/v1/review/decisions', { token: reviewer.token, body: { items: [{ personId: person.personId, version: 1 }], result: 'rejected', comment: '照片不清晰，请重拍。' } });
    expect(decided.status, decided.text).toBe(200);
    const [changed] = await draftPersons(1, () => ({ name: '退回改类别', examCategory: '专业法律知识考试' }));
    const photo = await photoBytes();
    await uploadBlob(ts.url, unit.token, photo);
    const again = { ...sent.body, persons: [{ ...changed!.person, key: sent.body.persons[0]!.key, photo: { sha256: sha256(photo), fileName: 'x.jpg' }, resubmit: true }] };
    expect(expectError(await putBatch(ts.url, unit.token, sent.id, again), 422, 'batch.invalid_rows')).toMatch(/退回改类别：退回改类别的考试类别是“专业法律知识考试”/);
    expect((await rawRows(ts.app.db, "SELECT version, status FROM persons WHERE name = '退回改类别'"))[0]).toEqual({ version: 1, status: 'rejected' });
  });
});
