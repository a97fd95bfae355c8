import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addJurisdiction, addUnit, type Actor } from '../../src-server/accounts/accounts.js';
import { rawRows } from '../../src-server/db/sql.js';
import {
  adminSettingsResponseSchema, batchPaymentViewSchema, changesResponseSchema, decisionResponseSchema, examViewSchema, paymentMarkResponseSchema,
  referenceResponseSchema, reviewBatchesResponseSchema, reviewPendingResponseSchema, type Change, type ExamInput,
} from '../../src-shared/contract/sync-api.js';
import { call, expectError, readyUser, startTestServer, type TestServer } from './server-helpers.js';
import { batchBody, draftPersons, newBatchId, PDF_BYTES, putBatch, uploadBlob, type DraftPerson } from './sync-helpers.js';
import { GUANGXI_2026_WINDOWS } from '../helpers/exam-fixtures.js';

/**
 * Fees and receipts over HTTP (issue 19 item 2): with fees on, final approval of an unpaid batch's
 * people makes no study accounts (待交费); 标记已交费 by the final level makes them and tells the unit
 * 已开通网络培训; with fees off everything is as before. Guangxi's two levels: county, then city.
 */
let ts: TestServer;
const clock = Date.parse('2026-08-20T02:00:00Z'); // in 网络报名 of the Guangxi 2026 exam
const actor: Actor = { userId: null, name: 'test', now: () => new Date(clock) };
let admin: { token: string }, unit: { token: string }, otherUnit: { token: string }, county: { token: string }, city: { token: string };
let examId: number;

const GUANGXI: ExamInput = { name: '2026年度广西行政执法人员资格考试', category: '综合', windows: GUANGXI_2026_WINDOWS, feeYuan: 200, sites: ['南宁市考点'] };
const VALID_CODE = '91350100M000100Y43';
const INFO = { transferRef: 'GX20260820-0001', receiptTitle: '南宁市青秀区市场监督管理局', taxpayerId: VALID_CODE, pickupName: '李明', pickupPhone: '13800138000', mailingAddress: '南宁市青秀区民族大道100号' };

const api = (token: string | undefined, method: string, route: string, body?: unknown) =>
  call(ts.url, method, `/api/v1${route}`, { ...(token !== undefined ? { token } : {}), ...(body !== undefined ? { body } : {}) });
const setFees = async (on: boolean) => {
  const res = await api(admin.token, 'PUT', '/admin/settings', { feesEnabled: on });
  expect(res.status, res.text).toBe(200);
  expect(adminSettingsResponseSchema.parse(res.body).feesEnabled).toBe(on);
};
const feed = async (since = 0): Promise<Change[]> => changesResponseSchema.parse((await api(unit.token, 'GET', `/changes?since=${since}`)).body).changes;
const lastSeq = async () => (await feed()).at(-1)?.seq ?? 0;
const sendBatch = async (drafts: DraftPerson[]) => {
  for (const d of drafts) await uploadBlob(ts.url, unit.token, d.photo);
  const id = newBatchId();
  const res = await putBatch(ts.url, unit.token, id, { ...batchBody(drafts.map((d) => d.person), [], `行政执法人员${Math.random().toString().slice(2, 10)}批次`), examId });
  expect(res.status, res.text).toBe(201);
  return id;
};
/** Approves every person of the batch waiting for this reviewer; answers the decisions. */
const approveAll = async (token: string, batchId: string) => {
  const list = reviewPendingResponseSchema.parse((await api(token, 'GET', `/review/pending?batchId=${batchId}`)).body);
  expect(list.persons.length).toBeGreaterThan(0);
  const res = await api(token, 'POST', '/review/decisions', { items: list.persons.map((p) => ({ personId: p.personId, version: p.version })), result: 'approved' });
  expect(res.status, res.text).toBe(200);
  return decisionResponseSchema.parse(res.body).decided;
};
const batchRow = async (token: string, batchId: string) => reviewBatchesResponseSchema.parse((await api(token, 'GET', '/review/batches')).body).batches.find((b) => b.batchId === batchId)!;
const count = async (sql: string, ...args: unknown[]) => ((await rawRows(ts.app.db, sql, args))[0] as { c: number }).c;

beforeAll(async () => {
  ts = await startTestServer({ reviewStages: 2, photoSpec: 'guangxi', tokenTtlMs: 400 * 86_400_000 }, { now: () => new Date(clock) });
  const cityJ = await addJurisdiction(ts.app.db, { name: '南宁市司法局', level: 'city', parentId: null }, actor);
  const countyJ = await addJurisdiction(ts.app.db, { name: '青秀区司法局', level: 'county', parentId: cityJ.id }, actor);
  const u = await addUnit(ts.app.db, { name: '青秀区市场监督管理局', jurisdictionId: countyJ.id }, actor);
  const u2 = await addUnit(ts.app.db, { name: '青秀区城市管理局', jurisdictionId: countyJ.id }, actor);
  admin = await readyUser(ts, 'admin');
  unit = await readyUser(ts, 'unit', { unitId: u.id });
  otherUnit = await readyUser(ts, 'unit', { unitId: u2.id });
  county = await readyUser(ts, 'reviewer', { jurisdictionId: countyJ.id });
  city = await readyUser(ts, 'reviewer', { jurisdictionId: cityJ.id });
  const exam = await api(admin.token, 'POST', '/admin/exams', GUANGXI);
  expect(exam.status, exam.text).toBe(200);
  examId = examViewSchema.parse(exam.body).id;
});
afterAll(() => ts.stop());

describe('fees off (the default): as before', () => {
  it('approval makes the study account at once; the payment routes answer that fees are off', async () => {
    const ref = referenceResponseSchema.parse((await api(unit.token, 'GET', '/reference')).body);
    expect(ref.fees).toEqual({ enabled: false });
    expect(adminSettingsResponseSchema.parse((await api(admin.token, 'GET', '/admin/settings')).body).feesEnabled).toBe(false);
    const batchId = await sendBatch(await draftPersons(1));
    await approveAll(county.token, batchId);
    const decided = await approveAll(city.token, batchId);
    expect(decided.map((d) => [d.status, d.studyAccount !== null])).toEqual([['approved', true]]);
    expect((await batchRow(city.token, batchId)).payment).toBeUndefined();
    const slip = await uploadBlob(ts.url, unit.token, PDF_BYTES);
    expect(expectError(await api(unit.token, 'PUT', `/batches/${batchId}/payment`, { ...INFO, slip: { sha256: slip, fileName: '回单.pdf' } }), 409, 'payment.fees_off')).toMatch(/没有启用交费/);
    expectError(await api(city.token, 'POST', `/review/batches/${batchId}/payment`, { paid: true }), 409, 'payment.fees_off');
    expect(await count('SELECT COUNT(*) AS c FROM batch_payments')).toBe(0);
  });
});

describe('fees on', () => {
  let batchId: string;
  let slip: string;

  it('only an administrator turns fees on; desktops learn it with the reference data', async () => {
    expectError(await api(city.token, 'PUT', '/admin/settings', { feesEnabled: true }), 403, 'auth.forbidden');
    expect(expectError(await api(admin.token, 'PUT', '/admin/settings', { feesEnabled: 'yes' }), 400, 'request.invalid')).toMatch(/交费开关/);
    await setFees(true);
    expect(referenceResponseSchema.parse((await api(unit.token, 'GET', '/reference')).body).fees).toEqual({ enabled: true });
    expect(await count("SELECT COUNT(*) AS c FROM audit_log WHERE action = 'setting.update' AND entity_id = 'fees_enabled'")).toBe(1);
  });

  it('refuses bad 交费信息 in Chinese and keeps nothing', async () => {
    batchId = await sendBatch(await draftPersons(2));
    slip = await uploadBlob(ts.url, unit.token, PDF_BYTES);
    const put = (body: unknown, token = unit.token, id = batchId) => api(token, 'PUT', `/batches/${id}/payment`, body);
    const withSlip = { ...INFO, slip: { sha256: slip, fileName: '回单.pdf' } };
    const cases: Array<[unknown, RegExp]> = [
      [{ ...withSlip, taxpayerId: '91350100M000100Y44' }, /第 18 位校验码应为 3/],
      [{ ...withSlip, taxpayerId: '91350100M00010' }, /应为 18 位/],
      [{ ...withSlip, taxpayerId: '91350100M000100I43' }, /不能有“I”/],
      [{ ...withSlip, pickupPhone: '12345' }, /11 位手机号/],
      [{ ...withSlip, receiptTitle: '  ' }, /请填写收据抬头/],
      [{ ...withSlip, transferRef: '' }, /请填写汇款\/转账流水号或附言/],
      [{ ...withSlip, mailingAddress: '地'.repeat(201) }, /邮寄地址太长/],
      [{ ...INFO, slip: null }, /请上传汇款凭证/],
    ];
    for (const [body, message] of cases) expect(expectError(await put(body), 400, 'request.invalid')).toMatch(message);
    const missing = await put({ ...withSlip, slip: { sha256: 'a'.repeat(64), fileName: '回单.pdf' } });
    expect(expectError(missing, 422, 'batch.missing_blobs')).toMatch(/请先上传文件/);
    expect((missing.body as { error: { missingBlobs: string[] } }).error.missingBlobs).toEqual(['a'.repeat(64)]);
    // Another unit's batch (and one that does not exist) is "not found"; a reviewer may not send it.
    await uploadBlob(ts.url, otherUnit.token, PDF_BYTES);
    expectError(await put(withSlip, otherUnit.token), 404, 'not_found');
    expectError(await put(withSlip, unit.token, newBatchId()), 404, 'not_found');
    expectError(await put(withSlip, city.token), 403, 'auth.forbidden');
    expect(await count('SELECT COUNT(*) AS c FROM batch_payments')).toBe(0);
    expect((await batchRow(city.token, batchId)).payment).toMatchObject({ info: null, paid: null, persons: 2, feeYuan: 200, amountYuan: 400 });
  });

  it('keeps the unit 交费信息 (人数 × 金额 by the server), replaced by a later send', async () => {
    const res = await api(unit.token, 'PUT', `/batches/${batchId}/payment`, { ...INFO, taxpayerId: ' 91350100m000100y43 ', slip: { sha256: slip, fileName: '回单.pdf' } });
    expect(res.status, res.text).toBe(200);
    const view = batchPaymentViewSchema.parse(res.body);
    expect(view).toMatchObject({ persons: 2, feeYuan: 200, amountYuan: 400, paid: null, info: { ...INFO, slip: { sha256: slip, fileName: '回单.pdf', mime: 'application/pdf', size: PDF_BYTES.length } } });
    const again = await api(unit.token, 'PUT', `/batches/${batchId}/payment`, { ...INFO, pickupName: '王芳', slip: { sha256: slip, fileName: '回单.pdf' } });
    expect(batchPaymentViewSchema.parse(again.body).info?.pickupName).toBe('王芳');
    expect(await count('SELECT COUNT(*) AS c FROM batch_payments')).toBe(1);
    expect(await count("SELECT COUNT(*) AS c FROM audit_log WHERE action = 'batch.payment_info' AND entity_id = ?", batchId)).toBe(2);
    // The slip counts as used (the clean-up keeps it), and the batch's reviewers can open it.
    expect(await count('SELECT COUNT(*) AS c FROM blob_owners WHERE sha256 = ? AND referenced_at IS NOT NULL', slip)).toBe(1);
    const file = await call(ts.url, 'GET', `/api/v1/review/blobs/${slip}`, { token: city.token });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
  });

  it('final approval of an unpaid batch leaves its people waiting (待交费): no study account, no feed entry', async () => {
    const before = await lastSeq();
    await approveAll(county.token, batchId);
    const decided = await approveAll(city.token, batchId);
    expect(decided.map((d) => [d.status, d.studyAccount])).toEqual([['approved', null], ['approved', null]]);
    expect((await feed(before)).map((c) => c.type)).toEqual(['decision', 'decision', 'decision', 'decision']);
    expect(await count('SELECT COUNT(*) AS c FROM study_accounts s JOIN persons p ON p.id = s.person_id WHERE p.batch_id = ?', batchId)).toBe(0);
    expect((await batchRow(city.token, batchId)).payment).toMatchObject({ awaitingPayment: 2, paid: null });
  });

  it('only the final level or an administrator marks paid; a unit cannot mark its own batch', async () => {
    const mark = (token: string, body: unknown) => api(token, 'POST', `/review/batches/${batchId}/payment`, body);
    expectError(await mark(unit.token, { paid: true }), 403, 'auth.forbidden');
    expect(expectError(await mark(county.token, { paid: true }), 403, 'payment.not_final')).toMatch(/只有终审的南宁市司法局或管理员/);
    expect(expectError(await mark(city.token, { paid: false }), 400, 'request.invalid')).toMatch(/写明原因/);
    expect(expectError(await mark(city.token, { paid: 'yes' }), 400, 'request.invalid')).toMatch(/标记已交费/);
    expectError(await api(city.token, 'POST', `/review/batches/${newBatchId()}/payment`, { paid: true }), 404, 'not_found');
    expect(await count('SELECT COUNT(*) AS c FROM batches WHERE paid_at IS NOT NULL')).toBe(0);
  });

  it('标记已交费 makes the study accounts and tells the unit 已开通网络培训; twice changes nothing', async () => {
    const before = await lastSeq();
    const res = await api(city.token, 'POST', `/review/batches/${batchId}/payment`, { paid: true });
    expect(res.status, res.text).toBe(200);
    const answer = paymentMarkResponseSchema.parse(res.body);
    expect(answer.studyAccountsOpened).toBe(2);
    expect(answer.payment.paid?.by).toMatch(/南宁市司法局/);
    const changes = await feed(before);
    expect(changes.map((c) => c.type)).toEqual(['study_account', 'study_account', 'training_opened']);
    expect(changes[2]).toMatchObject({ type: 'training_opened', batchId, count: 2 });
    expect((await batchRow(city.token, batchId)).payment).toMatchObject({ awaitingPayment: 0, paid: { by: expect.stringMatching(/南宁市司法局/) } });
    const twice = paymentMarkResponseSchema.parse((await api(admin.token, 'POST', `/review/batches/${batchId}/payment`, { paid: true })).body);
    expect(twice.studyAccountsOpened).toBe(0);
    expect(await feed(changes.at(-1)!.seq)).toEqual([]);
    expect(await count("SELECT COUNT(*) AS c FROM audit_log WHERE action = 'batch.paid' AND entity_id = ?", batchId)).toBe(1);
  });

  it('an administrator takes 已交费 back with a reason (audited); accounts handed out stay', async () => {
    const res = await api(admin.token, 'POST', `/review/batches/${batchId}/payment`, { paid: false, reason: '银行退回了这笔汇款' });
    expect(res.status, res.text).toBe(200);
    expect(paymentMarkResponseSchema.parse(res.body).payment.paid).toBeNull();
    const audit = (await rawRows(ts.app.db, "SELECT detail FROM audit_log WHERE action = 'batch.unpaid' AND entity_id = ?", [batchId]))[0] as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ reason: '银行退回了这笔汇款' });
    expect(await count('SELECT COUNT(*) AS c FROM study_accounts s JOIN persons p ON p.id = s.person_id WHERE p.batch_id = ?', batchId)).toBe(2);
  });

  it('a batch marked paid before its approval gets each account at final approval', async () => {
    const id = await sendBatch(await draftPersons(1));
    const marked = paymentMarkResponseSchema.parse((await api(city.token, 'POST', `/review/batches/${id}/payment`, { paid: true })).body);
    expect(marked.studyAccountsOpened).toBe(0);
    await approveAll(county.token, id);
    const decided = await approveAll(city.token, id);
    expect(decided.map((d) => [d.status, d.studyAccount !== null])).toEqual([['approved', true]]);
  });
});
