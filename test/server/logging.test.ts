import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions, maskIdNumbers, safeUrl, serializeError } from '../../src-server/logging.js';
import { ApiError } from '../../src-server/errors.js';
import { call, login, readyUser, seedDirectory, startTestServer, type TestServer } from './server-helpers.js';
import { draftPersons, submitNewBatch } from './sync-helpers.js';

/** Issue 13: the server's log has request ids and never a password, a token or an ID number. */

describe('log-safe URLs and errors', () => {
  it('hides ID numbers in paths and every query value but plain ids, cursors and dates', () => {
    expect(safeUrl('/api/v1/changes?since=12&limit=500')).toBe('/api/v1/changes?since=12&limit=500');
    expect(safeUrl('/api/v1/review/pending?batchId=3&idNumber=11010519491231002X')).toBe('/api/v1/review/pending?batchId=3&idNumber=[redacted]');
    expect(safeUrl('/api/v1/admin/records/exam-scores/preview?fileName=%E5%BC%A0%E4%B8%89.xlsx')).toBe('/api/v1/admin/records/exam-scores/preview?fileName=[redacted]');
    expect(safeUrl('/api/v1/persons/110105194912310029/x')).toBe('/api/v1/persons/[redacted]/x');
    expect(safeUrl('/api/v1/persons/%31%31%30%31%30%35%31%39%34%39%31%32%33%31%30%30%32%39')).toBe('/api/v1/persons/[redacted]');
    expect(safeUrl('/x?batchId=110105194912310029')).toBe('/x?batchId=[redacted]');
    expect(safeUrl('/x?token=abc&flag')).toBe('/x?token=[redacted]&flag');
    // A content hash is not an ID number, even with long runs of digits inside.
    const hash = 'ab'.padEnd(64, '0');
    expect(safeUrl(`/api/v1/blobs/${hash}`)).toBe(`/api/v1/blobs/${hash}`);
    expect(maskIdNumbers('身份证号 110105491231002 重复')).toBe('身份证号 [redacted] 重复');
  });

  it('logs of an error only its kind, code, status, message and stack, ID numbers hidden', () => {
    const e = Object.assign(new Error('bad row 11010519491231002X'), { code: 'X', statusCode: 500, rows: [{ idNumber: '11010519491231002X' }] });
    const s = serializeError(e);
    expect(JSON.stringify(s)).not.toContain('11010519491231002X');
    expect(s).toMatchObject({ type: 'Error', message: 'bad row [redacted]', code: 'X', statusCode: 500 });
    expect(s).not.toHaveProperty('rows');
  });
});

describe('the log of a working server', () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer({ photoSpec: 'guangxi' }, { logger: { ...loggerOptions({ logLevel: 'trace' }), stream } }, (app) => {
      app.get('/api/v1/test-fault', { config: { access: 'public' } }, () => {
        throw new Error('Kaputt beim Prüfen von 11010519491231002X');
      });
      app.get('/api/v1/test-refusal', { config: { access: 'public' } }, () => {
        throw new ApiError(503, 'internal', '内部错误 11010519491231002X');
      });
    });
  });
  afterAll(() => ts.stop());

  it('has request ids, and no password, token or ID number after logins, a batch and odd URLs', async () => {
    const { unit } = await seedDirectory(ts.app);
    const clerk = await readyUser(ts, 'unit', { unitId: unit.id });
    const token = await login(ts.url, clerk.username, clerk.password);
    const wrong = await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: clerk.username, password: 'Wrong-Secret-123' } });
    expect(wrong.status).toBe(401);

    const drafts = await draftPersons(2);
    const ids = drafts.map((d) => d.person.fields.idNumber);
    await submitNewBatch(ts.url, token, drafts);
    await call(ts.url, 'GET', `/api/v1/review/pending?idNumber=${ids[0]}`, { token });
    await call(ts.url, 'GET', `/api/v1/no-such/${ids[1]}?since=0`, { token });
    await call(ts.url, 'GET', `/api/v1/changes?since=0&idNumber=${ids[1]}`, { token });
    expect((await call(ts.url, 'GET', '/api/v1/test-fault')).status).toBe(500);
    expect((await call(ts.url, 'GET', '/api/v1/test-refusal')).status).toBe(503);

    const text = lines.join('\n');
    const parsed = lines.map((l) => JSON.parse(l) as { reqId?: string; msg?: string; req?: { url?: string } });
    expect(parsed.filter((l) => l.msg === 'incoming request').length).toBeGreaterThan(8);
    for (const l of parsed.filter((p) => p.msg === 'incoming request' || p.msg === 'request completed')) expect(l.reqId).toBeTruthy();
    expect(parsed.some((l) => l.req?.url === '/api/v1/review/pending?idNumber=[redacted]')).toBe(true);
    expect(text).toContain('[redacted]');
    for (const secret of [clerk.password, 'Wrong-Secret-123', token, clerk.token, ...ids]) expect(text, secret).not.toContain(secret);
    expect(text).not.toMatch(/Bearer /i);
    // The fault itself is logged, with its stack, but not the number.
    expect(text).toContain('Kaputt beim Prüfen von [redacted]');
  });
});
