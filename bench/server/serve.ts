// One server of bench/server, run by run.ts as a process of its own (so that the clients do not share
// its event loop, and its memory and CPU time are its own):
//   --mode server      the sync server (buildServer), Guangxi photo spec, a temp data directory and
//                      --units unit accounts (initial passwords, not yet changed); on SQLite in the
//                      data directory, or on PostgreSQL with --database-url <url> (a database
//                      run.ts made for this pass), with the files in --blob-dir <dir> when given (two
//                      processes of one pass share it). --units 0: no accounts made (the second
//                      process of a pass, on the database the first one filled)
//   --mode bare        a bare Fastify of the same version: PUT /api/v1/blobs/:sha256 takes the bytes
//                      (application/octet-stream, parseAs buffer) and PUT /api/v1/batches/:id parses
//                      the JSON; both answer 201 and compute nothing
//   --mode bare-write  bare, but the blob route checks the SHA-256 and writes the file as the server
//                      does (BlobFiles: temp file, fsync, rename): the server minus auth, type check
//                      and SQLite
// Talks to run.ts over IPC: sends {url, users} once listening; answers 'mark' with its CPU time,
// memory and longest event-loop stall; 'reset-peak' restarts the peak-memory count (Linux) and the
// stall; 'stop' closes it and removes its files.
import { createHash } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { defaultConfig, DEFAULTS } from '../../src-server/config.js';
import type { Actor } from '../../src-server/accounts/accounts.js';
import { BlobFiles } from '../../src-server/blobs/blob-files.js';
import { peakMB, resetPeak } from '../lib/process-memory.js';

export type ServeMode = 'server' | 'bare' | 'bare-write';

export interface Ready {
  type: 'ready';
  url: string;
  users: Array<{ username: string; password: string }>;
}
export interface Mark {
  type: 'mark';
  cpuMs: number;
  rssMB: number;
  /** VmHWM: the peak since start, or since the last 'reset-peak'. */
  peakMB: number;
  /** False where the peak cannot be restarted (not Linux): peakMB is then the process's whole peak. */
  peakReset: boolean;
  /** The longest the event loop was held since the last 'reset-peak' (10 ms resolution), in ms. */
  loopStallMs: number;
}
export type ToParent = Ready | Mark | { type: 'stopped' };
export type ToChild = 'mark' | 'reset-peak' | 'stop';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const mode = opt('mode', 'server') as ServeMode;
const units = Number(opt('units', '4'));
const databaseUrl = opt('database-url', '') || null;
const blobDir = opt('blob-dir', '');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), `zfbm-bench-server-${mode}-`));
let peakReset = false;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

function bare(write: boolean): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: DEFAULTS.jsonBodyLimit });
  const files = new BlobFiles(path.join(dir, 'data', 'blobs'));
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: DEFAULTS.blobBodyLimit }, (_req, body, done) => done(null, body));
  app.put('/api/v1/blobs/:sha256', { bodyLimit: DEFAULTS.blobBodyLimit }, async (request, reply) => {
    const sha = (request.params as { sha256: string }).sha256;
    const bytes = request.body as Buffer;
    if (write) {
      if (createHash('sha256').update(bytes).digest('hex') !== sha) return reply.code(400).send({ error: 'hash' });
      await files.write(sha, bytes);
    }
    return reply.code(201).send({ sha256: sha, size: bytes.length });
  });
  app.put('/api/v1/batches/:batchId', async (request, reply) => {
    const body = request.body as { persons: unknown[] };
    return reply.code(201).send({ batchId: (request.params as { batchId: string }).batchId, persons: body.persons.length });
  });
  return app;
}

async function server(): Promise<{ app: FastifyInstance; users: Ready['users'] }> {
  // Loaded only here, so that the bare modes' memory is that of Fastify alone.
  const { buildServer } = await import('../../src-server/app.js');
  const { addJurisdiction, addUnit, addUser } = await import('../../src-server/accounts/accounts.js');
  const config = defaultConfig(path.join(dir, 'data'), {
    port: 0, host: '127.0.0.1', logLevel: 'silent', photoSpec: 'guangxi', databaseUrl, ...(blobDir ? { blobDir } : {}),
  });
  const app = await buildServer(config, { logger: false });
  const actor: Actor = { userId: null, name: 'bench', now: () => new Date() };
  if (units === 0) return { app, users: [] };
  const city = await addJurisdiction(app.db, { name: '南宁市司法局', level: 'city', parentId: null }, actor);
  const county = await addJurisdiction(app.db, { name: '青秀区司法局', level: 'county', parentId: city.id }, actor);
  const users: Ready['users'] = [];
  for (let u = 1; u <= units; u++) {
    const unit = await addUnit(app.db, { name: `青秀区执法单位${u}`, jurisdictionId: county.id }, actor);
    const { initialPassword } = await addUser(app.db, { username: `unit${u}`, role: 'unit', unitId: unit.id, jurisdictionId: null }, actor);
    users.push({ username: `unit${u}`, password: initialPassword });
  }
  return { app, users };
}

const { app, users } = mode === 'server' ? await server() : { app: bare(mode === 'bare-write'), users: [] };
const url = await app.listen({ port: 0, host: '127.0.0.1' });

const send = (m: ToParent) => process.send!(m);
process.on('message', (m: ToChild) => {
  if (m === 'mark') {
    const u = process.cpuUsage();
    send({ type: 'mark', cpuMs: (u.user + u.system) / 1000, rssMB: process.memoryUsage().rss / 1024 / 1024, peakMB: peakMB(), peakReset, loopStallMs: loopDelay.max / 1e6 });
  } else if (m === 'reset-peak') {
    peakReset = resetPeak();
    loopDelay.reset();
    send({ type: 'mark', cpuMs: 0, rssMB: 0, peakMB: peakMB(), peakReset, loopStallMs: 0 });
  } else if (m === 'stop') {
    void app.close().then(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      send({ type: 'stopped' });
      process.disconnect();
    });
  }
});
// If run.ts dies or is interrupted, do not linger (and do not leave the temp directory behind).
process.on('disconnect', () => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
process.on('SIGINT', () => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(130);
});
send({ type: 'ready', url, users });
