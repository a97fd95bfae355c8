import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRows } from '../../src-server/db/sql.js';
import { call, expectError, readyUser, seedDirectory, serverTempDir, startTestServer, type TestServer } from './server-helpers.js';

/** HEAD/PUT /api/v1/blobs/:sha256 on the real server over HTTP. */
let ts: TestServer;
let unitA: { token: string };
let unitB: { token: string };
let reviewer: { token: string };
let jpeg: Buffer;
const sha = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

beforeAll(async () => {
  ts = await startTestServer({ blobBodyLimit: 64 * 1024 });
  const a = await seedDirectory(ts.app, 'A');
  const b = await seedDirectory(ts.app, 'B');
  unitA = await readyUser(ts, 'unit', { unitId: a.unit.id });
  unitB = await readyUser(ts, 'unit', { unitId: b.unit.id });
  reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: a.county.id });
  jpeg = await sharp({ create: { width: 90, height: 120, channels: 3, background: '#d81e06' } }).jpeg().toBuffer();
});
afterAll(() => ts.stop());

const put = (token: string, name: string, bytes: Uint8Array, type = 'application/octet-stream') =>
  call(ts.url, 'PUT', `/api/v1/blobs/${name}`, { token, raw: bytes, headers: { 'content-type': type } });
const head = (token: string, name: string) => call(ts.url, 'HEAD', `/api/v1/blobs/${name}`, { token });

describe('blobs', () => {
  it('stores a photo under its SHA-256, once, and says so; a repeat is a success that changes nothing', async () => {
    const name = sha(jpeg);
    expect((await head(unitA.token, name)).status).toBe(404);
    const first = await put(unitA.token, name, jpeg);
    expect(first.status, first.text).toBe(201);
    expect(first.body).toEqual({ sha256: name, size: jpeg.length, mime: 'image/jpeg', created: true });
    expect((await head(unitA.token, name)).status).toBe(200);
    const again = await put(unitA.token, name, jpeg);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false });
    expect(fs.readFileSync(path.join(ts.config.blobDir, name.slice(0, 2), name))).toEqual(jpeg);
    expect((await rawRows(ts.app.db, 'SELECT COUNT(*) AS c FROM blobs WHERE sha256 = ?', [name]))[0]!['c']).toBe(1);
  });

  it('another unit does not see A’s upload until it uploads the same bytes itself; the file is kept once', async () => {
    const name = sha(jpeg);
    expect((await head(unitB.token, name)).status).toBe(404);
    expect((await put(unitB.token, name, jpeg)).status).toBe(201);
    expect((await head(unitB.token, name)).status).toBe(200);
    expect((await rawRows(ts.app.db, 'SELECT COUNT(*) AS c FROM blob_owners WHERE sha256 = ?', [name]))[0]!['c']).toBe(2);
  });

  it('accepts PDFs; refuses bytes that do not match their name, the wrong type, an empty body, a bad name', async () => {
    expect((await put(unitA.token, sha(PDF), PDF)).body).toMatchObject({ mime: 'application/pdf' });
    const damaged = Buffer.from(jpeg);
    const at = damaged.length - 10;
    damaged.writeUInt8(damaged.readUInt8(at) ^ 0xff, at);
    expectError(await put(unitA.token, sha(jpeg), damaged), 400, 'blob.hash_mismatch');
    const text = Buffer.from('这是一个改名为 .jpg 的文本文件');
    expectError(await put(unitA.token, sha(text), text), 415, 'blob.wrong_type');
    // A PDF claimed to be a JPEG: the bytes decide; the name of a file never reaches the server.
    expect((await put(unitA.token, sha(PDF), PDF, 'application/octet-stream')).body).toMatchObject({ mime: 'application/pdf' });
    // A path-like name: encoded it reaches the route and is refused; plain, the URL never matches it.
    expectError(await put(unitA.token, '..%2F..%2Fetc%2Fpasswd', jpeg), 400, 'blob.bad_name');
    expectError(await put(unitA.token, '../../etc/passwd', jpeg), 404, 'not_found');
    expectError(await put(unitA.token, sha(jpeg).toUpperCase(), jpeg), 400, 'blob.bad_name');
    expectError(await put(unitA.token, sha(Buffer.alloc(0)), Buffer.alloc(0)), 400, 'blob.empty');
    expect((await rawRows(ts.app.db, 'SELECT COUNT(*) AS c FROM blobs', []))[0]!['c']).toBe(2);
  });

  it('refuses an oversized upload with 413, JSON to the wrong content type, and anyone but a unit', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(70 * 1024)]);
    expectError(await put(unitA.token, sha(big), big), 413, 'request.too_large');
    expect(fs.existsSync(path.join(ts.config.blobDir, sha(big).slice(0, 2), sha(big)))).toBe(false);
    expectError(await call(ts.url, 'PUT', `/api/v1/blobs/${sha(jpeg)}`, { token: unitA.token, body: { x: 1 } }), 415, 'request.unsupported_media_type');
    expectError(await put(reviewer.token, sha(jpeg), jpeg), 403, 'auth.forbidden');
    expectError(await put('not-a-token', sha(jpeg), jpeg), 401, 'auth.token_invalid');
    expect((await head(reviewer.token, sha(jpeg))).status).toBe(403);
  });

  it('answers in one request which of many files the unit still has to upload', async () => {
    const other = await sharp({ create: { width: 90, height: 120, channels: 3, background: '#0000ff' } }).png().toBuffer();
    const ask = (token: string, list: string[]) => call(ts.url, 'POST', '/api/v1/blobs/missing', { token, body: { sha256: list } });
    const res = await ask(unitA.token, [sha(jpeg), sha(other), sha(jpeg)]);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ missing: [sha(other)] });
    expect((await ask(unitB.token, [sha(PDF)])).body).toEqual({ missing: [sha(PDF)] });
    expectError(await ask(unitA.token, ['../x']), 400, 'request.invalid');
    expectError(await ask(reviewer.token, [sha(jpeg)]), 403, 'auth.forbidden');
  });

  it('keeps the files in the blob folder given from outside (BLOB_DIR), not in the data folder', async () => {
    const outside = path.join(serverTempDir(), 'shared-blobs');
    const other = await startTestServer({ blobDir: outside });
    try {
      const u = await readyUser(other, 'unit', { unitId: (await seedDirectory(other.app)).unit.id });
      const res = await call(other.url, 'PUT', `/api/v1/blobs/${sha(jpeg)}`, { token: u.token, raw: jpeg, headers: { 'content-type': 'application/octet-stream' } });
      expect(res.status, res.text).toBe(201);
      expect(fs.readFileSync(path.join(outside, sha(jpeg).slice(0, 2), sha(jpeg)))).toEqual(jpeg);
      expect(fs.existsSync(path.join(other.config.dataDir, 'blobs'))).toBe(false);
      expect((await call(other.url, 'HEAD', `/api/v1/blobs/${sha(jpeg)}`, { token: u.token })).status).toBe(200);
    } finally {
      await other.stop();
    }
  });
});
