import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addJurisdiction, addUnit, type Actor } from '../../src-server/accounts/accounts.js';
import {
  reviewBatchesResponseSchema,
  reviewPendingResponseSchema,
  reviewPersonResponseSchema,
  type BatchPutResponse,
  type ReviewBatchSummary,
} from '../../src-shared/contract/sync-api.js';
import { call, expectError, readyUser, startTestServer, type TestServer } from './server-helpers.js';
import { draftPersons, photoBytes, putBatch, sha256, submitNewBatch, uploadBlob } from './sync-helpers.js';

/**
 * The reviewer's queue summary (GET /review/batches) with two review levels, and a person's version
 * history with what each resubmission changed. One city with two counties (units A and B under them)
 * and a unit D directly under the city; a second city with a county and unit C.
 */
let ts: TestServer;
type Account = { token: string };
let unitA: Account, unitB: Account, unitD: Account, countyA: Account, countyB: Account, countyC: Account, cityOne: Account, cityTwo: Account, admin: Account;
const names = { cityOne: '南宁市司法局', countyA: '青秀区司法局', countyB: '兴宁区司法局', unitA: '青秀区市场监督管理局', unitB: '兴宁区市场监督管理局', unitD: '南宁市交通运输局' };
let batchA: Awaited<ReturnType<typeof submitNewBatch>>;
let batchB: Awaited<ReturnType<typeof submitNewBatch>>;
let batchD: Awaited<ReturnType<typeof submitNewBatch>>;
let draftsA: Awaited<ReturnType<typeof draftPersons>>;
const ids: Record<string, number> = {};

const actor: Actor = { userId: null, name: 'test', now: () => new Date() };
const get = (a: Account, route: string) => call(ts.url, 'GET', route, { token: a.token });
const decide = async (a: Account, names: string[], result: 'approved' | 'rejected', comment = '', version = 1) => {
  const res = await call(ts.url, 'POST', '/api/v1/review/decisions', {
    token: a.token,
    body: { items: names.map((n) => ({ personId: ids[n], version })), result, comment },
  });
  expect(res.status, res.text).toBe(200);
};
const batches = async (a: Account): Promise<ReviewBatchSummary[]> => {
  const res = await get(a, '/api/v1/review/batches');
  expect(res.status, res.text).toBe(200);
  return reviewBatchesResponseSchema.parse(res.body).batches;
};
const counts = (b: ReviewBatchSummary | undefined) => b && [b.total, b.pendingHere, b.pendingElsewhere, b.approved, b.rejected];
const MINUTE = 60_000;

beforeAll(async () => {
  ts = await startTestServer({ reviewStages: 2, photoSpec: 'guangxi' });
  const db = ts.app.db;
  const city1 = await addJurisdiction(db, { name: names.cityOne, level: 'city', parentId: null }, actor);
  const k1 = await addJurisdiction(db, { name: names.countyA, level: 'county', parentId: city1.id }, actor);
  const k2 = await addJurisdiction(db, { name: names.countyB, level: 'county', parentId: city1.id }, actor);
  const city2 = await addJurisdiction(db, { name: '柳州市司法局', level: 'city', parentId: null }, actor);
  const k3 = await addJurisdiction(db, { name: '城中区司法局', level: 'county', parentId: city2.id }, actor);
  const a = await addUnit(db, { name: names.unitA, jurisdictionId: k1.id }, actor);
  const b = await addUnit(db, { name: names.unitB, jurisdictionId: k2.id }, actor);
  const d = await addUnit(db, { name: names.unitD, jurisdictionId: city1.id }, actor);
  await addUnit(db, { name: '城中区市场监督管理局', jurisdictionId: k3.id }, actor);
  unitA = await readyUser(ts, 'unit', { unitId: a.id });
  unitB = await readyUser(ts, 'unit', { unitId: b.id });
  unitD = await readyUser(ts, 'unit', { unitId: d.id });
  countyA = await readyUser(ts, 'reviewer', { jurisdictionId: k1.id });
  countyB = await readyUser(ts, 'reviewer', { jurisdictionId: k2.id });
  countyC = await readyUser(ts, 'reviewer', { jurisdictionId: k3.id });
  cityOne = await readyUser(ts, 'reviewer', { jurisdictionId: city1.id });
  cityTwo = await readyUser(ts, 'reviewer', { jurisdictionId: city2.id });
  admin = await readyUser(ts, 'admin');

  // A: five people. The county passes three and returns one; the city passes one of the three.
  draftsA = await draftPersons(5, (i) => ({ name: ['甲一', '甲二', '甲三', '甲四', '甲五'][i]! }));
  batchA = await submitNewBatch(ts.url, unitA.token, draftsA);
  ts.clock.advance(MINUTE);
  batchB = await submitNewBatch(ts.url, unitB.token, await draftPersons(1, () => ({ name: '乙一' })));
  ts.clock.advance(MINUTE);
  batchD = await submitNewBatch(ts.url, unitD.token, await draftPersons(2, (i) => ({ name: ['丁一', '丁二'][i]! })));
  for (const who of [countyA, countyB, cityOne]) {
    for (const p of reviewPendingResponseSchema.parse((await get(who, '/api/v1/review/pending')).body).persons) ids[p.name] = p.personId;
  }
  await decide(countyA, ['甲一', '甲二', '甲三'], 'approved');
  await decide(countyA, ['甲四'], 'rejected', '学历与证书不符，请核对。');
  await decide(cityOne, ['甲一'], 'approved');
  await decide(cityOne, ['丁一'], 'rejected', '照片不清晰。');
});
afterAll(() => ts.stop());

describe('GET /review/batches', () => {
  it('counts each batch by standing at the county: waiting here, waiting at the city, approved, rejected', async () => {
    const list = await batches(countyA);
    expect(list.map((b) => b.batchId)).toEqual([batchA.id]);
    const a = list[0]!;
    expect(a).toMatchObject({ number: batchA.body.number, name: batchA.body.name, kind: 'new', unitName: names.unitA, jurisdictionName: names.countyA });
    // 甲五 waits for the county; 甲二, 甲三 for the city; 甲一 approved; 甲四 returned.
    expect(counts(a)).toEqual([5, 1, 2, 1, 1]);
    expect(a.submittedAt).toBe(a.updatedAt);
  });

  it('the city sees its counties\' batches and its own units\', newest first, with its own share waiting here', async () => {
    const list = await batches(cityOne);
    expect(list.map((b) => b.batchId)).toEqual([batchD.id, batchB.id, batchA.id]);
    const [d, b, a] = list;
    expect(counts(a)).toEqual([5, 2, 1, 1, 1]);
    expect(counts(b)).toEqual([1, 0, 1, 0, 0]);
    expect(counts(d)).toEqual([2, 1, 0, 0, 1]);
    expect(d).toMatchObject({ unitName: names.unitD, jurisdictionName: names.cityOne });
    expect(b).toMatchObject({ unitName: names.unitB, jurisdictionName: names.countyB });
  });

  it('a reviewer sees only their own bureau\'s units: the other county its one batch, another city\'s reviewers nothing', async () => {
    expect((await batches(countyB)).map((b) => [b.batchId, ...counts(b)!])).toEqual([[batchB.id, 1, 1, 0, 0, 0]]);
    expect(await batches(countyC)).toEqual([]);
    expect(await batches(cityTwo)).toEqual([]);
  });

  it('an administrator sees every batch, with nothing waiting "here"', async () => {
    const list = await batches(admin);
    expect(list.map((b) => [b.batchId, ...counts(b)!])).toEqual([
      [batchD.id, 2, 0, 1, 0, 1],
      [batchB.id, 1, 0, 1, 0, 0],
      [batchA.id, 5, 0, 3, 1, 1],
    ]);
  });

  it('is refused to a unit', async () => {
    expectError(await get(unitA, '/api/v1/review/batches'), 403, 'auth.forbidden');
  });

  it('a resubmission brings the batch to the top, keeps its first submission time, and waits at the county again', async () => {
    ts.clock.advance(MINUTE);
    const photo = await photoBytes();
    await uploadBlob(ts.url, unitA.token, photo);
    const fixed = {
      ...batchA.body,
      persons: batchA.body.persons.map((p) =>
        p.key === 'p4' ? { ...p, fields: { ...p.fields, education: '研究生', major: '法律' }, photo: { ...p.photo!, sha256: sha256(photo) }, resubmit: true } : p,
      ),
    };
    const res = await putBatch(ts.url, unitA.token, batchA.id, fixed);
    expect(res.status, res.text).toBe(200);
    expect((res.body as BatchPutResponse).resubmitted).toEqual(['p4']);

    const list = await batches(cityOne);
    expect(list.map((b) => b.batchId)).toEqual([batchA.id, batchD.id, batchB.id]);
    const a = list[0]!;
    expect(a.updatedAt > a.submittedAt).toBe(true);
    expect(a.submittedAt).toBe((await batches(admin)).find((b) => b.batchId === batchA.id)!.submittedAt);
    expect(counts(a)).toEqual([5, 2, 2, 1, 0]);
    expect(counts((await batches(countyA))[0])).toEqual([5, 2, 2, 1, 0]);
  });
});

describe('a person\'s versions', () => {
  it('each version carries its fields, its photo and what changed against the one before', async () => {
    const res = await get(countyA, `/api/v1/review/persons/${ids['甲四']}`);
    expect(res.status, res.text).toBe(200);
    const person = reviewPersonResponseSchema.parse(res.body);
    expect(person.version).toBe(2);
    const [v1, v2] = person.versions;
    expect(v1).toMatchObject({ version: 1, changed: [], photoSha256: draftsA[3]!.person.photo!.sha256 });
    expect(v1!.fields).toEqual(draftsA[3]!.person.fields);
    expect(v2!.fields).toMatchObject({ education: '研究生', major: '法律', name: '甲四' });
    // The photo's file name stayed; its bytes did not.
    expect(v2!.fields.photo).toBe(v1!.fields.photo);
    expect(v2!.changed).toEqual(['photo', 'education', 'major']);
    expect(v2!.photoSha256).toBe(person.photo!.sha256);
    // The earlier photo can still be fetched for comparison.
    const old = await fetch(`${ts.url}/api/v1/review/blobs/${v1!.photoSha256}`, { headers: { authorization: `Bearer ${countyA.token}` } });
    expect(old.status).toBe(200);
    expect(Buffer.from(await old.arrayBuffer())).toEqual(draftsA[3]!.photo);
  });

  it('a person sent once has one version with nothing changed', async () => {
    const person = reviewPersonResponseSchema.parse((await get(cityOne, `/api/v1/review/persons/${ids['甲一']}`)).body);
    expect(person.versions.map((v) => [v.version, v.changed])).toEqual([[1, []]]);
  });
});
