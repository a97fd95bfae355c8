import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src-server/logging.js';
import { CLIENT_ERRORS_PER_MINUTE } from '../../src-server/routes/client-error-routes.js';
import { call, expectError, login, readyUser, seedDirectory, seedUser, startTestServer, type TestServer } from './server-helpers.js';

/**
 * POST /api/v1/console/client-errors (issue 16): what goes wrong in the reviewer's console page lands
 * in the server's log at warn, with who was signed in; only reviewers and administrators may send,
 * a report is a few KB at most, and one session gets 30 lines a minute.
 */
const ROUTE = '/api/v1/console/client-errors';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  user?: string;
  role?: string;
  dropped?: number;
  clientError?: { kind: string; message: string; stack: string; where: string };
}

describe('console client-error reports', () => {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as LogLine);
      done();
    },
  });
  const reports = () => lines.filter((l) => l.clientError);
  let ts: TestServer;
  let reviewer: { username: string; password: string; token: string };
  let admin: { username: string; token: string };
  let unit: { token: string };

  beforeAll(async () => {
    ts = await startTestServer({}, { logger: { ...loggerOptions({ logLevel: 'warn' }), stream } });
    const { county, unit: u } = await seedDirectory(ts.app);
    reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: county.id });
    admin = await readyUser(ts, 'admin');
    unit = await readyUser(ts, 'unit', { unitId: u.id });
  });
  afterAll(() => ts.stop());
  beforeEach(() => {
    lines.length = 0;
  });

  it('logs a reviewer’s render error at warn with the user and the report, ID numbers hidden, and answers only ok', async () => {
    const report = {
      kind: 'render',
      message: 'RangeError: Invalid time value (身份证号 11010519491231002X)',
      stack: 'RangeError: Invalid time value\n    at chinaMinute (index-abc.js:1:200)',
      where: 'page queue\nat QueuePage\nat ConsoleShell',
    };
    const res = await call(ts.url, 'POST', ROUTE, { token: reviewer.token, body: report });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect(reports()).toHaveLength(1);
    const line = reports()[0]!;
    expect(line.level).toBe(40);
    expect(line.reqId).toBeTruthy();
    expect(line).toMatchObject({ user: reviewer.username, role: 'reviewer', msg: 'console render error: RangeError: Invalid time value (身份证号 [redacted])' });
    expect(line.clientError).toEqual({ ...report, message: 'RangeError: Invalid time value (身份证号 [redacted])' });
    expect(JSON.stringify(lines)).not.toContain('11010519491231002X');
  });

  it('takes an administrator’s report too, with stack and where left out', async () => {
    const res = await call(ts.url, 'POST', ROUTE, { token: admin.token, body: { kind: 'rejection', message: 'TypeError: Failed to fetch' } });
    expect(res.status, res.text).toBe(200);
    expect(reports().map((l) => [l.user, l.role, l.clientError])).toEqual([[admin.username, 'admin', { kind: 'rejection', message: 'TypeError: Failed to fetch', stack: '', where: '' }]]);
  });

  it('refuses nobody, a unit and an account that must still change its password, and logs nothing for them', async () => {
    const body = { kind: 'error', message: 'x' };
    expectError(await call(ts.url, 'POST', ROUTE, { body }), 401, 'auth.token_missing');
    expectError(await call(ts.url, 'POST', ROUTE, { token: 'not-a-token', body }), 401, 'auth.token_invalid');
    expectError(await call(ts.url, 'POST', ROUTE, { token: unit.token, body }), 403, 'auth.forbidden');
    const fresh = await seedUser(ts.app, 'reviewer', { jurisdictionId: (await seedDirectory(ts.app, '2')).county.id });
    const firstToken = await login(ts.url, fresh.username, fresh.password);
    expectError(await call(ts.url, 'POST', ROUTE, { token: firstToken, body }), 403, 'auth.must_change_password');
    expect(reports()).toEqual([]);
  });

  it('refuses a body over 16 KB and a report the schema does not allow, in Chinese', async () => {
    // Within the schema's lengths, but 17,000 bytes as UTF-8.
    const big = { kind: 'error', message: '错'.repeat(1_000), stack: 'y'.repeat(8_000), where: '错'.repeat(2_000) };
    expectError(await call(ts.url, 'POST', ROUTE, { token: reviewer.token, body: big }), 413, 'request.too_large');
    expectError(await call(ts.url, 'POST', ROUTE, { token: reviewer.token, body: { kind: 'crash', message: 'x' } }), 400, 'request.invalid');
    expectError(await call(ts.url, 'POST', ROUTE, { token: reviewer.token, body: { kind: 'error', message: 'm'.repeat(2_001) } }), 400, 'request.invalid');
    expectError(await call(ts.url, 'POST', ROUTE, { token: reviewer.token, body: { kind: 'error' } }), 400, 'request.invalid');
    expect(reports()).toEqual([]);
  });

  it('logs 30 reports a minute per session, then counts the rest and says how many when the minute is over', async () => {
    const session = await login(ts.url, reviewer.username, reviewer.password);
    const other = await login(ts.url, reviewer.username, reviewer.password);
    const send = (token: string, n: number) => call(ts.url, 'POST', ROUTE, { token, body: { kind: 'error', message: `loop ${n}` } });
    for (let n = 1; n <= CLIENT_ERRORS_PER_MINUTE + 5; n++) expect((await send(session, n)).body).toEqual({ ok: true });
    expect(reports()).toHaveLength(CLIENT_ERRORS_PER_MINUTE);
    expect(reports().at(-1)!.clientError!.message).toBe(`loop ${CLIENT_ERRORS_PER_MINUTE}`);

    // Another session of the same account has a minute of its own.
    await send(other, 1);
    expect(reports()).toHaveLength(CLIENT_ERRORS_PER_MINUTE + 1);

    ts.clock.advance(60_000);
    lines.length = 0;
    await send(session, 99);
    expect(lines.find((l) => l.dropped !== undefined)).toMatchObject({ user: reviewer.username, dropped: 5 });
    expect(reports().map((l) => l.clientError!.message)).toEqual(['loop 99']);
  });
});
