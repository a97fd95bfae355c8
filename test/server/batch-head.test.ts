import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchPutResponseSchema, reviewPendingResponseSchema } from '../../src-shared/contract/sync-api.js';
import { batchContentSha256, batchContentSha256InSlices } from '../../src-node/batch-content-hash.js';
import { run } from '../../src-server/db/sql.js';
import { call, expectError, readyUser, seedDirectory, startTestServer, type TestServer } from './server-helpers.js';
import { batchBody, draftPersons, newBatchId, putBatch, submitNewBatch } from './sync-helpers.js';

/**
 * Issue 15: HEAD /batches/:id answers with the content hash of what the server last accepted, so the
 * desktop can tell "the server has exactly my batch" without sending it again.
 */
let ts: TestServer;
let dir: Awaited<ReturnType<typeof seedDirectory>>;
let clerk: { token: string };
let lastHeadPayload = '';

beforeAll(async () => {
  ts = await startTestServer({ reviewStages: 1, photoSpec: 'guangxi' }, {}, (app) => {
    // HEAD answers carry no body on the wire: keep what the server would have said.
    app.addHook('onSend', async (request, _reply, payload) => {
      if (request.method === 'HEAD') lastHeadPayload = typeof payload === 'string' ? payload : '';
      return payload;
    });
  });
  dir = await seedDirectory(ts.app);
  clerk = await readyUser(ts, 'unit', { unitId: dir.unit.id });
});
afterAll(() => ts.stop());

const head = (token: string | undefined, id: string) => call(ts.url, 'HEAD', `/api/v1/batches/${id}`, token === undefined ? {} : { token });
const etagOf = (hash: string) => `"${hash}"`;

describe('HEAD /batches/:batchId', () => {
  it('answers the hash of the request just accepted as its ETag, without a body', async () => {
    const drafts = await draftPersons(2);
    const { id, body } = await submitNewBatch(ts.url, clerk.token, drafts);
    const res = await head(clerk.token, id);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(etagOf(batchContentSha256(body)));
    expect(res.text).toBe('');
    // Upper-case ids name the same batch, as in the GET.
    expect((await head(clerk.token, id.toUpperCase())).headers.get('etag')).toBe(etagOf(batchContentSha256(body)));
  });

  it('an unchanged push gives a batch from before the hash was kept its ETag, and keeps it', async () => {
    const { id, body } = await submitNewBatch(ts.url, clerk.token, await draftPersons(1));
    // What migration 8 leaves on a batch stored before it.
    await run(ts.app.db, "UPDATE batches SET content_sha256 = '' WHERE id = ?", [id]);
    const before = await head(clerk.token, id);
    expect(before.status).toBe(200);
    expect(before.headers.get('etag')).toBeNull();

    const again = await putBatch(ts.url, clerk.token, id, body);
    expect(again.status, again.text).toBe(200);
    expect(batchPutResponseSchema.parse(again.body).result).toBe('unchanged');
    expect((await head(clerk.token, id)).headers.get('etag')).toBe(etagOf(batchContentSha256(body)));

    // A new desktop version (other rules version) sends the same content: same hash, still unchanged.
    const upgraded = { ...body, rulesVersion: `${body.rulesVersion}-next` };
    expect(batchPutResponseSchema.parse((await putBatch(ts.url, clerk.token, id, upgraded)).body).result).toBe('unchanged');
    expect((await head(clerk.token, id)).headers.get('etag')).toBe(etagOf(batchContentSha256(body)));
  });

  it('a resubmission of a returned person changes the ETag to the new content; a refused push does not', async () => {
    const reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
    const { id, body } = await submitNewBatch(ts.url, clerk.token, await draftPersons(2));
    const pending = reviewPendingResponseSchema.parse((await call(ts.url, 'GET', `/api/v1/review/pending?batchId=${id}`, { token: reviewer.token })).body);
    const p2 = pending.persons.find((p) => p.idNumber === body.persons[1]!.fields.idNumber)!;
    const rejected = await call(ts.url, 'POST', '/api/v1/review/decisions', {
      token: reviewer.token,
      body: { items: [{ personId: p2.personId, version: p2.version }], result: 'rejected', comment: '学历专业填写有误，请核对。' },
    });
    expect(rejected.status, rejected.text).toBe(200);

    // Changing someone still waiting for review is refused, and the stored hash stays.
    const tampered = { ...body, persons: body.persons.map((p) => (p.key === 'p1' ? { ...p, fields: { ...p.fields, major: '经济学' } } : p)) };
    expectError(await putBatch(ts.url, clerk.token, id, tampered), 409, 'batch.conflict');
    expect((await head(clerk.token, id)).headers.get('etag')).toBe(etagOf(batchContentSha256(body)));

    const fixed = { ...body, persons: body.persons.map((p) => (p.key === 'p2' ? { ...p, fields: { ...p.fields, major: '行政管理' }, resubmit: true } : p)) };
    const res = await putBatch(ts.url, clerk.token, id, fixed);
    expect(res.status, res.text).toBe(200);
    expect(batchPutResponseSchema.parse(res.body).result).toBe('resubmitted');
    expect(batchContentSha256(fixed)).not.toBe(batchContentSha256(body));
    expect((await head(clerk.token, id)).headers.get('etag')).toBe(etagOf(batchContentSha256(fixed)));
  });

  it('is 404 for another unit’s batch and for an unknown one, like the GET', async () => {
    const { id } = await submitNewBatch(ts.url, clerk.token, await draftPersons(1));
    const other = await seedDirectory(ts.app, '乙');
    const stranger = await readyUser(ts, 'unit', { unitId: other.unit.id });
    const res = await head(stranger.token, id);
    expect(res.status).toBe(404);
    expect(res.headers.get('etag')).toBeNull();
    expect((await call(ts.url, 'GET', `/api/v1/batches/${id}`, { token: stranger.token })).status).toBe(404);
    expect((await head(clerk.token, newBatchId())).status).toBe(404);
  });

  it('needs a unit’s token: none is 401, a reviewer’s or an administrator’s is refused as for the GET', async () => {
    const { id } = await submitNewBatch(ts.url, clerk.token, await draftPersons(1));
    expect((await head(undefined, id)).status).toBe(401);
    expect((await head('not-a-token', id)).status).toBe(401);
    const reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
    const admin = await readyUser(ts, 'admin');
    for (const token of [reviewer.token, admin.token]) {
      const res = await head(token, id);
      expect(res.status).toBe(403);
      expect(res.headers.get('etag')).toBeNull();
      expectError(await call(ts.url, 'GET', `/api/v1/batches/${id}`, { token }), 403, 'auth.forbidden');
    }
  });

  it('refuses an id that is not a UUID with the GET’s message', async () => {
    const getMessage = expectError(await call(ts.url, 'GET', '/api/v1/batches/not-a-uuid', { token: clerk.token }), 400, 'request.invalid');
    const res = await head(clerk.token, 'not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.headers.get('etag')).toBeNull();
    expect((JSON.parse(lastHeadPayload) as { error: { code: string; message: string } }).error).toEqual({ code: 'request.invalid', message: getMessage });
  });

  it('a batch sent with the same people built in another key order has the same ETag', async () => {
    const drafts = await draftPersons(1);
    const { id, body } = await submitNewBatch(ts.url, clerk.token, drafts);
    const reordered = batchBody(drafts.map((d) => ({ photo: d.person.photo, fields: d.person.fields, key: d.person.key })));
    expect(batchPutResponseSchema.parse((await putBatch(ts.url, clerk.token, id, reordered)).body).result).toBe('unchanged');
    expect((await head(clerk.token, id)).headers.get('etag')).toBe(etagOf(batchContentSha256(body)));
  });
});

describe('the server’s hash in slices', () => {
  it('is byte for byte batchContentSha256, and lets the loop turn before each person', async () => {
    const drafts = await draftPersons(3);
    const bodies = [
      batchBody(drafts.map((d) => d.person)),
      batchBody([drafts[0]!.person], [{ sha256: 'a'.repeat(64), kind: '在编证明', fileName: '在编证明.pdf' }]),
      batchBody(drafts.map((d, i) => ({ ...d.person, resubmit: i === 1, photo: i === 2 ? null : d.person.photo }))),
    ];
    for (const body of bodies) {
      let ticks = 0;
      const sliced = await batchContentSha256InSlices(body, async () => {
        ticks++;
      });
      expect(sliced).toBe(batchContentSha256(body));
      expect(ticks).toBe(body.persons.length);
    }
    expect(new Set(bodies.map(batchContentSha256)).size).toBe(3);
  });
});
