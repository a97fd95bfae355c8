import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import { makeHandlers } from '../helpers/desktop-handlers.js';
import { startWebBridge, type WebBridge } from '../../src-main/web-bridge.js';
import { prepareDesktopBatch, type DesktopBatch } from '../helpers/desktop-batch.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * The desktop-api over the web bridge, against a real data folder: what the renderer will call in a
 * browser. Every answer is a Result; bad input, a missing token, a foreign Host or Origin are refused.
 */
const root = tempDir('zfbm-bridge-');
const data = path.join(root, 'desk');
let db: Db;
let bridge: WebBridge;
let batch: DesktopBatch;
const logged: string[] = [];

beforeAll(async () => {
  batch = await prepareDesktopBatch(data, 3, (i) => ({ name: ['赵甲', '钱乙', '孙丙'][i]! }));
  db = openStore(data);
  const handlers = makeHandlers(db, data, (m) => logged.push(m));
  bridge = await startWebBridge(handlers);
});
afterAll(async () => {
  await bridge.close();
  db.close();
});

function post(method: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const u = new URL(`/api/${method}`, bridge.url);
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'x-zfbm-token': bridge.token, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

const CHINESE = /[\u4e00-\u9fff]/;

describe('web bridge', () => {
  it('lists batches and pages through people, filtered by ID prefix or name', async () => {
    const batches = await post('batches.list', {});
    expect(batches.body).toMatchObject({ ok: true, value: [{ id: batch.batchId, persons: 3, invalid: 0 }] });
    const page = await post('persons.query', { batchId: batch.batchId, limit: 2 });
    expect(page.body.ok).toBe(true);
    expect(page.body.value).toMatchObject({ total: 3, rows: [{ name: '赵甲' }, { name: '钱乙' }] });
    const byId = await post('persons.query', { text: batch.idNumbers[2]!.slice(0, 16) });
    expect((byId.body.value as { rows: Array<{ name: string }> }).rows.map((r) => r.name)).toContain('孙丙');
    const byName = await post('persons.query', { text: '乙' });
    expect(byName.body.value).toMatchObject({ total: 1, rows: [{ name: '钱乙' }] });
  });

  it('shows one person with photo and findings, and an edit runs the rules again', async () => {
    const id = batch.personIds[0]!;
    const one = await post('persons.get', { personId: id });
    expect(one.body).toMatchObject({ ok: true, value: { name: '赵甲', photo: { fileName: expect.stringMatching(/\.jpg$/) }, reviewRecords: [] } });
    const bad = await post('persons.update', { personId: id, fields: { idNumber: '11010519491231002' } });
    expect(bad.body.ok).toBe(true);
    expect((bad.body.value as { errorCount: number; issues: Array<{ code: string }> }).issues.map((i) => i.code)).toContain('id.format');
  });

  it('answers bad input and errors as data with a Chinese message, never a throw', async () => {
    const wrongType = await post('persons.get', { personId: 'abc' });
    expect(wrongType.status).toBe(200);
    expect(wrongType.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(wrongType.body.error!.message).toMatch(CHINESE);
    const missing = await post('persons.get', { personId: 999999 });
    expect(missing.body).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(missing.body.error!.message).toMatch(CHINESE);
    const notReady = await post('sync.submit', { batchId: batch.batchId });
    expect(notReady.body).toMatchObject({ ok: false, error: { code: 'not_ready' } });
    expect(notReady.body.error!.message).toMatch(/还有错误/);
    const unknown = await post('persons.explode', {});
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect((await post('batches.list', '{not json')).status).toBe(400);
    expect(logged).toEqual([]);
  });

  it('refuses a missing or wrong token, a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await post('batches.list', {}, { 'x-zfbm-token': '' })).status).toBe(401);
    expect((await post('batches.list', {}, { 'x-zfbm-token': 'x'.repeat(32) })).status).toBe(401);
    expect((await post('batches.list', {}, { host: 'evil.example:80' })).status).toBe(403);
    expect((await post('batches.list', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('batches.list', {}, { origin: bridge.url })).status).toBe(200);
  });
});
