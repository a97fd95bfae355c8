import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './server-helpers.js';

/**
 * The reviewer's console as the server serves it (issue 8): the page and its hashed assets without a
 * token, hardened headers, nothing outside the console folder, and a Chinese page when it was never
 * built. (The page's behaviour is tested in Chromium: test/e2e/console.spec.ts.)
 */
describe('console pages', () => {
  let ts: TestServer;
  let bare: TestServer;
  const consoleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-console-dir-'));

  beforeAll(async () => {
    fs.mkdirSync(path.join(consoleDir, 'assets'));
    fs.writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>审核控制台</title><div id="root"></div>');
    fs.writeFileSync(path.join(consoleDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(consoleDir, 'secret.txt'), 'not an asset');
    ts = await startTestServer({}, { consoleDir });
    bare = await startTestServer({}, { consoleDir: path.join(consoleDir, 'missing') });
  });
  afterAll(async () => {
    await ts.stop();
    await bare.stop();
    fs.rmSync(consoleDir, { recursive: true, force: true });
  });

  it('sends the page without a token, with a strict CSP and no framing', async () => {
    const res = await call(ts.url, 'GET', '/console/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('审核控制台');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('sends hashed assets for good and redirects / and /console to the page', async () => {
    const asset = await call(ts.url, 'GET', '/console/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    for (const from of ['/', '/console']) {
      const res = await fetch(ts.url + from, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/console/');
    }
  });

  it('serves nothing outside the console folder, and no other file of it', async () => {
    for (const url of ['/console/assets/../secret.txt', '/console/assets/%2e%2e/secret.txt', '/console/assets/..%2f..%2fpackage.json', '/console/secret.txt', '/console/assets/missing.js']) {
      const res = await call(ts.url, 'GET', url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(res.text, url).not.toContain('not an asset');
    }
  });

  it('says in Chinese how to build the page when it was never built, and the API still works', async () => {
    const res = await call(bare.url, 'GET', '/console/');
    expect(res.status).toBe(503);
    expect(res.text).toContain('npm run build:console');
    const api = await call(bare.url, 'GET', '/api/v1/me');
    expect(api.status).toBe(401);
  });
});
