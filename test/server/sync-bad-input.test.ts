import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { BatchPutResponse } from '../../src-shared/contract/sync-api.js';
import { rawRows, value } from '../../src-server/db/sql.js';
import { makeId } from '../helpers/ids.js';
import { call, expectError, readyUser, seedDirectory, startTestServer, type TestServer } from './server-helpers.js';
import { batchBody, draftPersons, newBatchId, PDF_BYTES, putBatch, sha256, submitNewBatch, uploadBlob, type DraftPerson } from './sync-helpers.js';

/**
 * Bad input to the batch, feed and review routes: the right 4xx, a Chinese message, and nothing
 * changed. (Blob uploads have their own file, blobs.test.ts; auth its own.)
 */
let ts: TestServer;
let unit: { token: string };
let reviewer: { token: string };
let ready: DraftPerson[];

/** Row counts of everything a sync request could change, as one string. */
const snapshot = async () => {
  const row = await rawRows(
    ts.app.db,
    `SELECT (SELECT COUNT(*) FROM batches) AS batches, (SELECT COUNT(*) FROM persons) AS persons, (SELECT COUNT(*) FROM person_versions) AS versions,
            (SELECT COUNT(*) FROM batch_evidence) AS evidence, (SELECT COUNT(*) FROM decisions) AS decisions, (SELECT COUNT(*) FROM changes) AS changes`,
  );
  const r = row[0]!;
  return [r['batches'], r['persons'], r['versions'], r['evidence'], r['decisions'], r['changes']].join('/');
};

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi', jsonBodyLimit: 256 * 1024 });
  const dir = await seedDirectory(ts.app);
  unit = await readyUser(ts, 'unit', { unitId: dir.unit.id });
  reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
  ready = await draftPersons(3);
  for (const d of ready) await uploadBlob(ts.url, unit.token, d.photo);
});
afterAll(() => ts.stop());

/** Sends `body` to a new batch id and expects the refusal, with nothing stored. */
async function refused(body: unknown, status: number, code: string, opts: { raw?: string; id?: string } = {}): Promise<string> {
  const before = await snapshot();
  const id = opts.id ?? newBatchId();
  const res =
    opts.raw !== undefined
      ? await call(ts.url, 'PUT', `/api/v1/batches/${id}`, { token: unit.token, raw: opts.raw, headers: { 'content-type': 'application/json' } })
      : await putBatch(ts.url, unit.token, id, body);
  const message = expectError(res, status, code);
  expect(await snapshot()).toBe(before);
  return message;
}

describe('malformed requests', () => {
  it('malformed JSON, a body that is not a batch, a wrong field type', async () => {
    await refused(undefined, 400, 'request.invalid_json', { raw: '{"kind":"new","persons":[' });
    await refused({ kind: 'new' }, 400, 'request.invalid');
    const good = batchBody(ready.map((d) => d.person));
    await refused({ ...good, kind: 'old' }, 400, 'request.invalid');
    await refused({ ...good, persons: [] }, 400, 'request.invalid');
    await refused({ ...good, persons: [{ ...good.persons[0], fields: { ...good.persons[0]!.fields, name: 12 } }] }, 400, 'request.invalid');
  });

  it('an id in the path that is no UUID, a path-like one, and an unknown batch', async () => {
    const good = batchBody(ready.map((d) => d.person));
    expect(await refused(good, 400, 'request.invalid', { id: 'not-a-uuid' })).toMatch(/UUID/);
    await refused(good, 400, 'request.invalid', { id: '..%2F..%2Fetc%2Fpasswd' });
    expectError(await call(ts.url, 'GET', `/api/v1/batches/${newBatchId()}`, { token: unit.token }), 404, 'not_found');
  });

  it('path-like and control-character file names are refused, never used', async () => {
    const p = ready[0]!.person;
    for (const fileName of ['../../etc/passwd', '..\\..\\windows\\win.ini', '/etc/passwd', 'a\u0000.jpg', '..']) {
      const message = await refused(batchBody([{ ...p, photo: { sha256: p.photo!.sha256, fileName } }]), 400, 'request.invalid');
      expect(message).toMatch(/文件名/);
    }
    await refused(batchBody([p], [{ sha256: sha256(PDF_BYTES), kind: '在编证明', fileName: 'C:\\证明.pdf' }]), 400, 'request.invalid');
  });

  it('a body over the JSON limit is 413 with the limit in Chinese', async () => {
    const p = ready[0]!.person;
    const many = Array.from({ length: 600 }, (_, i) => ({ ...p, key: `k${i}` }));
    const message = await refused(batchBody(many), 413, 'request.too_large');
    expect(message).toMatch(/256 KB/);
  });

  it('a bad cursor or limit on the feed; bad review requests', async () => {
    expectError(await call(ts.url, 'GET', '/api/v1/changes?since=-1', { token: unit.token }), 400, 'request.invalid');
    expectError(await call(ts.url, 'GET', '/api/v1/changes?since=abc', { token: unit.token }), 400, 'request.invalid');
    expectError(await call(ts.url, 'GET', '/api/v1/changes?since=0&limit=0', { token: unit.token }), 400, 'request.invalid');
    const before = await snapshot();
    const post = (body: unknown) => call(ts.url, 'POST', '/api/v1/review/decisions', { token: reviewer.token, body });
    expectError(await post({ items: [], result: 'approved' }), 400, 'request.invalid');
    expectError(await post({ items: [{ personId: 1, version: 1 }], result: 'maybe' }), 400, 'request.invalid');
    expectError(await post({ items: [{ personId: 999999, version: 1 }], result: 'approved' }), 404, 'not_found');
    expectError(await call(ts.url, 'GET', '/api/v1/review/persons/abc', { token: reviewer.token }), 400, 'request.invalid');
    expectError(await call(ts.url, 'GET', '/api/v1/review/blobs/..%2F..%2Fserver.sqlite3', { token: reviewer.token }), 400, 'blob.bad_name');
    expect(await snapshot()).toBe(before);
  });
});

describe('rows the rules refuse', () => {
  it('a wrong ID check digit: the whole batch is refused and the answer says who and why', async () => {
    const [bad] = await draftPersons(1, () => ({ name: '赵错' }));
    await uploadBlob(ts.url, unit.token, bad!.photo);
    const id = bad!.person.fields.idNumber;
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const body = batchBody([ready[0]!.person, { ...bad!.person, key: 'p9', fields: { ...bad!.person.fields, idNumber: wrong } }]);
    const before = await snapshot();
    const res = await putBatch(ts.url, unit.token, newBatchId(), body);
    expectError(res, 422, 'batch.invalid_rows');
    const rows = (res.body as { error: { rows: Array<{ key: string; name: string; issues: Array<{ code: string; message: string }> }> } }).error.rows;
    expect(rows.map((r) => [r.name, r.issues.filter((i) => i.code.startsWith('id.')).map((i) => i.code)])).toEqual([['赵错', ['id.checksum']]]);
    expect(rows[0]!.issues[0]!.message).toMatch(/校验码/);
    expect(await snapshot()).toBe(before);
  });

  it('a person without a photo, the same ID twice in one batch', async () => {
    const p = ready[0]!.person;
    const noPhoto = await refused(batchBody([{ ...p, photo: null }]), 422, 'batch.invalid_rows');
    expect(noPhoto).toMatch(/照片/);
    await refused(batchBody([p, { ...ready[1]!.person, fields: { ...ready[1]!.person.fields, idNumber: p.fields.idNumber } }]), 422, 'batch.invalid_rows');
  });

  it('a PDF given as a person’s photo (named .jpg) is caught by its bytes', async () => {
    const pdf = await uploadBlob(ts.url, unit.token, PDF_BYTES);
    const p = ready[0]!.person;
    const before = await snapshot();
    const res = await putBatch(ts.url, unit.token, newBatchId(), batchBody([{ ...p, photo: { sha256: pdf, fileName: `${p.fields.idNumber}.jpg` } }]));
    expectError(res, 422, 'batch.invalid_rows');
    expect(JSON.stringify(res.body)).toContain('photo.format');
    expect(await snapshot()).toBe(before);
  });

  it('photos the spec in force refuses: wrong pixel size, too many bytes, damaged bytes', async () => {
    const p = ready[0]!.person;
    const small = await sharp({ create: { width: 60, height: 80, channels: 3, background: '#d81e06' } }).jpeg().toBuffer();
    // Right pixels, too many bytes: noise at full quality, padded after the end marker as some tools do.
    const noisy = Buffer.concat([
      await sharp(randomBytes(90 * 120 * 3), { raw: { width: 90, height: 120, channels: 3 } }).jpeg({ quality: 100 }).toBuffer(),
      Buffer.alloc(30_000),
    ]);
    expect(noisy.length).toBeGreaterThan(40_000);
    const damaged = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 0x41)]);
    const cases: Array<[Buffer, string]> = [[small, 'photo.dimensions'], [noisy, 'photo.filesize'], [damaged, 'photo.format']];
    for (const [bytes, code] of cases) {
      const name = await uploadBlob(ts.url, unit.token, bytes);
      const before = await snapshot();
      const res = await putBatch(ts.url, unit.token, newBatchId(), batchBody([{ ...p, photo: { sha256: name, fileName: `${p.fields.idNumber}.jpg` } }]));
      const message = expectError(res, 422, 'batch.invalid_rows');
      expect(message).toMatch(/照片/);
      const issues = (res.body as { error: { rows: Array<{ issues: Array<{ code: string }> }> } }).error.rows[0]!.issues;
      expect(issues.map((i) => i.code)).toEqual([code]);
      expect(await snapshot()).toBe(before);
    }
  });

  it('a person already sent in another open batch of the unit', async () => {
    const first = await submitNewBatch(ts.url, unit.token, ready.slice(0, 1));
    expect((first.answer.body as BatchPutResponse).result).toBe('created');
    const message = await refused(batchBody([ready[0]!.person]), 422, 'batch.invalid_rows');
    expect(message).toMatch(/已在本单位的批次/);
  });

  it('Excel damage the desktop would have caught (a lost ID digit) is caught here too', async () => {
    const p = ready[2]!.person;
    const damaged = { ...p, fields: { ...p.fields, idNumber: makeId('19910305').slice(0, 15) + '000' } };
    await refused(batchBody([damaged]), 422, 'batch.invalid_rows');
  });
});

describe('the same batch at the same moment', () => {
  it('five identical requests at once store the batch once: one 201, four "unchanged"', async () => {
    const drafts = await draftPersons(20);
    for (const d of drafts) await uploadBlob(ts.url, unit.token, d.photo);
    const id = newBatchId();
    const body = batchBody(drafts.map((d) => d.person));
    const answers = await Promise.all(Array.from({ length: 5 }, () => putBatch(ts.url, unit.token, id, body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(answers.map((a) => (a.body as BatchPutResponse).result).sort()).toEqual(['created', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    const c = await value(ts.app.db, z.number(), 'SELECT COUNT(*) FROM persons WHERE batch_id = ?', [id]);
    expect(c).toBe(20);
  });

  it('two different contents under one id at once: one is kept, the other is a conflict', async () => {
    const drafts = await draftPersons(2);
    for (const d of drafts) await uploadBlob(ts.url, unit.token, d.photo);
    const id = newBatchId();
    const [x, y] = await Promise.all([
      putBatch(ts.url, unit.token, id, batchBody([drafts[0]!.person])),
      putBatch(ts.url, unit.token, id, batchBody([drafts[1]!.person])),
    ]);
    expect([x!.status, y!.status].sort()).toEqual([201, 409]);
    expect(await value(ts.app.db, z.number(), 'SELECT COUNT(*) FROM persons WHERE batch_id = ?', [id])).toBe(1);
  });
});
