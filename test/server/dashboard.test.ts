import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addJurisdiction, addUnit, type Actor } from '../../src-server/accounts/accounts.js';
import { dashboardResponseSchema, reviewPendingResponseSchema, type DashboardResponse, type DashboardUnit } from '../../src-shared/contract/sync-api.js';
import { call, expectError, readyUser, startTestServer, type TestServer } from './server-helpers.js';
import { draftPersons, photoBytes, putBatch, sha256, submitNewBatch, uploadBlob } from './sync-helpers.js';

/**
 * 工作概况 (GET /review/dashboard) against the real server with two review levels and a clock the test
 * sets to exact times. City 南宁 has counties 青秀 (unit A) and 兴宁 (unit B) and a unit D of its own;
 * city 柳州 has county 城中 with unit C. Weeks are China's: Monday 2026-11-30 00:00 (UTC+8) is
 * 2026-11-29T16:00Z; "now" is Wednesday 2026-12-02 12:00 in China.
 */
let ts: TestServer;
let clock = Date.parse('2026-11-20T02:00:00Z');
const setClock = (iso: string) => {
  clock = Date.parse(iso);
};
type Account = { token: string };
let unitA: Account, unitB: Account, unitC: Account, unitD: Account, countyA: Account, countyC: Account, cityOne: Account, admin: Account;
const ids: Record<string, number> = {};
const actor: Actor = { userId: null, name: 'test', now: () => new Date(clock) };
const U = { a: '青秀区市场监督管理局', b: '兴宁区市场监督管理局', c: '城中区市场监督管理局', d: '南宁市交通运输局' };

const decide = async (a: Account, names: string[], result: 'approved' | 'rejected', comment = '') => {
  const res = await call(ts.url, 'POST', '/api/v1/review/decisions', {
    token: a.token,
    body: { items: names.map((n) => ({ personId: ids[n], version: 1 })), result, comment },
  });
  expect(res.status, res.text).toBe(200);
};
const board = async (a: Account): Promise<DashboardResponse> => {
  const res = await call(ts.url, 'GET', '/api/v1/review/dashboard', { token: a.token });
  expect(res.status, res.text).toBe(200);
  return dashboardResponseSchema.parse(res.body);
};
const unit = (d: DashboardResponse, name: string): DashboardUnit => d.units.find((u) => u.unitName === name)!;

beforeAll(async () => {
  ts = await startTestServer({ reviewStages: 2, photoSpec: 'guangxi', tokenTtlMs: 60 * 86_400_000 }, { now: () => new Date(clock) });
  const db = ts.app.db;
  const city1 = await addJurisdiction(db, { name: '南宁市司法局', level: 'city', parentId: null }, actor);
  const k1 = await addJurisdiction(db, { name: '青秀区司法局', level: 'county', parentId: city1.id }, actor);
  const k2 = await addJurisdiction(db, { name: '兴宁区司法局', level: 'county', parentId: city1.id }, actor);
  const city2 = await addJurisdiction(db, { name: '柳州市司法局', level: 'city', parentId: null }, actor);
  const k3 = await addJurisdiction(db, { name: '城中区司法局', level: 'county', parentId: city2.id }, actor);
  unitA = await readyUser(ts, 'unit', { unitId: (await addUnit(db, { name: U.a, jurisdictionId: k1.id }, actor)).id });
  unitB = await readyUser(ts, 'unit', { unitId: (await addUnit(db, { name: U.b, jurisdictionId: k2.id }, actor)).id });
  unitD = await readyUser(ts, 'unit', { unitId: (await addUnit(db, { name: U.d, jurisdictionId: city1.id }, actor)).id });
  unitC = await readyUser(ts, 'unit', { unitId: (await addUnit(db, { name: U.c, jurisdictionId: k3.id }, actor)).id });
  // A unit with nothing sent still has its row.
  await addUnit(db, { name: '兴宁区城市管理局', jurisdictionId: k2.id }, actor);
  countyA = await readyUser(ts, 'reviewer', { jurisdictionId: k1.id });
  countyC = await readyUser(ts, 'reviewer', { jurisdictionId: k3.id });
  cityOne = await readyUser(ts, 'reviewer', { jurisdictionId: city1.id });
  admin = await readyUser(ts, 'admin');

  // Friday 2026-11-20 10:00 China: unit A sends four people.
  const batchA = await submitNewBatch(ts.url, unitA.token, await draftPersons(4, (i) => ({ name: ['甲一', '甲二', '甲三', '甲四'][i]! })));
  setClock('2026-11-27T01:00:00Z'); // Friday last week
  await submitNewBatch(ts.url, unitB.token, await draftPersons(2, (i) => ({ name: ['乙一', '乙二'][i]! })));
  setClock('2026-11-29T10:00:00Z'); // Sunday 18:00 China
  await submitNewBatch(ts.url, unitD.token, await draftPersons(1, () => ({ name: '丁一' })));
  await submitNewBatch(ts.url, unitC.token, await draftPersons(1, () => ({ name: '丙一' })));
  for (const who of [countyA, cityOne]) {
    for (const p of reviewPendingResponseSchema.parse((await call(ts.url, 'GET', '/api/v1/review/pending', { token: who.token })).body).persons) ids[p.name] = p.personId;
  }

  setClock('2026-11-29T15:59:00Z'); // Sunday 23:59 China: last week
  await decide(countyA, ['甲一'], 'approved');
  setClock('2026-11-29T16:00:00Z'); // Monday 00:00 China: this week
  await decide(countyA, ['甲二'], 'approved');
  await decide(countyA, ['甲三'], 'rejected', '学历与证书不符，请核对。');
  await decide(cityOne, ['甲一'], 'approved'); // final: a study account

  // Wednesday: 甲三 is sent again, corrected.
  setClock('2026-12-02T03:00:00Z');
  const photo = await photoBytes();
  await uploadBlob(ts.url, unitA.token, photo);
  const fixed = {
    ...batchA.body,
    persons: batchA.body.persons.map((p) => (p.key === 'p3' ? { ...p, fields: { ...p.fields, education: '研究生' }, photo: { ...p.photo!, sha256: sha256(photo) }, resubmit: true } : p)),
  };
  const res = await putBatch(ts.url, unitA.token, batchA.id, fixed);
  expect(res.status, res.text).toBe(200);
  setClock('2026-12-02T04:00:00Z'); // Wednesday 12:00 China
});
afterAll(() => ts.stop());

describe('GET /review/dashboard', () => {
  it('counts by China\'s week: a decision at Sunday 23:59 is last week\'s, one at Monday 00:00 this week\'s', async () => {
    const d = await board(countyA);
    expect(d.thisWeek).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(d.lastWeek).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(d.at).toBe('2026-12-02T04:00:00.000Z');
    // 甲二 (county) and 甲一 (city) approved this week, 甲一 (county) last week; the one study account this week.
    expect(d.periods.thisWeek).toEqual({ approved: 2, rejected: 1, resubmitted: 1, studyAccounts: 1 });
    expect(d.periods.lastWeek).toEqual({ approved: 1, rejected: 0, resubmitted: 0, studyAccounts: 0 });
    expect(d.periods.total).toEqual({ approved: 3, rejected: 1, resubmitted: 1, studyAccounts: 1 });
    const [county, city] = d.stages;
    expect(county).toMatchObject({ stage: 'county', approvedThisWeek: 1, rejectedThisWeek: 1, approvedLastWeek: 1, rejectedLastWeek: 0 });
    expect(city).toMatchObject({ stage: 'city', approvedThisWeek: 1, approvedLastWeek: 0 });

    // One minute earlier, on Sunday 23:59, the same decision was this week's and the week was the one before.
    setClock('2026-11-29T15:59:30Z');
    try {
      const before = await board(countyA);
      expect(before.thisWeek).toEqual({ from: '2026-11-23', to: '2026-11-29' });
      expect(before.periods.thisWeek.approved).toBe(1);
      expect(before.periods.lastWeek.approved).toBe(0);
    } finally {
      setClock('2026-12-02T04:00:00Z');
    }
  });

  it('a county reviewer sees only its own units, with waiting per level and the oldest wait in days', async () => {
    const d = await board(countyA);
    expect(d.bureau).toBe('青秀区司法局');
    expect(d.reviewStages).toBe(2);
    expect(d.units.map((u) => u.unitName)).toEqual([U.a]);
    // 甲四 and 甲三 (sent again) wait at the county, 甲二 at the city.
    expect(d.waiting).toBe(3);
    expect(d.units[0]).toMatchObject({ waiting: 3, waitingByStage: [{ stage: 'county', waiting: 2 }, { stage: 'city', waiting: 1 }] });
    // 甲四 has waited since Friday 2026-11-20: twelve days by Wednesday 2026-12-02.
    expect(d.oldest).toEqual({ submittedDate: '2026-11-20', days: 12 });
    expect(d.units[0]!.oldest).toEqual({ submittedDate: '2026-11-20', days: 12 });
    expect(d.stages.map((s) => [s.stage, s.waiting, s.oldest?.days])).toEqual([['county', 2, 12], ['city', 1, 12]]);
  });

  it('a city reviewer sees its own units and its counties\' units, but not another city\'s', async () => {
    const d = await board(cityOne);
    expect(d.bureau).toBe('南宁市司法局');
    // Grouped: the city's own unit first, then each county's units.
    expect(d.units.map((u) => [u.jurisdictionName, u.unitName])).toEqual([
      ['南宁市司法局', U.d],
      ['兴宁区司法局', '兴宁区城市管理局'],
      ['兴宁区司法局', U.b],
      ['青秀区司法局', U.a],
    ]);
    expect(d.waiting).toBe(3 + 2 + 1);
    expect(unit(d, U.b)).toMatchObject({ waiting: 2, oldest: { submittedDate: '2026-11-27', days: 5 }, jurisdictionName: '兴宁区司法局' });
    // Sent on Sunday at 18:00 China time: three calendar days by Wednesday.
    expect(unit(d, U.d)).toMatchObject({ waiting: 1, waitingByStage: [{ stage: 'city', waiting: 1 }], oldest: { submittedDate: '2026-11-29', days: 3 } });
    expect(unit(d, '兴宁区城市管理局')).toMatchObject({ waiting: 0, oldest: null, waitingByStage: [], total: { approved: 0, rejected: 0, resubmitted: 0, studyAccounts: 0 } });
    expect(unit(d, U.a).thisWeek).toEqual({ approved: 2, rejected: 1, resubmitted: 1, studyAccounts: 1 });
    expect(d.stages.map((s) => [s.stage, s.waiting])).toEqual([['county', 4], ['city', 2]]);
  });

  it('the other city\'s county sees only its unit; an administrator sees every unit with its bureau', async () => {
    const c = await board(countyC);
    expect(c.units.map((u) => [u.unitName, u.waiting])).toEqual([[U.c, 1]]);
    expect(c.periods.total).toEqual({ approved: 0, rejected: 0, resubmitted: 0, studyAccounts: 0 });

    const all = await board(admin);
    expect(all.bureau).toBeNull();
    // Every unit, city by city: 柳州 after 南宁 (as SQLite orders the names), each city's own units before its counties'.
    expect(all.units.map((u) => u.jurisdictionName)).toEqual(['南宁市司法局', '兴宁区司法局', '兴宁区司法局', '青秀区司法局', '城中区司法局']);
    expect(all.waiting).toBe(7);
    expect(unit(all, U.c).jurisdictionName).toBe('城中区司法局');
    expect(all.periods.total).toEqual({ approved: 3, rejected: 1, resubmitted: 1, studyAccounts: 1 });
  });

  it('in a one-level deployment everything waits at 本级', async () => {
    const set = await call(ts.url, 'PUT', '/api/v1/admin/settings', { token: admin.token, body: { reviewStages: 1 } });
    expect(set.status, set.text).toBe(200);
    try {
      const d = await board(cityOne);
      expect(d.reviewStages).toBe(1);
      expect(d.stages.map((s) => [s.stage, s.waiting, s.approvedThisWeek, s.approvedLastWeek])).toEqual([['own', 6, 2, 1]]);
      expect(unit(d, U.a).waitingByStage).toEqual([{ stage: 'own', waiting: 3 }]);
    } finally {
      const back = await call(ts.url, 'PUT', '/api/v1/admin/settings', { token: admin.token, body: { reviewStages: 2 } });
      expect(back.status, back.text).toBe(200);
    }
  });

  it('is refused to a unit', async () => {
    expectError(await call(ts.url, 'GET', '/api/v1/review/dashboard', { token: unitA.token }), 403, 'auth.forbidden');
  });
});
