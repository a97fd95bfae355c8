import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addJurisdiction, addUnit, type Actor } from '../../src-server/accounts/accounts.js';
import { rawRows } from '../../src-server/db/sql.js';
import { reviewPendingResponseSchema, type ReviewPendingResponse } from '../../src-shared/contract/sync-api.js';
import { call, expectError, login, readyUser, startTestServer, type TestServer } from './server-helpers.js';
import { draftPersons, photoBytes, putBatch, sha256, submitNewBatch, uploadBlob } from './sync-helpers.js';

/**
 * GET /review/pending as the console's queue uses it: where an approval leads per batch (one and two
 * review levels), when each person reached this level, the previous visit and what arrived since,
 * and the reviewer's scope. One city (南宁市司法局) with a county (青秀区司法局, unit A) and a unit D
 * directly under the city; another county under the same city (unit B) that the first county never sees.
 */
let ts: TestServer;
type Account = { token: string; username: string; password: string };
let unitA: Account, unitB: Account, unitD: Account, county: Account, countyB: Account, city: Account, admin: Account;
let batchA: Awaited<ReturnType<typeof submitNewBatch>>;
let batchD: Awaited<ReturnType<typeof submitNewBatch>>;
let unitIdA = 0;
const MINUTE = 60_000;
const actor: Actor = { userId: null, name: 'test', now: () => new Date() };

const pending = async (a: { token: string }, query = ''): Promise<ReviewPendingResponse> => {
  const res = await call(ts.url, 'GET', `/api/v1/review/pending${query}`, { token: a.token });
  expect(res.status, res.text).toBe(200);
  return reviewPendingResponseSchema.parse(res.body);
};
const decide = async (a: Account, personIds: number[], result: 'approved' | 'rejected', comment = '') => {
  const list = await pending(a);
  const items = personIds.map((personId) => ({ personId, version: list.persons.find((p) => p.personId === personId)!.version }));
  const res = await call(ts.url, 'POST', '/api/v1/review/decisions', { token: a.token, body: { items, result, comment } });
  expect(res.status, res.text).toBe(200);
};
/** A new sign-in of the same account: another visit (another PC, or the next morning). */
const signInAgain = async (a: Account): Promise<Account> => ({ ...a, token: await login(ts.url, a.username, a.password) });
const setStages = async (n: 1 | 2) => {
  const res = await call(ts.url, 'PUT', '/api/v1/admin/settings', { token: admin.token, body: { reviewStages: n } });
  expect(res.status, res.text).toBe(200);
};

beforeAll(async () => {
  ts = await startTestServer({ reviewStages: 2, photoSpec: 'guangxi' });
  const db = ts.app.db;
  const cityJ = await addJurisdiction(db, { name: '南宁市司法局', level: 'city', parentId: null }, actor);
  const k1 = await addJurisdiction(db, { name: '青秀区司法局', level: 'county', parentId: cityJ.id }, actor);
  const k2 = await addJurisdiction(db, { name: '兴宁区司法局', level: 'county', parentId: cityJ.id }, actor);
  const a = await addUnit(db, { name: '青秀区市场监督管理局', jurisdictionId: k1.id }, actor);
  const b = await addUnit(db, { name: '兴宁区市场监督管理局', jurisdictionId: k2.id }, actor);
  const d = await addUnit(db, { name: '南宁市交通运输局', jurisdictionId: cityJ.id }, actor);
  unitIdA = a.id;
  unitA = await readyUser(ts, 'unit', { unitId: a.id });
  unitB = await readyUser(ts, 'unit', { unitId: b.id });
  unitD = await readyUser(ts, 'unit', { unitId: d.id });
  county = await readyUser(ts, 'reviewer', { jurisdictionId: k1.id });
  countyB = await readyUser(ts, 'reviewer', { jurisdictionId: k2.id });
  city = await readyUser(ts, 'reviewer', { jurisdictionId: cityJ.id });
  admin = await readyUser(ts, 'admin');

  batchA = await submitNewBatch(ts.url, unitA.token, await draftPersons(4, (i) => ({ name: ['甲一', '甲二', '甲三', '甲四'][i]! })));
  ts.clock.advance(MINUTE);
  await submitNewBatch(ts.url, unitB.token, await draftPersons(1, () => ({ name: '乙一' })));
  ts.clock.advance(MINUTE);
  batchD = await submitNewBatch(ts.url, unitD.token, await draftPersons(2, (i) => ({ name: ['丁一', '丁二'][i]! })));
});
afterAll(() => ts.stop());

describe('GET /review/pending: where an approval leads', () => {
  it('two levels: the county\'s approval goes to the city bureau, the city\'s is final', async () => {
    const atCounty = await pending(county);
    expect(atCounty.batches).toEqual([
      expect.objectContaining({ batchId: batchA.id, unitName: '青秀区市场监督管理局', pending: 4, afterApproval: { level: 'city', jurisdiction: '南宁市司法局' } }),
    ]);
    const atCity = await pending(city);
    expect(atCity.batches.map((b) => [b.batchId, b.pending, b.afterApproval])).toEqual([[batchD.id, 2, null]]);
  });

  it('a person the county passed reaches the city at the moment of that approval, and the city\'s approval is final', async () => {
    ts.clock.advance(MINUTE);
    const ids = (await pending(county)).persons.map((p) => p.personId);
    await decide(county, ids.slice(0, 2), 'approved');
    const atCity = await pending(city);
    const a = atCity.batches.find((b) => b.batchId === batchA.id)!;
    expect(a).toMatchObject({ pending: 2, afterApproval: null });
    const passed = atCity.persons.filter((p) => p.batchId === batchA.id);
    expect(passed.map((p) => p.name)).toEqual(['甲一', '甲二']);
    expect(passed[0]!.arrivedAt > passed[0]!.submittedAt).toBe(true);
    // The longest waiting at the city first: 丁 arrived at the city when submitted, 甲 only now.
    expect(atCity.persons.map((p) => p.name)).toEqual(['丁一', '丁二', '甲一', '甲二']);
  });

  it('one level: every approval is final (study accounts), switched by the administrator', async () => {
    await setStages(1);
    try {
      const atCounty = await pending(county);
      expect(atCounty.batches.map((b) => [b.batchId, b.afterApproval])).toEqual([[batchA.id, null]]);
    } finally {
      await setStages(2);
    }
    expect((await pending(county)).batches[0]!.afterApproval).toEqual({ level: 'city', jurisdiction: '南宁市司法局' });
  });
});

describe('GET /review/pending: scope and filters', () => {
  it('a county sees only its own units\' people; the other county only its own; a filter narrows people, not batches', async () => {
    expect((await pending(county)).persons.map((p) => p.name)).toEqual(['甲三', '甲四']);
    expect((await pending(countyB)).persons.map((p) => p.name)).toEqual(['乙一']);
    const filtered = await pending(city, `?unitId=${unitIdA}`);
    expect(filtered.persons.map((p) => p.name)).toEqual(['甲一', '甲二']);
    expect(filtered.total).toBe(2);
    expect(filtered.batches.map((b) => b.batchId).sort()).toEqual([batchA.id, batchD.id].sort());
    expect((await pending(city, `?batchId=${batchD.id}`)).persons.map((p) => p.name)).toEqual(['丁一', '丁二']);
  });

  it('is refused to units and administrators; a bad filter gets a Chinese message', async () => {
    expectError(await call(ts.url, 'GET', '/api/v1/review/pending', { token: unitA.token }), 403, 'auth.forbidden');
    expectError(await call(ts.url, 'GET', '/api/v1/review/pending', { token: admin.token }), 403, 'auth.forbidden');
    const bad = await call(ts.url, 'GET', '/api/v1/review/pending?unitId=abc', { token: county.token });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('unitId 应为单位编号');
  });
});

describe('GET /review/pending: the previous visit', () => {
  it('the first sign-in has no previous visit; reloads in the same sign-in keep it; the next sign-in sees the last look before it', async () => {
    const fresh = await readyUser(ts, 'reviewer', { jurisdictionId: (await rawRows(ts.app.db, "SELECT id FROM jurisdictions WHERE name = '兴宁区司法局'"))[0]!.id as number });
    const first = await pending(fresh);
    expect(first.lastVisitAt).toBeNull();
    expect(first.sinceLastVisit).toEqual({ new: 0, resubmitted: 0 });
    ts.clock.advance(MINUTE);
    const lastLook = ts.clock.now().toISOString();
    expect((await pending(fresh)).lastVisitAt).toBeNull();

    ts.clock.advance(MINUTE);
    const again = await signInAgain(fresh);
    const second = await pending(again);
    expect(second.lastVisitAt).not.toBeNull();
    expect(Math.abs(Date.parse(second.lastVisitAt!) - Date.parse(lastLook))).toBeLessThan(5_000);
    // Reloading in the new sign-in keeps pointing at the visit before it.
    ts.clock.advance(MINUTE);
    expect((await pending(again)).lastVisitAt).toBe(second.lastVisitAt);
  });

  it('counts what arrived since the previous visit, first submissions and resubmissions apart, in the list\'s own scope', async () => {
    // The county looks, then signs out for the day.
    await pending(county);
    ts.clock.advance(MINUTE);
    // Meanwhile: 甲三 is returned and sent again, and a new batch of two arrives; unit B sends one more.
    const list = await pending(county);
    const jia3 = list.persons.find((p) => p.name === '甲三')!;
    await decide(county, [jia3.personId], 'rejected', '照片不清晰，请重新拍摄。');
    ts.clock.advance(MINUTE);
    const photo = await photoBytes();
    await uploadBlob(ts.url, unitA.token, photo);
    const res = await putBatch(ts.url, unitA.token, batchA.id, {
      ...batchA.body,
      persons: batchA.body.persons.map((p) => (p.fields.name === '甲三' ? { ...p, photo: { ...p.photo!, sha256: sha256(photo) }, resubmit: true } : p)),
    });
    expect(res.status, res.text).toBe(200);
    const later = await submitNewBatch(ts.url, unitA.token, await draftPersons(2, (i) => ({ name: ['戊一', '戊二'][i]! })));
    await submitNewBatch(ts.url, unitB.token, await draftPersons(1, () => ({ name: '乙二' })));
    ts.clock.advance(MINUTE);

    // The next morning, from another PC.
    county = await signInAgain(county);
    const next = await pending(county);
    expect(next.lastVisitAt).not.toBeNull();
    const arrived = next.persons.filter((p) => p.arrivedAt > next.lastVisitAt!);
    expect(arrived.map((p) => [p.name, p.version]).sort()).toEqual([['戊一', 1], ['戊二', 1], ['甲三', 2]].sort());
    expect(next.sinceLastVisit).toEqual({ new: 2, resubmitted: 1 });
    expect(next.total).toBe(4);
    // Filtered to the new batch, the counts follow the filter.
    const onlyLater = await pending(county, `?batchId=${later.id}`);
    expect(onlyLater.sinceLastVisit).toEqual({ new: 2, resubmitted: 0 });
    expect(onlyLater.total).toBe(2);
  });
});
