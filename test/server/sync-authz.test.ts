import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addJurisdiction, addUnit, type Actor } from '../../src-server/accounts/accounts.js';
import { changesResponseSchema, reviewPendingResponseSchema, type BatchPutResponse } from '../../src-shared/contract/sync-api.js';
import { z } from 'zod';
import { column, rawRows } from '../../src-server/db/sql.js';
import { call, expectError, login, readyUser, seedUser, startTestServer, type TestServer } from './server-helpers.js';
import { batchBody, draftPersons, newBatchId, putBatch, submitNewBatch, uploadBlob } from './sync-helpers.js';

/**
 * Who may see and change what, over HTTP. Two cities; the first has two counties, each with a unit
 * (A and B); the second city has a unit C. Every refusal must also change nothing.
 */
let ts: TestServer;
type Account = { token: string; username: string; password: string };
let unitA: Account, unitB: Account, unitC: Account, countyA: Account, countyB: Account, cityOne: Account, cityTwo: Account, admin: Account;
let batchA: { id: string; body: ReturnType<typeof batchBody> };
let batchB: { id: string };
let personA: number;
let photoA: string;

const actor: Actor = { userId: null, name: 'test', now: () => new Date() };
const get = (a: Account, route: string) => call(ts.url, 'GET', route, { token: a.token });
const decide = (a: Account, personId: number, result = 'approved', comment = '') =>
  call(ts.url, 'POST', '/api/v1/review/decisions', { token: a.token, body: { items: [{ personId, version: 1 }], result, comment } });
/** Row counts of everything a sync request could change, and every person's status, as one string. */
const snapshot = async () => {
  const r = (
    await rawRows(
      ts.app.db,
      `SELECT (SELECT COUNT(*) FROM batches) AS batches, (SELECT COUNT(*) FROM persons) AS persons, (SELECT COUNT(*) FROM person_versions) AS versions,
              (SELECT COUNT(*) FROM decisions) AS decisions, (SELECT COUNT(*) FROM changes) AS changes`,
    )
  )[0]!;
  const statuses = await column(ts.app.db, z.string(), 'SELECT status FROM persons ORDER BY id');
  return [r['batches'], r['persons'], r['versions'], r['decisions'], r['changes'], statuses.join(',')].join('/');
};

beforeAll(async () => {
  ts = await startTestServer({ reviewStages: 2, photoSpec: 'guangxi' });
  const db = ts.app.db;
  const city1 = await addJurisdiction(db, { name: '南宁市司法局', level: 'city', parentId: null }, actor);
  const k1 = await addJurisdiction(db, { name: '青秀区司法局', level: 'county', parentId: city1.id }, actor);
  const k2 = await addJurisdiction(db, { name: '兴宁区司法局', level: 'county', parentId: city1.id }, actor);
  const city2 = await addJurisdiction(db, { name: '柳州市司法局', level: 'city', parentId: null }, actor);
  const k3 = await addJurisdiction(db, { name: '城中区司法局', level: 'county', parentId: city2.id }, actor);
  const a = await addUnit(db, { name: '青秀区市场监督管理局', jurisdictionId: k1.id }, actor);
  const b = await addUnit(db, { name: '兴宁区市场监督管理局', jurisdictionId: k2.id }, actor);
  const c = await addUnit(db, { name: '城中区市场监督管理局', jurisdictionId: k3.id }, actor);
  const units = await Promise.all([a, b, c].map((u) => readyUser(ts, 'unit', { unitId: u.id })));
  [unitA, unitB, unitC] = [units[0]!, units[1]!, units[2]!];
  const reviewers = await Promise.all([k1, k2, city1, city2].map((j) => readyUser(ts, 'reviewer', { jurisdictionId: j.id })));
  [countyA, countyB, cityOne, cityTwo] = [reviewers[0]!, reviewers[1]!, reviewers[2]!, reviewers[3]!];
  admin = await readyUser(ts, 'admin');

  const draftsA = await draftPersons(2, (i) => ({ name: ['甲一', '甲二'][i]! }));
  const sentA = await submitNewBatch(ts.url, unitA.token, draftsA);
  batchA = { id: sentA.id, body: sentA.body };
  photoA = draftsA[0]!.person.photo!.sha256;
  const draftsB = await draftPersons(1, () => ({ name: '乙一' }));
  batchB = { id: (await submitNewBatch(ts.url, unitB.token, draftsB)).id };
  const pending = reviewPendingResponseSchema.parse((await get(countyA, '/api/v1/review/pending')).body);
  personA = pending.persons[0]!.personId;
});
afterAll(() => ts.stop());

describe('units see and change only their own', () => {
  it('unit B cannot read, overwrite or reuse anything of unit A', async () => {
    const before = await snapshot();
    expectError(await get(unitB, `/api/v1/batches/${batchA.id}`), 404, 'not_found');
    expect((await get(unitA, `/api/v1/batches/${batchA.id}`)).status).toBe(200);

    // Same id, B's own (valid, uploaded) people: refused without saying whose the id is.
    const draftsB = await draftPersons(1);
    await uploadBlob(ts.url, unitB.token, draftsB[0]!.photo);
    const hijack = await putBatch(ts.url, unitB.token, batchA.id, batchBody(draftsB.map((d) => d.person)));
    expect(expectError(hijack, 409, 'batch.conflict')).not.toContain('青秀区');

    // Knowing A's photo hash is not having the file.
    expect((await call(ts.url, 'HEAD', `/api/v1/blobs/${photoA}`, { token: unitB.token })).status).toBe(404);
    const reuse = await putBatch(ts.url, unitB.token, newBatchId(), batchA.body);
    expectError(reuse, 422, 'batch.missing_blobs');
    expect((reuse.body as { error: { missingBlobs: string[] } }).error.missingBlobs).toContain(photoA);

    // B's feed holds none of A's news, even after A's people are decided.
    expect((await decide(countyA, personA)).status).toBe(200);
    const feedB = changesResponseSchema.parse((await get(unitB, '/api/v1/changes?since=0')).body);
    expect(feedB.changes).toEqual([]);
    const feedA = changesResponseSchema.parse((await get(unitA, '/api/v1/changes?since=0')).body);
    expect(feedA.changes).toHaveLength(1);
    expect(await snapshot()).not.toBe(before); // the decision itself
  });

  it('a unit cannot review, fetch review files, or act as a reviewer in any way', async () => {
    const before = await snapshot();
    expectError(await get(unitA, '/api/v1/review/pending'), 403, 'auth.forbidden');
    expectError(await get(unitA, `/api/v1/review/persons/${personA}`), 403, 'auth.forbidden');
    expectError(await get(unitA, `/api/v1/review/blobs/${photoA}`), 403, 'auth.forbidden');
    expectError(await decide(unitA, personA), 403, 'auth.forbidden');
    expect(await snapshot()).toBe(before);
  });

  it('reviewers and admins cannot send batches, upload files or read a unit’s feed', async () => {
    const before = await snapshot();
    for (const who of [countyA, cityOne, admin]) {
      expectError(await putBatch(ts.url, who.token, newBatchId(), batchA.body), 403, 'auth.forbidden');
      expectError(await get(who, '/api/v1/changes?since=0'), 403, 'auth.forbidden');
      expectError(await get(who, `/api/v1/batches/${batchA.id}`), 403, 'auth.forbidden');
      const upload = await call(ts.url, 'PUT', `/api/v1/blobs/${photoA}`, { token: who.token, raw: new Uint8Array([0xff, 0xd8, 0xff]), headers: { 'content-type': 'application/octet-stream' } });
      expectError(upload, 403, 'auth.forbidden');
    }
    expectError(await get(admin, '/api/v1/review/pending'), 403, 'auth.forbidden');
    expect(await snapshot()).toBe(before);
  });
});

describe('reviewers see only their jurisdiction', () => {
  it('a county reviewer sees only the county’s people; another county’s are "not found"', async () => {
    const before = await snapshot();
    const listB = reviewPendingResponseSchema.parse((await get(countyB, '/api/v1/review/pending')).body);
    expect(listB.persons.map((p) => p.name)).toEqual(['乙一']);
    expect(listB.persons.every((p) => p.batchId === batchB.id)).toBe(true);
    expectError(await get(countyB, `/api/v1/review/persons/${personA}`), 404, 'not_found');
    expectError(await get(countyB, `/api/v1/review/blobs/${photoA}`), 404, 'blob.not_found');
    expectError(await decide(countyB, personA + 1, 'rejected', '不在辖区'), 404, 'not_found');
    // Filtering by another unit's batch or id shows nothing rather than leaking.
    const sneaky = reviewPendingResponseSchema.parse((await get(countyB, `/api/v1/review/pending?batchId=${batchA.id}`)).body);
    expect(sneaky.persons).toEqual([]);
    expect(await snapshot()).toBe(before);
  });

  it('another city’s reviewer sees nothing of this city; this city’s reviewer may look but not decide before the county', async () => {
    const before = await snapshot();
    expect(reviewPendingResponseSchema.parse((await get(cityTwo, '/api/v1/review/pending')).body).persons).toEqual([]);
    expectError(await get(cityTwo, `/api/v1/review/persons/${personA}`), 404, 'not_found');
    expectError(await decide(cityTwo, personA), 404, 'not_found');

    const waiting = personA + 1; // A's second person, still at the county
    const look = await get(cityOne, `/api/v1/review/persons/${waiting}`);
    expect(look.status, look.text).toBe(200);
    expect(look.body).toMatchObject({ decidable: false, status: 'submitted', pendingAt: { level: 'county' } });
    expectError(await decide(cityOne, waiting), 409, 'review.not_pending');
    expect(await snapshot()).toBe(before);
  });

  it('the city reviewer decides what the county passed; unit C’s city never sees it', async () => {
    const list = reviewPendingResponseSchema.parse((await get(cityOne, '/api/v1/review/pending')).body);
    expect(list.persons.map((p) => p.personId)).toEqual([personA]);
    expect((await decide(cityOne, personA)).status).toBe(200);
    expect(changesResponseSchema.parse((await get(unitC, '/api/v1/changes?since=0')).body).changes).toEqual([]);
  });
});

describe('tokens', () => {
  it('no token, a made-up token, a logged-out token and an expired token are all refused', async () => {
    const before = await snapshot();
    expectError(await call(ts.url, 'GET', '/api/v1/changes?since=0'), 401, 'auth.token_missing');
    expectError(await call(ts.url, 'GET', '/api/v1/changes?since=0', { token: 'x'.repeat(43) }), 401, 'auth.token_invalid');

    const second = await login(ts.url, unitA.username, unitA.password);
    expect((await call(ts.url, 'GET', '/api/v1/changes?since=0', { token: second })).status).toBe(200);
    expect((await call(ts.url, 'POST', '/api/v1/auth/logout', { token: second })).status).toBe(200);
    expectError(await call(ts.url, 'GET', '/api/v1/changes?since=0', { token: second }), 401, 'auth.token_invalid');
    expectError(await putBatch(ts.url, second, newBatchId(), batchA.body), 401, 'auth.token_invalid');

    const fresh = await login(ts.url, countyA.username, countyA.password);
    ts.clock.advance(13 * 3_600_000);
    expectError(await call(ts.url, 'GET', '/api/v1/review/pending', { token: fresh }), 401, 'auth.token_expired');
    expectError(await decide({ ...countyA, token: fresh }, personA + 1), 401, 'auth.token_expired');
    expect(await snapshot()).toBe(before);
  });

  it('an account that has not changed its first password can do nothing but that', async () => {
    const u = await seedUser(ts.app, 'reviewer', { jurisdictionId: 1 });
    const token = await login(ts.url, u.username, u.password);
    expectError(await call(ts.url, 'GET', '/api/v1/review/pending', { token }), 403, 'auth.must_change_password');
    expectError(await call(ts.url, 'GET', '/api/v1/reference', { token }), 403, 'auth.must_change_password');
  });
});

describe('a batch is the unit’s even after review', () => {
  it('answers the batch to its own unit with each person’s current standing', async () => {
    const token = await login(ts.url, unitA.username, unitA.password); // the earlier one expired with the clock
    const res = await call(ts.url, 'GET', `/api/v1/batches/${batchA.id}`, { token });
    expect(res.status, res.text).toBe(200);
    const view = res.body as BatchPutResponse;
    expect(view.persons.map((p) => p.status)).toEqual(['approved', 'submitted']);
  });
});
