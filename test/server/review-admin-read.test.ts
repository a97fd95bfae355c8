import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewBatchPersonsResponseSchema, reviewPersonResponseSchema } from '../../src-shared/contract/sync-api.js';
import { call, expectError, readyUser, seedDirectory, startTestServer, type TestServer } from './server-helpers.js';
import { draftPersons, PDF_BYTES, sha256, submitNewBatch } from './sync-helpers.js';

/**
 * Administrators open people read-only, and a batch's people are listed for whoever may see the batch
 * (GET /review/batches/:batchId/persons): a reviewer within their bureau, an administrator everywhere.
 * Deciding stays with reviewers. Two cities, each with a county and a unit; a batch of two people from
 * the first (one approved by its county), and one from the second.
 */
let ts: TestServer;
type Account = { token: string };
let county: Account, city: Account, otherCity: Account, admin: Account, unit: Account;
let batch: Awaited<ReturnType<typeof submitNewBatch>>;
let otherBatch: Awaited<ReturnType<typeof submitNewBatch>>;
let drafts: Awaited<ReturnType<typeof draftPersons>>;
const ids: Record<string, number> = {};

const get = (a: Account, route: string) => call(ts.url, 'GET', route, { token: a.token });
const blob = (a: Account, sha: string) => fetch(`${ts.url}/api/v1/review/blobs/${sha}`, { headers: { authorization: `Bearer ${a.token}` } });
const personsOf = async (a: Account, batchId: string) => {
  const res = await get(a, `/api/v1/review/batches/${batchId}/persons`);
  expect(res.status, res.text).toBe(200);
  return reviewBatchPersonsResponseSchema.parse(res.body);
};

beforeAll(async () => {
  ts = await startTestServer({ reviewStages: 2, photoSpec: 'guangxi' });
  const one = await seedDirectory(ts.app);
  const two = await seedDirectory(ts.app, '二');
  unit = await readyUser(ts, 'unit', { unitId: one.unit.id });
  const otherUnit = await readyUser(ts, 'unit', { unitId: two.unit.id });
  county = await readyUser(ts, 'reviewer', { jurisdictionId: one.county.id });
  city = await readyUser(ts, 'reviewer', { jurisdictionId: one.city.id });
  otherCity = await readyUser(ts, 'reviewer', { jurisdictionId: two.city.id });
  admin = await readyUser(ts, 'admin');

  drafts = await draftPersons(2, (i) => ({ name: ['甲一', '甲二'][i]! }));
  batch = await submitNewBatch(ts.url, unit.token, drafts, [{ bytes: PDF_BYTES, kind: '三定方案', fileName: '三定方案.pdf' }]);
  otherBatch = await submitNewBatch(ts.url, otherUnit.token, await draftPersons(1, () => ({ name: '乙一' })));
  for (const b of [batch, otherBatch]) {
    for (const p of (await personsOf(admin, b.id)).persons) ids[p.name] = p.personId;
  }
  const res = await call(ts.url, 'POST', '/api/v1/review/decisions', { token: county.token, body: { items: [{ personId: ids['甲一'], version: 1 }], result: 'approved' } });
  expect(res.status, res.text).toBe(200);
});
afterAll(() => ts.stop());

describe('an administrator opens a person read-only', () => {
  it('reads the person with everything a reviewer sees, never decidable', async () => {
    const res = await get(admin, `/api/v1/review/persons/${ids['甲二']}`);
    expect(res.status, res.text).toBe(200);
    const p = reviewPersonResponseSchema.parse(res.body);
    expect(p).toMatchObject({ status: 'submitted', decidable: false, pendingAt: { level: 'county', jurisdiction: '青秀区司法局' } });
    expect(p.fields.name).toBe('甲二');
    expect(p.evidence.map((e) => e.fileName)).toEqual(['三定方案.pdf']);
    // The county reviewer it waits for may decide on the same person.
    expect(reviewPersonResponseSchema.parse((await get(county, `/api/v1/review/persons/${ids['甲二']}`)).body).decidable).toBe(true);
  });

  it('reads a person of any bureau, approved or waiting, never decidable', async () => {
    for (const name of ['甲一', '乙一']) {
      const p = reviewPersonResponseSchema.parse((await get(admin, `/api/v1/review/persons/${ids[name]}`)).body);
      expect([p.fields.name, p.decidable]).toEqual([name, false]);
    }
  });

  it('fetches the person\'s photo and the batch\'s evidence', async () => {
    const photo = await blob(admin, drafts[1]!.person.photo!.sha256);
    expect(photo.status).toBe(200);
    expect(Buffer.from(await photo.arrayBuffer())).toEqual(drafts[1]!.photo);
    const pdf = await blob(admin, sha256(PDF_BYTES));
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
  });

  it('cannot decide (403), and the person still waits', async () => {
    const res = await call(ts.url, 'POST', '/api/v1/review/decisions', { token: admin.token, body: { items: [{ personId: ids['甲二'], version: 1 }], result: 'approved' } });
    expectError(res, 403, 'auth.forbidden');
    expect((await personsOf(admin, batch.id)).persons.find((p) => p.name === '甲二')!.status).toBe('submitted');
  });

  it('a unit account can read no person', async () => {
    expectError(await get(unit, `/api/v1/review/persons/${ids['甲二']}`), 403, 'auth.forbidden');
    expectError(await get(unit, `/api/v1/review/batches/${batch.id}/persons`), 403, 'auth.forbidden');
  });
});

describe('GET /review/batches/:batchId/persons', () => {
  it('lists every person of the batch with where each stands, for the county and the city above it', async () => {
    for (const who of [county, city, admin]) {
      const list = await personsOf(who, batch.id);
      expect(list.batch).toMatchObject({ batchId: batch.id, number: batch.body.number, name: batch.body.name, unitName: '青秀区市场监督管理局' });
      expect(list.persons.map((p) => [p.name, p.idNumber, p.status, p.pendingAt, p.version])).toEqual([
        ['甲一', drafts[0]!.person.fields.idNumber, 'county_approved', { level: 'city', jurisdiction: '南宁市司法局' }, 1],
        ['甲二', drafts[1]!.person.fields.idNumber, 'submitted', { level: 'county', jurisdiction: '青秀区司法局' }, 1],
      ]);
    }
  });

  it('takes the batch ID in capitals too', async () => {
    expect((await personsOf(county, batch.id.toUpperCase())).persons).toHaveLength(2);
  });

  it('a reviewer of another city gets "not found" for the batch, its people and their files', async () => {
    const msg = expectError(await get(otherCity, `/api/v1/review/batches/${batch.id}/persons`), 404, 'not_found');
    expect(msg).toContain('不在你的审核范围内');
    expectError(await get(otherCity, `/api/v1/review/persons/${ids['甲二']}`), 404, 'not_found');
    // (The evidence, not a photo: photoBytes' solid-colour JPEGs of neighbouring seeds can be the same bytes.)
    expect((await blob(otherCity, sha256(PDF_BYTES))).status).toBe(404);
    // …while their own batch is there.
    expect((await personsOf(otherCity, otherBatch.id)).persons.map((p) => p.name)).toEqual(['乙一']);
  });

  it('an unknown batch is "not found"; a malformed ID is a Chinese 400', async () => {
    expectError(await get(admin, '/api/v1/review/batches/0f8fad5b-d9cb-469f-a165-70867728950e/persons'), 404, 'not_found');
    expect(expectError(await get(admin, '/api/v1/review/batches/abc/persons'), 400, 'request.invalid')).toContain('UUID');
  });
});
