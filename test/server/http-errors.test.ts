import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectError, readyUser, seedDirectory, startTestServer, type TestServer } from './server-helpers.js';

let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer({ jsonBodyLimit: 64 * 1024 }, {}, (app) => {
    // Test-only routes for the hooks and handlers every future route relies on.
    app.get('/api/v1/test/boom', { config: { access: 'public' } }, async () => {
      throw new Error('secret internal detail /srv/zfbm/app.ts:42');
    });
    app.get('/api/v1/test/admins-only', { config: { access: ['admin'] } }, async () => ({ ok: true }));
    app.get('/api/v1/test/default-access', async () => ({ ok: true }));
  });
});
afterAll(() => ts.stop());

/** Sends a raw HTTP request (fetch cannot send a bad Content-Length or a chunked body of our choosing). */
function rawRequest(url: string, options: http.RequestOptions, body?: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, options, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

describe('bad requests', () => {
  it('answers malformed JSON with 400 in Chinese', async () => {
    const res = await call(ts.url, 'POST', '/api/v1/auth/login', { raw: '{"username": "a", ', headers: { 'content-type': 'application/json' } });
    expect(expectError(res, 400, 'request.invalid_json')).toContain('不是有效的 JSON');
  });

  it('refuses prototype poisoning as malformed JSON', async () => {
    const res = await call(ts.url, 'POST', '/api/v1/auth/login', {
      raw: '{"username":"a","password":"b","__proto__":{"admin":true}}',
      headers: { 'content-type': 'application/json' },
    });
    expectError(res, 400, 'request.invalid_json');
  });

  it('answers a body over the limit with 413, whether or not Content-Length announces it', async () => {
    const big = JSON.stringify({ username: 'a', password: 'x'.repeat(100 * 1024) });
    const res = await call(ts.url, 'POST', '/api/v1/auth/login', { raw: big, headers: { 'content-type': 'application/json' } });
    expect(expectError(res, 413, 'request.too_large')).toContain('64 KB');

    const chunked = await rawRequest(
      ts.url + '/api/v1/auth/login',
      { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      big,
    );
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ error: { code: 'request.too_large' } });
  });

  it('answers a Content-Length that does not match the body with 400', async () => {
    const res = await rawRequest(
      ts.url + '/api/v1/auth/login',
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '5' } },
      '{"a":1}',
    ).catch(() => null);
    // Node's parser may already cut the connection; if an answer comes, it is a 400 in Chinese.
    if (res) {
      expect(res.status).toBe(400);
      expect(res.body).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('answers an unsupported Content-Type with 415', async () => {
    const res = await call(ts.url, 'POST', '/api/v1/auth/login', { raw: '<login/>', headers: { 'content-type': 'application/xml' } });
    expect(expectError(res, 415, 'request.unsupported_media_type')).toContain('application/json');
  });

  it('answers text or no body where a JSON object is expected with 400', async () => {
    expectError(await call(ts.url, 'POST', '/api/v1/auth/login', { raw: 'username=a', headers: { 'content-type': 'text/plain' } }), 400, 'request.invalid');
    expectError(await call(ts.url, 'POST', '/api/v1/auth/login'), 400, 'request.invalid');
  });

  it('answers an unknown route with 404 JSON in Chinese', async () => {
    const res = await call(ts.url, 'GET', '/api/v1/no-such-thing?x=1');
    expect(expectError(res, 404, 'not_found')).toContain('/api/v1/no-such-thing');
    expectError(await call(ts.url, 'DELETE', '/api/v1/auth/login'), 404, 'not_found');
    expectError(await call(ts.url, 'GET', '/no-such-page'), 404, 'not_found');
  });

  it('answers a malformed URL with 400', async () => {
    const res = await rawRequest(ts.url + '/api/v1/%E0%A4%A', { method: 'GET' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'request.bad_url' } });
  });
});

describe('server faults and roles', () => {
  it('answers an internal error with a generic 500 that leaks nothing', async () => {
    const res = await call(ts.url, 'GET', '/api/v1/test/boom');
    const msg = expectError(res, 500, 'internal');
    expect(msg).toMatch(/编号 req-/);
    expect(res.text).not.toContain('secret');
    expect(res.text).not.toContain('app.ts');
    expect(res.text).not.toContain('stack');
  });

  it('answers 403 to a role the route is not for, and treats a route without a rule as signed-in only', async () => {
    const d = await seedDirectory(ts.app);
    const unit = await readyUser(ts, 'unit', { unitId: d.unit.id });
    const admin = await readyUser(ts, 'admin');
    expect(expectError(await call(ts.url, 'GET', '/api/v1/test/admins-only', { token: unit.token }), 403, 'auth.forbidden')).toContain('权限');
    expect((await call(ts.url, 'GET', '/api/v1/test/admins-only', { token: admin.token })).status).toBe(200);
    expectError(await call(ts.url, 'GET', '/api/v1/test/default-access'), 401, 'auth.token_missing');
    expect((await call(ts.url, 'GET', '/api/v1/test/default-access', { token: unit.token })).status).toBe(200);
  });

  it('checks the token before reading a body: no token, no 413', async () => {
    const res = await call(ts.url, 'POST', '/api/v1/auth/change-password', {
      raw: JSON.stringify({ oldPassword: 'x'.repeat(100 * 1024), newPassword: 'y' }),
      headers: { 'content-type': 'application/json' },
    });
    expectError(res, 401, 'auth.token_missing');
  });
});

describe('graceful close', () => {
  it('finishes a request in flight before closing the store', async () => {
    let markEntered!: () => void;
    const entered = new Promise<void>((r) => (markEntered = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const own = await startTestServer({}, {}, (app) => {
      app.get('/api/v1/test/slow', { config: { access: 'public' } }, async () => {
        markEntered();
        await gate;
        return { done: true };
      });
    });
    try {
      const slow = call(own.url, 'GET', '/api/v1/test/slow');
      await entered;
      const closed = own.app.close();
      await new Promise((r) => setTimeout(r, 100));
      expect(own.app.store.isClosed()).toBe(false); // still serving the request in flight
      release();
      const res = await slow;
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ done: true });
      await closed;
      expect(own.app.store.isClosed()).toBe(true);
    } finally {
      release();
      await own.stop();
    }
  });
});
