import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src-server/logging.js';
import { call, readyUser, seedDirectory, startTestServer, type TestServer } from './server-helpers.js';
import { PDF_BYTES, sha256, uploadBlob } from './sync-helpers.js';

/** Issue 15: a client that drops the connection half-way through a request leaves one warn line. */

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { url?: string };
  aborted?: { method: string; url: string; user?: string; userId?: number; unitId?: number; receivedBytes: number; contentLength: number | null };
}

const lines: LogLine[] = [];
const stream = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as LogLine);
    done();
  },
});
let ts: TestServer;
let clerk: { username: string; token: string; id: number };
let unitId: number;

beforeAll(async () => {
  ts = await startTestServer({ logLevel: 'info' }, { logger: { ...loggerOptions({ logLevel: 'info' }), stream } }, (app) => {
    app.get('/api/v1/test-slow', { config: { access: 'public' } }, async () => {
      await sleep(1000);
      return { ok: true };
    });
  });
  unitId = (await seedDirectory(ts.app)).unit.id;
  clerk = await readyUser(ts, 'unit', { unitId });
});
afterAll(() => ts.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the head of a request and `body` on a raw socket, waits for it to arrive, then drops the connection. */
async function sendAndDrop(head: string, body: Buffer): Promise<void> {
  const { port } = new URL(ts.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(head);
  if (body.length > 0) socket.write(body);
  await sleep(500);
  socket.destroy();
}

async function abortLine(url: string): Promise<LogLine> {
  for (let i = 0; i < 100; i++) {
    const line = lines.find((l) => l.aborted?.url === url);
    if (line) return line;
    await sleep(20);
  }
  throw new Error(`no aborted-request line for ${url}; log:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`);
}

describe('a request cut off by the client', () => {
  it('an upload cut half-way: one warn line with who, what and how many of the announced bytes arrived', async () => {
    const file = randomBytes(200_000);
    const url = `/api/v1/blobs/${sha256(file)}`;
    await sendAndDrop(
      `PUT ${url}?note=11010519491231002X HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${clerk.token}\r\n` +
        `Content-Type: application/octet-stream\r\nContent-Length: ${file.length}\r\n\r\n`,
      file.subarray(0, 100_000),
    );
    const line = await abortLine(url);
    expect(line.level).toBe(40);
    expect(line.aborted).toEqual({ method: 'PUT', url, user: clerk.username, userId: clerk.id, unitId, receivedBytes: 100_000, contentLength: 200_000 });
    expect(line.msg).toContain(`PUT ${url}`);
    expect(line.msg).toContain('100000 of 200000');
    // The same request id as its "incoming request" line; the query (which may hold anything) is not repeated.
    expect(lines.find((l) => l.msg === 'incoming request' && l.reqId === line.reqId)?.req?.url).toBe(`${url}?note=[redacted]`);
    expect(JSON.stringify(line)).not.toContain(clerk.token);
    // The one line about it: not also a "request refused" with the parser's "aborted" error.
    expect(lines.filter((l) => l.reqId === line.reqId).map((l) => l.msg)).toEqual(['incoming request', line.msg]);
    // Nothing of it was stored, and the server goes on serving.
    expect((await call(ts.url, 'HEAD', url, { token: clerk.token })).status).toBe(404);
    await uploadBlob(ts.url, clerk.token, PDF_BYTES);
  });

  it('a request dropped right after its headers, by someone not signed in: no user, nothing received', async () => {
    const url = '/api/v1/auth/login';
    await sendAndDrop(`POST ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n`, Buffer.alloc(0));
    const line = await abortLine(url);
    expect(line.level).toBe(40);
    expect(line.aborted).toEqual({ method: 'POST', url, receivedBytes: 0, contentLength: 60 });
  });

  it('a client that leaves before the answer, its request complete, is an info line, not a warning', async () => {
    const url = '/api/v1/test-slow';
    await sendAndDrop(`GET ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, Buffer.alloc(0));
    const line = await abortLine(url);
    expect(line.level).toBe(30);
    expect(line.aborted).toEqual({ method: 'GET', url, receivedBytes: 0, contentLength: null });
  });

  it('complete requests leave no such line', async () => {
    const before = lines.length;
    const name = await uploadBlob(ts.url, clerk.token, Buffer.concat([PDF_BYTES, randomBytes(200_000)]));
    await sleep(100);
    expect(lines.slice(before).some((l) => l.aborted !== undefined), name).toBe(false);
  });
});
