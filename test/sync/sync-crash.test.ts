import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { value } from '../../src-server/db/sql.js';
import type { FastifyInstance } from 'fastify';
import { openStore } from '../../src-main/store/open-store.js';
import { seedDirectory, seedUser, startTestServer, type TestServer } from '../server/server-helpers.js';
import { prepareDesktopBatch } from '../helpers/desktop-batch.js';
import { runCli, runCliWithInput } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Kills the pushing CLI (SIGKILL: no cleanup, as a power cut would) at named points — before, in the
 * middle of and after blob uploads, between the files and the batch, after the server answered but
 * before the answer was stored — then runs it again, and proves: the server holds exactly one copy of
 * the batch with every person and file, no file the server already had was sent again, and the
 * desktop's statuses agree with the server's.
 */
const PHOTOS = 6;
const POINTS = [
  'push.start',
  'push.asked',
  ...[1, 2, 4, 6].flatMap((k) => [`blob.before#${k}`, `blob.midway#${k}`, `blob.after#${k}`]),
  'blob.midway#3',
  'blob.after#3',
  'blob.before#5',
  'batch.before',
  'batch.answered',
  'batch.stored',
];

const root = tempDir('zfbm-sync-crash-');
const data = path.join(root, 'desk');
let ts: TestServer;
/** PUT /blobs answers of 200: bytes the server already had, sent again. */
let resent = 0;
let stored = 0;

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi' }, {}, (app: FastifyInstance) => {
    app.addHook('onResponse', async (request, reply) => {
      if (request.method === 'PUT' && request.url.startsWith('/api/v1/blobs/')) {
        if (reply.statusCode === 200) resent++;
        if (reply.statusCode === 201) stored++;
      }
    });
  });
  const dir = await seedDirectory(ts.app);
  const unit = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
  const login = await runCliWithInput(['login', '--data', data, '--server', ts.url, '--username', unit.username, '--proxy', 'none'], `${unit.password}\nCrashTest123\n`);
  expect(login.code, login.stderr).toBe(0);
}, 120_000);
afterAll(() => ts.stop());

describe(`push killed at ${POINTS.length} points, then run again`, () => {
  it.each(POINTS)('killed at %s', async (point) => {
    const batch = await prepareDesktopBatch(data, PHOTOS);
    const uploadsBefore = stored;

    const killed = await runCli(['push', '--data', data, '--batch', batch.number, '--timeout', '60'], { HARNESS_FAULT: point });
    expect(killed.code, `${point}: ${killed.stderr}`).not.toBe(0);
    expect(killed.code).not.toBe(2);

    const again = await runCli(['push', '--data', data, '--batch', batch.number, '--timeout', '60']);
    expect(again.code, again.stderr).toBe(0);

    // The server: one batch, every person once, in version 1, every photo owned by the unit.
    const db = ts.app.db;
    expect(await value(db, z.number(), 'SELECT COUNT(*) FROM batches WHERE id = ?', [batch.batchId])).toBe(1);
    expect(await value(db, z.number(), 'SELECT COUNT(*) FROM persons WHERE batch_id = ?', [batch.batchId])).toBe(PHOTOS);
    expect(await value(db, z.number(), 'SELECT COUNT(*) FROM person_versions v JOIN persons p ON p.id = v.person_id WHERE p.batch_id = ?', [batch.batchId])).toBe(PHOTOS);
    const photos = await value(db, z.number(), 'SELECT COUNT(DISTINCT o.sha256) FROM person_versions v JOIN persons p ON p.id = v.person_id JOIN blob_owners o ON o.sha256 = v.photo_sha256 AND o.unit_id = p.unit_id WHERE p.batch_id = ?', [batch.batchId]);
    expect(photos).toBe(PHOTOS);
    // Each photo stored once; nothing the server already had was uploaded again.
    expect(stored - uploadsBefore).toBe(PHOTOS);
    expect(resent).toBe(0);

    // The desktop agrees.
    const desk = openStore(data);
    try {
      const rows = desk.prepare('SELECT status, server_version AS v FROM persons WHERE batch_id = ?').all(batch.batchId);
      expect(rows).toEqual(Array.from({ length: PHOTOS }, () => ({ status: 'submitted', v: 1 })));
      // Done, and nothing left waiting (killed after storing the answer, the second run confirms it anew).
      const jobs = desk.prepare('SELECT state FROM outbox WHERE batch_id = ? ORDER BY id').pluck().all(batch.batchId) as string[];
      expect(jobs.length).toBeGreaterThanOrEqual(1);
      expect(new Set(jobs)).toEqual(new Set(['done']));
      expect(desk.prepare('SELECT status FROM batches WHERE id = ?').pluck().get(batch.batchId)).toBe('submitted');
    } finally {
      desk.close();
    }
  });

  it(`covers at least 20 points`, () => {
    expect(POINTS.length).toBeGreaterThanOrEqual(20);
  });
});
