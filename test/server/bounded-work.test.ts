import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { value } from '../../src-server/db/sql.js';
import { batchPutRequestSchema, type BatchPerson, type BatchPutRequest } from '../../src-shared/contract/sync-api.js';
import { buildLookups } from '../../src-shared/rules/code-tables.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { checkPersons, duplicateIdMessage, DUPLICATE_NAMES_SHOWN } from '../../src-server/batches/check-persons.js';
import { parseBatchRequest } from '../../src-server/batches/parse-batch.js';
import { CpuLane } from '../../src-server/cpu-lane.js';
import { KeyGate } from '../../src-server/key-gate.js';
import { BATCHES_PER_UNIT_AT_ONCE, BATCHES_PER_UNIT_WAITING } from '../../src-server/routes/batch-routes.js';
import { ApiError } from '../../src-server/errors.js';
import { connectionSettingsSchema } from '../../src-main/sync/connection-settings.js';
import { SyncClient } from '../../src-main/sync/sync-client.js';
import { SyncError } from '../../src-main/sync/sync-error.js';
import { call, expectError, readyUser, seedDirectory, startTestServer, type Answer, type TestServer } from './server-helpers.js';
import { batchBody, newBatchId, personFields, putBatch, sha256 } from './sync-helpers.js';

/**
 * Issue 13: one request cannot make the server do unbounded work or write an unbounded answer, and a
 * big hostile batch does not stop colleagues' requests from being answered.
 */

const lookups = buildLookups(loadCodeTables());
const MB = 1024 * 1024;

/** `n` rows sharing one valid ID number, each with a 200-character name and a photo nobody uploaded. */
function hostilePersons(n: number, nameLength = 200): BatchPerson[] {
  const fields = personFields();
  const photo = { sha256: sha256('not uploaded'), fileName: 'a.jpg' };
  return Array.from({ length: n }, (_, i) => ({ key: `p${i + 1}`, fields: { ...fields, name: `${'张'.repeat(40)}${String(i).padStart(nameLength - 40, 'x')}` }, photo }));
}

describe('the duplicate-ID message', () => {
  it('names at most a few other rows, then counts the rest', () => {
    expect(duplicateIdMessage('110101199003074219', 2, ['李四'])).toBe(
      '身份证号 110101199003074219 在本批次中出现了 2 次（另见：李四），同一人只能报名一次。请在报名助手的人员列表中点多余那一行的“删除”，然后再提交。',
    );
    const m = duplicateIdMessage('110101199003074219', 5000, ['甲', '乙', '丙', '丁', '戊']);
    expect(m).toContain('另见：甲、乙、丙 等另外 4999 人');
    expect(m).not.toContain('丁');
  });

  it('5,000 rows with one ID: linear, every message short, each row names others but never itself', async () => {
    const persons = hostilePersons(5000);
    const t = performance.now();
    const checked = await checkPersons(persons, { lookups, today: '2026-11-23', kind: 'new' });
    const ms = performance.now() - t;
    const dups = checked.map((p) => p.issues.find((i) => i.code === 'id.duplicate')!);
    expect(dups.every(Boolean)).toBe(true);
    expect(Math.max(...dups.map((d) => d.message.length))).toBeLessThan(300);
    expect(dups[0]!.message).toContain('出现了 5000 次');
    expect(dups[0]!.message).toContain('等另外 4999 人');
    // Names are cut to 20 characters in the message.
    expect(dups[0]!.message).toContain(`${'张'.repeat(20)}…`);
    expect(dups[1]!.message.split('、')).toHaveLength(DUPLICATE_NAMES_SHOWN);
    const names = (i: number) => checked.filter((_, j) => j !== i).slice(0, DUPLICATE_NAMES_SHOWN);
    expect(names(0)).toHaveLength(DUPLICATE_NAMES_SHOWN);
    console.log(`checkPersons, 5,000 rows with one ID: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(5000);
  });
});

describe('the batch parse a slice at a time', () => {
  it('gives exactly what the contract schema gives, and its messages', async () => {
    const persons = hostilePersons(30, 10);
    const body = { ...batchBody(persons), extra: 'dropped', evidence: [{ sha256: sha256('e'), kind: '其他' as const, fileName: ' 说明.pdf ' }] };
    const tick = () => Promise.resolve();
    expect(await parseBatchRequest(body, tick)).toEqual(batchPutRequestSchema.parse(body));
    const twice = { ...body, persons: [...persons, persons[0]] };
    const full = batchPutRequestSchema.safeParse(twice);
    await expect(parseBatchRequest(twice, tick)).rejects.toThrow(full.error!.issues[0]!.message);
    const wrong = { ...body, persons: [persons[0], { ...persons[1], fields: { ...persons[1]!.fields, idNumber: 'x'.repeat(201) } }] };
    await expect(parseBatchRequest(wrong, tick)).rejects.toThrow(batchPutRequestSchema.safeParse(wrong).error!.issues[0]!.message);
  });
});

describe('CpuLane', () => {
  it('takes turns between slices and refuses beyond its waiting room', async () => {
    // A clock of our own: each step of work takes 6 ms of it, more than a 5 ms slice, whatever the load.
    let clock = 0;
    const lane = new CpuLane(5, 1, () => clock);
    const order: string[] = [];
    const work = (name: string) =>
      lane.run(async (tick) => {
        for (let i = 0; i < 3; i++) {
          await tick();
          order.push(name);
          clock += 6;
        }
        return name;
      });
    const a = work('a');
    const b = work('b');
    const c = work('c').catch((e: unknown) => e);
    expect(await a).toBe('a');
    expect(await b).toBe('b');
    const refused = (await c) as ApiError;
    expect(refused).toBeInstanceOf(ApiError);
    expect([refused.statusCode, refused.code, refused.headers['retry-after']]).toEqual([503, 'server.busy', '10']);
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
  });
});

describe('a hostile batch on the real server', () => {
  let ts: TestServer;
  let attacker: { token: string };
  let attacker2: { token: string };
  let colleague: { token: string };
  let hostile: BatchPutRequest;

  beforeAll(async () => {
    ts = await startTestServer({ photoSpec: 'guangxi' });
    const dir = await seedDirectory(ts.app);
    const other = await seedDirectory(ts.app, '二');
    attacker = await readyUser(ts, 'unit', { unitId: dir.unit.id });
    attacker2 = await readyUser(ts, 'unit', { unitId: dir.unit.id });
    colleague = await readyUser(ts, 'unit', { unitId: other.unit.id });
    hostile = batchBody(hostilePersons(5000));
  });
  afterAll(() => ts.stop());

  /** GET /me for the colleague every 5 ms while `during` runs: each answer's time in ms. */
  async function pollMe(during: Promise<unknown>): Promise<number[]> {
    let done = false;
    void during.finally(() => (done = true));
    const times: number[] = [];
    while (!done) {
      const t = performance.now();
      const me = await call(ts.url, 'GET', '/api/v1/me', { token: colleague.token });
      times.push(performance.now() - t);
      expect(me.status).toBe(200);
      await new Promise((r) => setTimeout(r, 5));
    }
    return times;
  }

  it('5,000 rows with one ID and 200-character names: 422 in under 2 s, an answer under 1 MB, colleagues answered meanwhile', async () => {
    const text = JSON.stringify(hostile);
    expect(Buffer.byteLength(text)).toBeGreaterThan(3 * MB);
    const t = performance.now();
    const put = call(ts.url, 'PUT', `/api/v1/batches/${newBatchId()}`, { token: attacker.token, raw: text, headers: { 'content-type': 'application/json' } });
    const polled = await pollMe(put);
    const res = await put;
    const ms = performance.now() - t;
    const message = expectError(res, 422, 'batch.invalid_rows');
    const bytes = Buffer.byteLength(res.text);
    const body = res.body as { error: { rows: unknown[]; rowsOmitted: number } };
    const sorted = [...polled].sort((a, b) => a - b);
    console.log(
      `hostile batch: ${(Buffer.byteLength(text) / MB).toFixed(1)} MB sent, 422 in ${ms.toFixed(0)} ms, answer ${(bytes / 1024).toFixed(0)} KB ` +
        `(${body.error.rows.length} rows listed, ${body.error.rowsOmitted} left out); colleague's GET /me meanwhile: ${polled.length} calls, ` +
        `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
    );
    expect(ms).toBeLessThan(2000);
    expect(bytes).toBeLessThan(MB);
    expect(body.error.rows.length + body.error.rowsOmitted).toBe(5000);
    expect(body.error.rowsOmitted).toBeGreaterThan(0);
    expect(message).toContain('批次中有 5000 人未通过服务器检查');
    expect(message).toContain(`另有 ${body.error.rowsOmitted} 人未列出`);
    expect(message.length).toBeLessThan(1000);
    // Answered between the slices of the check, not after it (this machine is shared: a loose bound).
    expect(polled.length).toBeGreaterThan(3);
    expect(sorted.at(-1)!).toBeLessThan(500);

    const t2 = performance.now();
    const me = await call(ts.url, 'GET', '/api/v1/me', { token: colleague.token });
    const meMs = performance.now() - t2;
    console.log(`GET /me after it: ${meMs.toFixed(1)} ms`);
    expect(me.status).toBe(200);
    expect(meMs).toBeLessThan(100);
    expect(await value(ts.app.db, z.number(), 'SELECT COUNT(*) FROM persons')).toBe(0);
  });

  it("the desktop's sync client reads the bounded refusal: the Chinese message says how many are left out", async () => {
    const client = new SyncClient(connectionSettingsSchema.parse({ serverUrl: ts.url, proxy: 'none' }));
    client.token = attacker.token;
    try {
      const e = (await client.putBatch(newBatchId(), hostile).catch((err: unknown) => err)) as SyncError;
      expect(e).toBeInstanceOf(SyncError);
      expect([e.kind, e.code, e.retryable]).toEqual(['refused', 'batch.invalid_rows', false]);
      expect(e.message).toMatch(/批次中有 5000 人未通过服务器检查.*另有 \d+ 人未列出/);
      expect(e.extra.rows!.length).toBeGreaterThan(0);
      expect(e.extra.rows!.length).toBeLessThan(5000);
    } finally {
      client.close();
    }
  });

  it('3-character names: the answer stays small too', async () => {
    const fields = personFields();
    const body = batchBody(Array.from({ length: 5000 }, (_, i) => ({ key: `q${i}`, fields: { ...fields, name: '王小明' }, photo: { sha256: sha256('x'), fileName: 'a.jpg' } })));
    const res = await putBatch(ts.url, attacker.token, newBatchId(), body);
    expectError(res, 422, 'batch.invalid_rows');
    expect(Buffer.byteLength(res.text)).toBeLessThan(MB);
  });

  it('a unit has at most 2 batches checked at once and 6 waiting; one more is a 429 batch.busy with Retry-After', async () => {
    const text = JSON.stringify(hostile);
    const send = (token: string) => call(ts.url, 'PUT', `/api/v1/batches/${newBatchId()}`, { token, raw: text, headers: { 'content-type': 'application/json' } });
    const count = BATCHES_PER_UNIT_AT_ONCE + BATCHES_PER_UNIT_WAITING + 4;
    const answers: Answer[] = await Promise.all(Array.from({ length: count }, (_, i) => send(i % 2 ? attacker2.token : attacker.token)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 422).length).toBeGreaterThanOrEqual(BATCHES_PER_UNIT_AT_ONCE + BATCHES_PER_UNIT_WAITING);
    const busy = answers.find((a) => a.status === 429)!;
    expect(expectError(busy, 429, 'batch.busy')).toContain('正在服务器上检查');
    expect(busy.headers.get('retry-after')).toBe('5');
    // Afterwards the unit may send again.
    expectError(await send(attacker.token), 422, 'batch.invalid_rows');
  });

  it('POST /blobs/missing with 10,000 names (one twice): answered in slices, each listed once', async () => {
    const names = Array.from({ length: 10_000 }, (_, i) => sha256(`blob ${i}`));
    const t = performance.now();
    const res = await call(ts.url, 'POST', '/api/v1/blobs/missing', { token: attacker.token, body: { sha256: [...names.slice(0, 9_999), names[0]] } });
    console.log(`POST /blobs/missing, 10,000 names: ${(performance.now() - t).toFixed(0)} ms, answer ${(res.text.length / 1024).toFixed(0)} KB`);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect((res.body as { missing: string[] }).missing).toEqual(names.slice(0, 9_999));
    expect(res.text.length).toBeLessThan(MB);
  });

  it('a reviewer still cannot send a batch, and nobody without a token', async () => {
    const small = JSON.stringify(batchBody(hostilePersons(3)));
    const dir = await seedDirectory(ts.app, '三');
    const reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
    expectError(await call(ts.url, 'PUT', `/api/v1/batches/${newBatchId()}`, { token: reviewer.token, raw: small, headers: { 'content-type': 'application/json' } }), 403, 'auth.forbidden');
    expectError(await call(ts.url, 'PUT', `/api/v1/batches/${newBatchId()}`, { raw: small, headers: { 'content-type': 'application/json' } }), 401, 'auth.token_missing');
  });
});

describe('overload', () => {
  it('answers 503 server.busy with Retry-After and a Chinese message, but /healthz', async () => {
    const ts = await startTestServer({}, { overload: { maxHeapUsedBytes: 1, sampleIntervalMs: 10, retryAfterSeconds: 7 } }, (app) => {
      if (!app.hasRoute({ method: 'GET', url: '/healthz' })) app.get('/healthz', { config: { access: 'public' } }, () => ({ status: 'ok' }));
    });
    try {
      await new Promise((r) => setTimeout(r, 100));
      const res = await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: 'x', password: 'y' } });
      expect(expectError(res, 503, 'server.busy')).toContain('太忙');
      expect(res.headers.get('retry-after')).toBe('7');
      // The token check (cheap) comes first; then the refusal.
      expectError(await call(ts.url, 'GET', '/api/v1/me'), 401, 'auth.token_missing');
      const health = await call(ts.url, 'GET', '/healthz');
      expect(health.status).not.toBe(503);
    } finally {
      await ts.stop();
    }
  });
});

describe('KeyGate', () => {
  it('lets 2 run per key, queues 2 more in order, refuses the next; other keys are independent', async () => {
    const gate = new KeyGate<string>(2, 2);
    const order: string[] = [];
    const a = await gate.enter('u')!;
    const b = await gate.enter('u')!;
    const c = gate.enter('u')!.then((leave) => (order.push('c'), leave));
    const d = gate.enter('u')!.then((leave) => (order.push('d'), leave));
    expect(gate.enter('u')).toBeUndefined();
    expect(gate.load('u')).toBe(4);
    const other = await gate.enter('v')!;
    other();
    a();
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect(gate.load('u')).toBe(0);
    expect(gate.enter('u')).toBeDefined();
  });
});
