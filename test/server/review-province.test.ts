import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addJurisdiction, addUnit, addUser, type Actor } from '../../src-server/accounts/accounts.js';
import { rawRows, run } from '../../src-server/db/sql.js';
import {
  adminJurisdictionSchema,
  changesResponseSchema,
  dashboardResponseSchema,
  reviewBatchPersonsResponseSchema,
  reviewBatchesResponseSchema,
  reviewPendingResponseSchema,
  reviewPersonResponseSchema,
  meResponseSchema,
  type ReviewPendingResponse,
} from '../../src-shared/contract/sync-api.js';
import { call, expectError, readyUser, startTestServer, type TestServer } from './server-helpers.js';
import { draftPersons, submitNewBatch } from './sync-helpers.js';

/**
 * The province chain over HTTP (issue 19 item 6; Guangxi notice step 5 (2)): a unit of a province
 * department (自治区交通运输厅) is reviewed first by that department's legal office and finally by the
 * province office (自治区司法厅), not by a county and a city; another department (自治区农垦局) and a
 * city's county next to them keep to their own. The deployment runs two levels for its cities.
 */
let ts: TestServer;
type Account = { token: string; username: string; password: string };
let transportUnit: Account, farmUnit: Account, countyUnit: Account;
let transportReviewer: Account, farmReviewer: Account, province: Account, city: Account, county: Account, admin: Account;
let provinceId = 0, transportId = 0;
let transportBatch: Awaited<ReturnType<typeof submitNewBatch>>;
let farmBatch: Awaited<ReturnType<typeof submitNewBatch>>;
const actor: Actor = { userId: null, name: 'test', now: () => new Date() };

const get = async (a: { token: string }, path: string) => {
  const res = await call(ts.url, 'GET', `/api/v1${path}`, { token: a.token });
  expect(res.status, res.text).toBe(200);
  return res.body;
};
const pending = async (a: { token: string }): Promise<ReviewPendingResponse> => reviewPendingResponseSchema.parse(await get(a, '/review/pending'));
const decide = (a: Account, items: Array<{ personId: number; version: number }>, result: 'approved' | 'rejected', comment = '') =>
  call(ts.url, 'POST', '/api/v1/review/decisions', { token: a.token, body: { items, result, comment } });
const feed = async (a: Account) => changesResponseSchema.parse(await get(a, '/changes?since=0')).changes;

beforeAll(async () => {
  ts = await startTestServer({ reviewStages: 2, photoSpec: 'guangxi' });
  const db = ts.app.db;
  const cityJ = await addJurisdiction(db, { name: '南宁市司法局', level: 'city', parentId: null }, actor);
  const countyJ = await addJurisdiction(db, { name: '青秀区司法局', level: 'county', parentId: cityJ.id }, actor);
  const provinceJ = await addJurisdiction(db, { name: '自治区司法厅', level: 'province', parentId: null }, actor);
  const transportJ = await addJurisdiction(db, { name: '自治区交通运输厅', level: 'department', parentId: provinceJ.id }, actor);
  const farmJ = await addJurisdiction(db, { name: '自治区农垦局', level: 'department', parentId: provinceJ.id }, actor);
  provinceId = provinceJ.id;
  transportId = transportJ.id;
  const t = await addUnit(db, { name: '自治区公路发展中心', jurisdictionId: transportJ.id }, actor);
  const f = await addUnit(db, { name: '自治区农垦局执法支队', jurisdictionId: farmJ.id }, actor);
  const c = await addUnit(db, { name: '青秀区市场监督管理局', jurisdictionId: countyJ.id }, actor);
  transportUnit = await readyUser(ts, 'unit', { unitId: t.id });
  farmUnit = await readyUser(ts, 'unit', { unitId: f.id });
  countyUnit = await readyUser(ts, 'unit', { unitId: c.id });
  transportReviewer = await readyUser(ts, 'reviewer', { jurisdictionId: transportJ.id });
  farmReviewer = await readyUser(ts, 'reviewer', { jurisdictionId: farmJ.id });
  province = await readyUser(ts, 'reviewer', { jurisdictionId: provinceJ.id });
  city = await readyUser(ts, 'reviewer', { jurisdictionId: cityJ.id });
  county = await readyUser(ts, 'reviewer', { jurisdictionId: countyJ.id });
  admin = await readyUser(ts, 'admin');

  transportBatch = await submitNewBatch(ts.url, transportUnit.token, await draftPersons(3, (i) => ({ name: ['交一', '交二', '交三'][i]! })));
  farmBatch = await submitNewBatch(ts.url, farmUnit.token, await draftPersons(1, () => ({ name: '垦一' })));
  await submitNewBatch(ts.url, countyUnit.token, await draftPersons(1, () => ({ name: '县一' })));
});
afterAll(() => ts.stop());

describe('a province department\'s unit: department legal office first, then the province office', () => {
  it('the submission waits at the department, whose queue says approval sends it to the province for final review', async () => {
    const sent = transportBatch.answer.body as { persons: Array<{ pendingAt: unknown }> };
    expect(sent.persons.map((p) => p.pendingAt)).toEqual(Array(3).fill({ level: 'county', jurisdiction: '自治区交通运输厅', kind: 'department' }));
    const q = await pending(transportReviewer);
    expect(q.persons.map((p) => p.name).sort()).toEqual(['交一', '交三', '交二'].sort());
    expect(q.batches).toEqual([expect.objectContaining({ batchId: transportBatch.id, pending: 3, afterApproval: { level: 'city', jurisdiction: '自治区司法厅', kind: 'province' } })]);
    // Nobody else has them yet: not the province (it decides second), not the other department, not the city.
    expect((await pending(province)).total).toBe(0);
    expect((await pending(farmReviewer)).persons.map((p) => p.name)).toEqual(['垦一']);
    expect((await pending(city)).total).toBe(0);
    expect((await pending(county)).persons.map((p) => p.name)).toEqual(['县一']);
  });

  it('a department reviewer cannot see or decide another department\'s people (answered as not found)', async () => {
    const farmPerson = (await pending(farmReviewer)).persons[0]!;
    expectError(await call(ts.url, 'GET', `/api/v1/review/persons/${farmPerson.personId}`, { token: transportReviewer.token }), 404, 'not_found');
    expectError(await decide(transportReviewer, [{ personId: farmPerson.personId, version: 1 }], 'approved'), 404, 'not_found');
    expectError(await call(ts.url, 'GET', `/api/v1/review/batches/${farmBatch.id}/persons`, { token: transportReviewer.token }), 404, 'not_found');
    const batches = reviewBatchesResponseSchema.parse(await get(transportReviewer, '/review/batches'));
    expect(batches.batches.map((b) => b.batchId)).toEqual([transportBatch.id]);
    // Nor can a city: the province's units are not under it.
    expectError(await call(ts.url, 'GET', `/api/v1/review/persons/${farmPerson.personId}`, { token: city.token }), 404, 'not_found');
    // Refused, nothing changed: the farm person still waits at the farm bureau.
    expect((await pending(farmReviewer)).total).toBe(1);
  });

  it('the province cannot decide before the department did; its page names where the person waits', async () => {
    const p = (await pending(transportReviewer)).persons[0]!;
    const page = reviewPersonResponseSchema.parse(await get(province, `/review/persons/${p.personId}`));
    expect(page.decidable).toBe(false);
    expect(page.pendingAt).toEqual({ level: 'county', jurisdiction: '自治区交通运输厅', kind: 'department' });
    const msg = expectError(await decide(province, [{ personId: p.personId, version: p.version }], 'approved'), 409, 'review.not_pending');
    expect(msg).toContain('正等待自治区交通运输厅（部门法制机构）审核');
  });

  it('the department\'s approval sends the person to the province\'s queue (not to any city\'s), the province\'s is final and makes the study account', async () => {
    const atDept = (await pending(transportReviewer)).persons;
    const first = atDept.find((p) => p.name === '交一')!;
    const res = await decide(transportReviewer, [{ personId: first.personId, version: first.version }], 'approved');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ decided: [{ personId: first.personId, version: 1, status: 'county_approved', studyAccount: null }] });

    const atProvince = await pending(province);
    expect(atProvince.level).toBe('city');
    expect(atProvince.persons.map((p) => p.name)).toEqual(['交一']);
    expect(atProvince.batches).toEqual([expect.objectContaining({ batchId: transportBatch.id, pending: 1, afterApproval: null })]);
    expect((await pending(city)).total).toBe(0);
    expect((await pending(transportReviewer)).total).toBe(2);

    const final = await decide(province, [{ personId: first.personId, version: 1 }], 'approved');
    expect(final.status, final.text).toBe(200);
    expect(final.body).toMatchObject({ decided: [{ personId: first.personId, status: 'approved', studyAccount: { username: expect.stringContaining('交一') } }] });

    const page = reviewPersonResponseSchema.parse(await get(province, `/review/persons/${first.personId}`));
    expect(page.status).toBe('approved');
    expect(page.decisions.map((d) => [d.level, d.kind, d.result, d.reviewer])).toEqual([
      ['county', 'department', 'approved', expect.stringContaining('自治区交通运输厅')],
      ['city', 'province', 'approved', expect.stringContaining('自治区司法厅')],
    ]);
    const changes = await feed(transportUnit);
    expect(changes.filter((c) => c.type === 'decision').map((c) => c.type === 'decision' && [c.level, c.kind, c.status])).toEqual([
      ['county', 'department', 'county_approved'],
      ['city', 'province', 'approved'],
    ]);
    expect(changes.filter((c) => c.type === 'study_account')).toHaveLength(1);
  });

  it('a rejection at the department returns the person to the unit, with the comment', async () => {
    const p = (await pending(transportReviewer)).persons.find((x) => x.name === '交二')!;
    const res = await decide(transportReviewer, [p], 'rejected', '照片背景不是白色，请重新拍摄。');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ decided: [{ personId: p.personId, status: 'rejected', studyAccount: null }] });
    const back = (await feed(transportUnit)).filter((c) => c.type === 'decision' && c.name === '交二');
    expect(back).toEqual([expect.objectContaining({ result: 'rejected', status: 'rejected', comment: '照片背景不是白色，请重新拍摄。' })]);
    expect((await pending(province)).total).toBe(0);
  });

  it('a rejection at the province returns the person to the unit, not to the department', async () => {
    const p = (await pending(transportReviewer)).persons.find((x) => x.name === '交三')!;
    expect((await decide(transportReviewer, [p], 'approved')).status).toBe(200);
    const atProvince = (await pending(province)).persons.find((x) => x.name === '交三')!;
    const res = await decide(province, [atProvince], 'rejected', '该同志不属于执法岗位，请核实。');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ decided: [{ status: 'rejected' }] });
    const back = (await feed(transportUnit)).filter((c) => c.type === 'decision' && c.name === '交三').map((c) => c.type === 'decision' && [c.level, c.result]);
    expect(back).toEqual([['county', 'approved'], ['city', 'rejected']]);
    expect((await pending(transportReviewer)).total).toBe(0);
    expect((await pending(province)).total).toBe(0);
    const people = reviewBatchPersonsResponseSchema.parse(await get(transportReviewer, `/review/batches/${transportBatch.id}/persons`)).persons;
    expect(people.map((x) => [x.name, x.status, x.pendingAt])).toEqual([
      ['交一', 'approved', null],
      ['交二', 'rejected', null],
      ['交三', 'rejected', null],
    ]);
  });

  it('the province reviewer\'s batches, dashboard and export cover both departments\' units and nothing of the city', async () => {
    const batches = reviewBatchesResponseSchema.parse(await get(province, '/review/batches')).batches.map((b) => b.batchId).sort();
    expect(batches).toEqual([transportBatch.id, farmBatch.id].sort());
    const dash = dashboardResponseSchema.parse(await get(province, '/review/dashboard'));
    expect(dash.bureau).toBe('自治区司法厅');
    expect(dash.units.map((u) => u.unitName).sort()).toEqual(['自治区公路发展中心', '自治区农垦局执法支队'].sort());
    expect(dash.periods.total.studyAccounts).toBe(1);
    // Its stages are the department's first review and its own final one, never 县级/市级.
    expect(dash.stages.map((s) => [s.stage, s.waiting, s.approvedThisWeek, s.rejectedThisWeek])).toEqual([
      ['department', 1, 2, 1],
      ['province', 0, 1, 1],
    ]);
    expect(dash.units.find((u) => u.unitName === '自治区农垦局执法支队')!.waitingByStage).toEqual([{ stage: 'department', waiting: 1 }]);
    const adminDash = dashboardResponseSchema.parse(await get(admin, '/review/dashboard'));
    expect(adminDash.stages.map((s) => s.stage)).toEqual(['county', 'city', 'department', 'province']);
    expect(dashboardResponseSchema.parse(await get(city, '/review/dashboard')).stages.map((s) => s.stage)).toEqual(['county', 'city']);
    const res = await fetch(`${ts.url}/api/v1/exports/approved.xlsx`, { headers: { authorization: `Bearer ${province.token}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const text = wb.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String)).join(' ');
    expect(text).toContain('交一');
    expect(text).not.toContain('县一');
    // 驳回级别 names the step that returned each person.
    const rej = await fetch(`${ts.url}/api/v1/exports/rejected.xlsx`, { headers: { authorization: `Bearer ${province.token}` } });
    expect(rej.status).toBe(200);
    const rwb = new ExcelJS.Workbook();
    await rwb.xlsx.load(await rej.arrayBuffer());
    // Sparse: row 0 and each row's cell 0 are holes.
    const lines = Array.from(rwb.worksheets[0]!.getSheetValues(), (r) => (Array.isArray(r) ? Array.from(r, (v) => (v == null ? '' : String(v))).join('|') : ''));
    expect(lines.find((l) => l.includes('交二'))).toContain('|部门法制机构|');
    expect(lines.find((l) => l.includes('交三'))).toContain('|省级|');
    // The department's own dashboard: its unit only.
    const deptDash = dashboardResponseSchema.parse(await get(transportReviewer, '/review/dashboard'));
    expect(deptDash.units.map((u) => u.unitName)).toEqual(['自治区公路发展中心']);
  });
});

describe('county → city is unchanged beside the province', () => {
  it('the county\'s approval goes to the city, whose approval is final', async () => {
    const p = (await pending(county)).persons[0]!;
    expect((await pending(county)).batches[0]!.afterApproval).toEqual({ level: 'city', jurisdiction: '南宁市司法局' });
    expect((await decide(county, [p], 'approved')).status).toBe(200);
    expect((await pending(city)).persons.map((x) => x.name)).toEqual(['县一']);
    expect((await pending(province)).persons.map((x) => x.name)).not.toContain('县一');
    const res = await decide(city, [p], 'approved');
    expect(res.body).toMatchObject({ decided: [{ status: 'approved', studyAccount: { username: expect.any(String) } }] });
  });

  it('one level (Fujian): a county\'s unit is decided by the county alone, a department\'s unit still goes department → province', async () => {
    expect((await call(ts.url, 'PUT', '/api/v1/admin/settings', { token: admin.token, body: { reviewStages: 1 } })).status).toBe(200);
    try {
      const c = await submitNewBatch(ts.url, countyUnit.token, await draftPersons(1, () => ({ name: '县二' })));
      expect((c.answer.body as { persons: Array<{ pendingAt: unknown }> }).persons[0]!.pendingAt).toEqual({ level: 'county', jurisdiction: '青秀区司法局' });
      expect((await pending(county)).batches.find((b) => b.batchId === c.id)!.afterApproval).toBeNull();
      const t = await submitNewBatch(ts.url, transportUnit.token, await draftPersons(1, () => ({ name: '交四' })));
      expect((await pending(transportReviewer)).batches.find((b) => b.batchId === t.id)!.afterApproval).toEqual({ level: 'city', jurisdiction: '自治区司法厅', kind: 'province' });
    } finally {
      expect((await call(ts.url, 'PUT', '/api/v1/admin/settings', { token: admin.token, body: { reviewStages: 2 } })).status).toBe(200);
    }
  });
});

describe('the administrator makes the province\'s places and accounts', () => {
  it('adds a department under the province and a reviewer bound to it, who reviews at the first step', async () => {
    const dept = await call(ts.url, 'POST', '/api/v1/admin/jurisdictions', { token: admin.token, body: { name: '南宁铁路局', level: 'department', parentId: provinceId } });
    expect(dept.status, dept.text).toBe(200);
    const j = adminJurisdictionSchema.parse(dept.body);
    expect(j).toMatchObject({ name: '南宁铁路局', level: 'county', kind: 'department', parentId: provinceId, parentName: '自治区司法厅' });
    const user = await call(ts.url, 'POST', '/api/v1/admin/users', { token: admin.token, body: { username: 'railway_legal', role: 'reviewer', jurisdictionId: j.id } });
    expect(user.status, user.text).toBe(200);
    expect(user.body).toMatchObject({ user: { reviewLevel: 'county', jurisdictionName: '南宁铁路局' } });
    expect(meResponseSchema.parse(await get(transportReviewer, '/me')).user.jurisdiction).toEqual({ id: transportId, name: '自治区交通运输厅', level: 'county', kind: 'department' });
    expect(meResponseSchema.parse(await get(county, '/me')).user.jurisdiction).not.toHaveProperty('kind');
    const dir = await get(admin, '/admin/directory');
    expect((dir as { jurisdictions: Array<{ name: string; kind: string }> }).jurisdictions.map((x) => [x.name, x.kind])).toEqual(
      expect.arrayContaining([['自治区司法厅', 'province'], ['南宁铁路局', 'department'], ['南宁市司法局', 'city'], ['青秀区司法局', 'county']]),
    );
  });

  it('refuses a department under a city, a county under the province, a province with a parent, and a second-step level for a department reviewer; nothing is added', async () => {
    const before = ((await get(admin, '/admin/directory')) as { jurisdictions: unknown[] }).jurisdictions.length;
    const cityId = ((await get(admin, '/admin/directory')) as { jurisdictions: Array<{ id: number; kind: string }> }).jurisdictions.find((x) => x.kind === 'city')!.id;
    const add = (body: unknown) => call(ts.url, 'POST', '/api/v1/admin/jurisdictions', { token: admin.token, body });
    expect(expectError(await add({ name: '某某厅', level: 'department', parentId: cityId }), 400, 'request.invalid')).toContain('只能设在省级司法厅之下');
    expect(expectError(await add({ name: '某某区司法局', level: 'county', parentId: provinceId }), 400, 'request.invalid')).toContain('只能设在市级司法局之下');
    expect(expectError(await add({ name: '某某厅', level: 'department', parentId: null }), 400, 'request.invalid')).toContain('省直部门必须选择所属的省级司法厅');
    expect(expectError(await add({ name: '另一个司法厅', level: 'province', parentId: cityId }), 400, 'request.invalid')).toContain('不设上级');
    expect(expectError(await add({ name: '某某', level: 'region', parentId: null }), 400, 'request.invalid')).toContain('department（省直部门）');
    expect(((await get(admin, '/admin/directory')) as { jurisdictions: unknown[] }).jurisdictions.length).toBe(before);
    await expect(addUser(ts.app.db, { username: 'wrong_level', role: 'reviewer', jurisdictionId: transportId, reviewLevel: 'city' }, actor)).rejects.toThrow(/只能做初审/);
  });

  it('the schema itself refuses a department under a city (a bug cannot put one there)', async () => {
    const cityId = (await rawRows(ts.app.db, "SELECT id FROM jurisdictions WHERE kind = 'city' ORDER BY id LIMIT 1"))[0]!.id as number;
    await expect(
      run(ts.app.db, "INSERT INTO jurisdictions (name, level, kind, parent_id, created_at) VALUES ('错位厅', 'county', 'department', ?, '2026-12-07T00:00:00.000Z')", [cityId]),
    ).rejects.toThrow(/kind must fit/);
  });
});
