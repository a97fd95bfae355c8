import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  batchViewSchema,
  changesResponseSchema,
  decisionResponseSchema,
  referenceResponseSchema,
  reviewPendingResponseSchema,
  reviewPersonResponseSchema,
  type BatchPutResponse,
  type Change,
} from '../../src-shared/contract/sync-api.js';
import { RULES_VERSION } from '../../src-shared/rules/version.js';
import { auditFor } from '../../src-server/db/audit.js';
import { rawRows } from '../../src-server/db/sql.js';
import { call, expectError, readyUser, seedDirectory, startTestServer, type TestServer } from './server-helpers.js';
import { makeId } from '../helpers/ids.js';
import { batchBody, draftPersons, newBatchId, PDF_BYTES, personFields, putBatch, sha256, uploadBlob } from './sync-helpers.js';

/**
 * The whole flow over HTTP on the real server (Guangxi: county first, then city): a unit sends a batch,
 * the county and the city review, a rejected person is fixed and sent again, and the unit learns
 * every decision and its study accounts from the change feed.
 */
let ts: TestServer;
let unit: { token: string };
let county: { token: string };
let city: { token: string };

beforeAll(async () => {
  ts = await startTestServer({ reviewStages: 2, photoSpec: 'guangxi' });
  const dir = await seedDirectory(ts.app);
  unit = await readyUser(ts, 'unit', { unitId: dir.unit.id });
  county = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
  city = await readyUser(ts, 'reviewer', { jurisdictionId: dir.city.id });
});
afterAll(() => ts.stop());

const get = (token: string, route: string) => call(ts.url, 'GET', route, { token });
const decideReq = (token: string, body: unknown) => call(ts.url, 'POST', '/api/v1/review/decisions', { token, body });
const count = async (sql: string, ...args: unknown[]) => (await rawRows(ts.app.db, sql, args))[0]!['c'];

describe('sync flow, two review levels', () => {
  const batchId = newBatchId();
  let drafts: Awaited<ReturnType<typeof draftPersons>>;
  let body: ReturnType<typeof batchBody>;
  const ids: Record<string, number> = {};

  it('sends the reference data the server checks with', async () => {
    const res = await get(unit.token, '/api/v1/reference');
    expect(res.status, res.text).toBe(200);
    const ref = referenceResponseSchema.parse(res.body);
    expect(ref.rulesVersion).toBe(RULES_VERSION);
    expect(ref.reviewStages).toBe(2);
    expect(ref.codeTables.ethnicity.entries.some((e) => e.name === '汉族')).toBe(true);
    expect(ref.photoSpec.name).toBe('guangxi');
  });

  it('refuses a batch whose files are not uploaded yet, lists them, and keeps nothing', async () => {
    drafts = await draftPersons(3, (i) => ({ name: ['张三', '李四', '王五'][i]! }));
    body = batchBody(drafts.map((d) => d.person), [{ sha256: sha256(PDF_BYTES), kind: '在编证明', fileName: '在编证明.pdf' }]);
    const res = await putBatch(ts.url, unit.token, batchId, body);
    expectError(res, 422, 'batch.missing_blobs');
    const missing = (res.body as { error: { missingBlobs: string[] } }).error.missingBlobs;
    expect(new Set(missing)).toEqual(new Set([...drafts.map((d) => d.person.photo!.sha256), sha256(PDF_BYTES)]));
    expect(await count('SELECT COUNT(*) AS c FROM batches')).toBe(0);
    expect(await count('SELECT COUNT(*) AS c FROM persons')).toBe(0);
  });

  it('accepts the batch once the files are there; the same batch again is a success that changes nothing', async () => {
    for (const d of drafts) await uploadBlob(ts.url, unit.token, d.photo);
    await uploadBlob(ts.url, unit.token, PDF_BYTES);
    const res = await putBatch(ts.url, unit.token, batchId, body);
    expect(res.status, res.text).toBe(201);
    const answer = res.body as BatchPutResponse;
    expect(answer.result).toBe('created');
    expect(answer.persons.map((p) => [p.key, p.version, p.status, p.pendingAt?.level])).toEqual([
      ['p1', 1, 'submitted', 'county'],
      ['p2', 1, 'submitted', 'county'],
      ['p3', 1, 'submitted', 'county'],
    ]);
    const again = await putBatch(ts.url, unit.token, batchId, body);
    expect(again.status, again.text).toBe(200);
    expect((again.body as BatchPutResponse).result).toBe('unchanged');
    expect(await count('SELECT COUNT(*) AS c FROM persons')).toBe(3);
    expect(await count('SELECT COUNT(*) AS c FROM person_versions')).toBe(3);
    const view = batchViewSchema.parse((await get(unit.token, `/api/v1/batches/${batchId}`)).body);
    expect(view.evidence).toEqual([{ sha256: sha256(PDF_BYTES), kind: '在编证明', fileName: '在编证明.pdf' }]);
    expect((await auditFor(ts.app.db, 'batch', batchId)).map((a) => a.action)).toEqual(['batch.submit']);
  });

  it('the county reviewer lists the pending people, sees one with photo and evidence, and fetches the files', async () => {
    const list = reviewPendingResponseSchema.parse((await get(county.token, '/api/v1/review/pending')).body);
    expect(list.level).toBe('county');
    expect(list.persons.map((p) => p.name)).toEqual(['张三', '李四', '王五']);
    expect(list.batches).toEqual([expect.objectContaining({ batchId, pending: 3 })]);
    for (const p of list.persons) ids[p.name] = p.personId;
    const filtered = reviewPendingResponseSchema.parse((await get(county.token, `/api/v1/review/pending?batchId=${batchId}`)).body);
    expect(filtered.persons).toHaveLength(3);

    const person = reviewPersonResponseSchema.parse((await get(county.token, `/api/v1/review/persons/${ids['张三']}`)).body);
    expect(person.decidable).toBe(true);
    expect(person.fields.name).toBe('张三');
    expect(person.photo).toMatchObject({ sha256: drafts[0]!.person.photo!.sha256, mime: 'image/jpeg' });
    expect(person.evidence).toEqual([expect.objectContaining({ kind: '在编证明', mime: 'application/pdf' })]);

    const photo = await fetch(`${ts.url}/api/v1/review/blobs/${person.photo!.sha256}`, { headers: { authorization: `Bearer ${county.token}` } });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await photo.arrayBuffer())).toEqual(drafts[0]!.photo);

    // The city sees nothing yet: nobody has passed the county.
    expect(reviewPendingResponseSchema.parse((await get(city.token, '/api/v1/review/pending')).body).persons).toEqual([]);
  });

  it('county: approves two, refuses a rejection without a comment, rejects one with a comment', async () => {
    const ok = await decideReq(county.token, { items: [{ personId: ids['张三'], version: 1 }, { personId: ids['李四'], version: 1 }], result: 'approved' });
    expect(ok.status, ok.text).toBe(200);
    expect(decisionResponseSchema.parse(ok.body).decided.map((d) => d.status)).toEqual(['county_approved', 'county_approved']);

    expectError(await decideReq(county.token, { items: [{ personId: ids['王五'], version: 1 }], result: 'rejected', comment: '   ' }), 400, 'review.comment_required');
    expect(await count('SELECT COUNT(*) AS c FROM decisions WHERE person_id = ?', ids['王五'])).toBe(0);

    const no = await decideReq(county.token, { items: [{ personId: ids['王五'], version: 1 }], result: 'rejected', comment: '照片背景不是红色，请更换。' });
    expect(decisionResponseSchema.parse(no.body).decided).toEqual([{ personId: ids['王五'], version: 1, status: 'rejected', studyAccount: null }]);
    // Deciding again on someone already decided is refused and changes nothing.
    expectError(await decideReq(county.token, { items: [{ personId: ids['张三'], version: 1 }], result: 'approved' }), 409, 'review.not_pending');
  });

  it('city: sees the two the county passed and gives final approval, which makes a study account', async () => {
    const list = reviewPendingResponseSchema.parse((await get(city.token, '/api/v1/review/pending')).body);
    expect(list.level).toBe('city');
    expect(list.persons.map((p) => [p.name, p.status])).toEqual([['张三', 'county_approved'], ['李四', 'county_approved']]);
    const res = await decideReq(city.token, { items: [{ personId: ids['张三'], version: 1 }], result: 'approved' });
    const d = decisionResponseSchema.parse(res.body).decided[0]!;
    expect(d.status).toBe('approved');
    expect(d.studyAccount?.username).toBe(`张三${drafts[0]!.person.fields.birthDate.replace(/-/g, '')}`);
    expect((await auditFor(ts.app.db, 'person', ids['张三']!)).map((a) => a.action)).toEqual(['person.approve', 'person.approve']);
  });

  let cursor = '0';
  it('the unit reads every decision and its study account from the change feed, then nothing new', async () => {
    const res = await get(unit.token, '/api/v1/changes?since=0');
    expect(res.status, res.text).toBe(200);
    const feed = changesResponseSchema.parse(res.body);
    expect(feed.more).toBe(false);
    const summary = feed.changes.map((c: Change) => (c.type === 'decision' ? `${c.name}:${c.level}:${c.result}:${c.status}` : c.type === 'training_opened' ? `${c.type}:${c.batchNumber}` : `${c.type}:${c.name}`));
    expect(summary).toEqual(['张三:county:approved:county_approved', '李四:county:approved:county_approved', '王五:county:rejected:rejected', '张三:city:approved:approved', 'study_account:张三']);
    const rejected = feed.changes[2]!;
    expect(rejected).toMatchObject({ type: 'decision', batchId, personKey: 'p3', comment: '照片背景不是红色，请更换。' });
    const account = feed.changes[4]!;
    expect(account.type === 'study_account' && /^(?=.*[A-Za-z])(?=.*\d).{10}$/.test(account.initialPassword)).toBe(true);
    cursor = feed.cursor;
    const next = changesResponseSchema.parse((await get(unit.token, `/api/v1/changes?since=${cursor}`)).body);
    expect(next).toEqual({ changes: [], cursor, more: false });
    const paged = changesResponseSchema.parse((await get(unit.token, '/api/v1/changes?since=0&limit=2')).body);
    expect(paged.changes).toHaveLength(2);
    expect(paged.more).toBe(true);
  });

  it('the returned person, fixed, goes out again as version 2 only when flagged; approved people cannot be changed', async () => {
    // Changed but not flagged (saved, 重新提交 not clicked): stays returned, nothing stored.
    const saved = { ...body, persons: body.persons.map((p) => (p.key === 'p3' ? { ...p, fields: { ...p.fields, major: '行政管理（未提交）' } } : p)) };
    const quiet = await putBatch(ts.url, unit.token, batchId, saved);
    expect(quiet.status, quiet.text).toBe(200);
    expect(quiet.body).toMatchObject({ result: 'unchanged', resubmitted: [] });
    expect((quiet.body as BatchPutResponse).persons.find((p) => p.key === 'p3')).toMatchObject({ version: 1, status: 'rejected' });

    const fixed = { ...body, persons: body.persons.map((p) => (p.key === 'p3' ? { ...p, fields: { ...p.fields, major: '行政管理' }, resubmit: true } : p)) };
    const res = await putBatch(ts.url, unit.token, batchId, fixed);
    expect(res.status, res.text).toBe(200);
    const answer = res.body as BatchPutResponse;
    expect(answer.result).toBe('resubmitted');
    expect(answer.resubmitted).toEqual(['p3']);
    expect(answer.persons.find((p) => p.key === 'p3')).toMatchObject({ version: 2, status: 'submitted', pendingAt: { level: 'county' } });
    // Sent again (a retry after a lost answer): nothing more happens.
    expect((await putBatch(ts.url, unit.token, batchId, fixed)).body).toMatchObject({ result: 'unchanged' });

    const tampered = { ...fixed, persons: fixed.persons.map((p) => (p.key === 'p1' ? { ...p, fields: { ...p.fields, major: '经济学' } } : p)) };
    expectError(await putBatch(ts.url, unit.token, batchId, tampered), 409, 'batch.conflict');
    const more = { ...fixed, persons: [...fixed.persons, { ...fixed.persons[0]!, key: 'p9' }] };
    expectError(await putBatch(ts.url, unit.token, batchId, more), 409, 'batch.conflict');
    expect(await count('SELECT COUNT(*) AS c FROM person_versions')).toBe(4);
  });

  it('a decision on the version the reviewer saw before is refused; on the new one it counts; history is kept', async () => {
    expectError(await decideReq(county.token, { items: [{ personId: ids['王五'], version: 1 }], result: 'approved' }), 409, 'review.not_pending');
    const ok = await decideReq(county.token, { items: [{ personId: ids['王五'], version: 2 }], result: 'approved' });
    expect(ok.status, ok.text).toBe(200);
    const person = reviewPersonResponseSchema.parse((await get(city.token, `/api/v1/review/persons/${ids['王五']}`)).body);
    expect(person.version).toBe(2);
    expect(person.fields.major).toBe('行政管理');
    expect(person.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(person.decisions.map((d) => [d.version, d.level, d.result])).toEqual([[1, 'county', 'rejected'], [2, 'county', 'approved']]);
    const feed = changesResponseSchema.parse((await get(unit.token, `/api/v1/changes?since=${cursor}`)).body);
    expect(feed.changes.map((c) => c.type === 'decision' && [c.personKey, c.version, c.status])).toEqual([['p3', 2, 'county_approved']]);
  });
});

describe('sync flow, one review level (Fujian)', () => {
  let one: TestServer;
  beforeAll(async () => {
    one = await startTestServer({ reviewStages: 1 });
  });
  afterAll(() => one.stop());

  it('refuses a JPEG where the spec in force (Fujian) asks for PNG', async () => {
    const dir = await seedDirectory(one.app, 'jpeg');
    const u = await readyUser(one, 'unit', { unitId: dir.unit.id });
    const drafts = await draftPersons(1);
    await uploadBlob(one.url, u.token, drafts[0]!.photo);
    const res = await putBatch(one.url, u.token, newBatchId(), batchBody(drafts.map((d) => d.person)));
    expectError(res, 422, 'batch.invalid_rows');
    expect((res.body as { error: { rows: Array<{ issues: Array<{ code: string }> }> } }).error.rows[0]!.issues.map((i) => i.code)).toEqual(['photo.format']);
  });

  it('the bureau the unit is under gives the final approval; a second 张三 born the same day gets a suffix', async () => {
    const dir = await seedDirectory(one.app);
    const u = await readyUser(one, 'unit', { unitId: dir.unit.id });
    const r = await readyUser(one, 'reviewer', { jurisdictionId: dir.county.id });
    const drafts = await draftPersons(2, () => ({ name: '张三' }), 'png');
    for (const d of drafts) await uploadBlob(one.url, u.token, d.photo);
    const res = await putBatch(one.url, u.token, newBatchId(), batchBody(drafts.map((d) => d.person)));
    expect(res.status, res.text).toBe(201);
    expect((res.body as BatchPutResponse).persons.map((p) => p.pendingAt)).toEqual([
      { level: 'county', jurisdiction: dir.county.name },
      { level: 'county', jurisdiction: dir.county.name },
    ]);
    const list = reviewPendingResponseSchema.parse((await call(one.url, 'GET', '/api/v1/review/pending', { token: r.token })).body);
    const decided = await call(one.url, 'POST', '/api/v1/review/decisions', {
      token: r.token,
      body: { items: list.persons.map((p) => ({ personId: p.personId, version: p.version })), result: 'approved' },
    });
    const names = decisionResponseSchema.parse(decided.body).decided.map((d) => [d.status, d.studyAccount?.username]);
    const birth = drafts[0]!.person.fields.birthDate.replace(/-/g, '');
    expect(names).toEqual([['approved', `张三${birth}`], ['approved', `张三${birth}2`]]);
  });
});

describe('a batch of more people than one statement takes', () => {
  let big: TestServer;
  beforeAll(async () => {
    big = await startTestServer({ reviewStages: 1, photoSpec: 'guangxi' });
  });
  afterAll(() => big.stop());

  it('stores all 1,100 with their first version, each under its own key, and answers them in order', { timeout: 120_000 }, async () => {
    const dir = await seedDirectory(big.app);
    const u = await readyUser(big, 'unit', { unitId: dir.unit.id });
    const [sample] = await draftPersons(1);
    const photo = await uploadBlob(big.url, u.token, sample!.photo);
    // Distinct people: birth days in March 1991 times odd sequence numbers (odd = 男, as validRow says).
    const persons = Array.from({ length: 1100 }, (_, i) => {
      const day = String(1 + Math.floor(i / 100)).padStart(2, '0');
      const idNumber = makeId(`199103${day}`, String(2 * (i % 100) + 1).padStart(3, '0'));
      const fields = personFields({ idNumber, birthDate: `1991-03-${day}`, name: '张三' });
      return { key: `k${i}`, fields, photo: { sha256: photo, fileName: `${idNumber}.jpg` } };
    });
    const id = newBatchId();
    const res = await putBatch(big.url, u.token, id, batchBody(persons));
    expect(res.status, res.text.slice(0, 300)).toBe(201);
    expect((res.body as BatchPutResponse).persons.map((p) => p.key)).toEqual(persons.map((p) => p.key));
    const stored = await rawRows(
      big.app.db,
      `SELECT p.person_key AS key, p.id_number AS "idNumber", v.fields_json AS fields, v.version FROM persons p
       JOIN person_versions v ON v.person_id = p.id WHERE p.batch_id = ? ORDER BY p.id`,
      [id],
    );
    expect(stored).toHaveLength(1100);
    for (const [i, row] of stored.entries()) {
      expect(row['key']).toBe(`k${i}`);
      expect(row['version']).toBe(1);
      expect(row['idNumber']).toBe(persons[i]!.fields.idNumber);
      expect((JSON.parse(String(row['fields'])) as { idNumber: string }).idNumber).toBe(persons[i]!.fields.idNumber);
    }
    const view = batchViewSchema.parse((await call(big.url, 'GET', `/api/v1/batches/${id}`, { token: u.token })).body);
    expect(view.persons).toHaveLength(1100);
  });
});
