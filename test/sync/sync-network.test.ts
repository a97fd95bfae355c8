import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { value } from '../../src-server/db/sql.js';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src-server/app.js';
import { defaultConfig } from '../../src-server/config.js';
import { openStore } from '../../src-main/store/open-store.js';
import { seedDirectory, seedUser } from '../server/server-helpers.js';
import { prepareDesktopBatch } from '../helpers/desktop-batch.js';
import { runCli, runCliWithInput } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

/**
 * A push over a bad network, through a TCP proxy on 127.0.0.1: the server stopped in the middle and
 * started again, a cable cut mid-upload, a trickle of bandwidth. Each time the push completes on its
 * own, the server holds one copy, and nothing the server had already stored is sent again.
 */
const root = tempDir('zfbm-sync-net-');
const serverData = path.join(root, 'server');
const data = path.join(root, 'desk');
let app: FastifyInstance;
let proxy: TcpProxy;
let stored = 0;
let resent = 0;
let onStored: (() => void) | undefined;

async function startServer(): Promise<FastifyInstance> {
  const a = await buildServer(defaultConfig(serverData, { port: 0, host: '127.0.0.1', logLevel: 'silent', photoSpec: 'guangxi' }), {
    logger: false,
    // The desktop's side runs in this process too: its synchronous work is not the server's overload.
    overload: { maxEventLoopDelayMs: 0 },
  });
  a.addHook('onResponse', async (request, reply) => {
    if (request.method === 'PUT' && request.url.startsWith('/api/v1/blobs/')) {
      if (reply.statusCode === 200) resent++;
      if (reply.statusCode === 201) {
        stored++;
        onStored?.();
      }
    }
  });
  await a.listen({ port: 0, host: '127.0.0.1' });
  return a;
}
const port = (a: FastifyInstance) => (a.server.address() as { port: number }).port;

function desktopState(batchId: string) {
  const db = openStore(data);
  try {
    return {
      persons: db.prepare('SELECT status, server_version AS v FROM persons WHERE batch_id = ?').all(batchId),
      jobs: db.prepare('SELECT state FROM outbox WHERE batch_id = ?').pluck().all(batchId),
    };
  } finally {
    db.close();
  }
}

function photoSizes(batchId: string): number[] {
  const db = openStore(data);
  try {
    return db
      .prepare('SELECT b.size FROM photos p JOIN blobs b ON b.sha256 = p.sha256 JOIN persons pe ON pe.id = p.person_id WHERE pe.batch_id = ? AND p.current = 1')
      .pluck()
      .all(batchId) as number[];
  } finally {
    db.close();
  }
}

async function serverCopies(batchId: string): Promise<{ batches: number | undefined; persons: number | undefined }> {
  return {
    batches: await value(app.db, z.number(), 'SELECT COUNT(*) FROM batches WHERE id = ?', [batchId]),
    persons: await value(app.db, z.number(), 'SELECT COUNT(*) FROM persons WHERE batch_id = ?', [batchId]),
  };
}

/** The CLI push as a child that runs while the test disturbs the network. */
function pushInBackground(number: string) {
  return runCli(['push', '--data', data, '--batch', number, '--timeout', '90']);
}

beforeAll(async () => {
  app = await startServer();
  proxy = new TcpProxy(port(app));
  const url = await proxy.start();
  const dir = await seedDirectory(app);
  const unit = await seedUser(app, 'unit', { unitId: dir.unit.id });
  const login = await runCliWithInput(['login', '--data', data, '--server', url, '--username', unit.username, '--proxy', 'none'], `${unit.password}\nNetTest1234\n`);
  expect(login.code, login.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  await proxy.stop();
  // A test closes it to stop the server in the middle; closed already, it is not closed again.
  if (app.server.listening) await app.close();
});

describe('push over a bad network', () => {
  it('the server stops in the middle of the uploads and comes back: the push waits and completes', async () => {
    const batch = await prepareDesktopBatch(data, 6);
    const before = stored;
    proxy.options = { bytesPerSecond: 40_000 };
    const stoppedAfterTwo = new Promise<void>((resolve) => {
      onStored = () => {
        if (stored - before === 2) resolve();
      };
    });
    const push = pushInBackground(batch.number);
    await stoppedAfterTwo;
    onStored = undefined;
    await app.close();
    // A few seconds with nothing listening: the push retries with backoff and keeps the job.
    await new Promise((r) => setTimeout(r, 2500));
    const mid = desktopState(batch.batchId);
    expect(mid.jobs).toEqual(['queued']);
    app = await startServer();
    proxy.retarget(port(app));
    proxy.options = {};
    const r = await push;
    expect(r.code, r.stderr).toBe(0);
    expect(await serverCopies(batch.batchId)).toEqual({ batches: 1, persons: 6 });
    expect(stored - before).toBe(6);
    expect(resent).toBe(0);
    expect(desktopState(batch.batchId)).toEqual({ persons: Array.from({ length: 6 }, () => ({ status: 'submitted', v: 1 })), jobs: ['done'] });
  });

  it('the cable is cut twice in the middle of a photo: the push completes; only the cut photo goes again', async () => {
    const batch = await prepareDesktopBatch(data, 6);
    const before = stored;
    const upBefore = proxy.bytesUp;
    proxy.cutCount = 0;
    proxy.options = { cutAfterBytes: 9000, cuts: 2 };
    const r = await pushInBackground(batch.number);
    expect(r.code, r.stderr).toBe(0);
    expect(proxy.cutCount).toBe(2);
    expect(await serverCopies(batch.batchId)).toEqual({ batches: 1, persons: 6 });
    expect(stored - before).toBe(6);
    expect(resent).toBe(0);
    expect(desktopState(batch.batchId).persons).toEqual(Array.from({ length: 6 }, () => ({ status: 'submitted', v: 1 })));
    // What crossed the wire: the photos once, plus at most the photo in flight at each cut, plus the
    // requests themselves (headers, the batch's JSON): never the whole batch again.
    const sizes = photoSizes(batch.batchId);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(proxy.bytesUp - upBefore).toBeGreaterThan(total);
    expect(proxy.bytesUp - upBefore).toBeLessThan(total + 2 * Math.max(...sizes) + 20_000);
  });

  it('a trickle of bandwidth: slow, but complete and exactly once', async () => {
    const batch = await prepareDesktopBatch(data, 3);
    proxy.options = { bytesPerSecond: 15_000 };
    const t0 = Date.now();
    const r = await pushInBackground(batch.number);
    proxy.options = {};
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - t0).toBeGreaterThan(1000);
    expect(await serverCopies(batch.batchId)).toEqual({ batches: 1, persons: 3 });
    expect(resent).toBe(0);
  });

  it('an unreachable server within --timeout: exit 3, the job kept for next time', async () => {
    const batch = await prepareDesktopBatch(data, 1);
    await proxy.stop();
    const r = await runCli(['push', '--data', data, '--batch', batch.number, '--timeout', '3']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/待提交队列/);
    expect(desktopState(batch.batchId).jobs).toEqual(['queued']);
  });
});
