// The desktop side of bench/sync, run by run.ts as a fresh process per pass, on its own copy of the
// prepared desktop data folder:
//   --mode push    the desktop's sync: SyncService (axios) signs in and changes the initial password
//                  (not measured), then submitBatch + pushUntilSettled (measured): ask the server which
//                  files it lacks, upload those one at a time, PUT the batch, store the answer
//   --mode plain   the same bytes with plain node:http: one keep-alive connection, each photo read
//                  from the same blob store and PUT to /api/v1/blobs/:sha256 one at a time (the push
//                  uploads one at a time too), then the same batch JSON in one PUT (measured); the
//                  JSON is built beforehand by the desktop's own buildBatchPayload (not measured)
// Both call buildBatchPayload once before the measured part (timed, and it warms the same caches).
// Over IPC: sends 'measure' when ready and waits for 'go' (run.ts notes the server's CPU time in
// between), then sends the Result and exits.
import fs from 'node:fs';
import http from 'node:http';
import { BlobStore } from '../../src-main/blobs/blob-store.js';
import { buildBatchPayload } from '../../src-main/sync/batch-payload.js';
import type { PushProgress } from '../../src-main/sync/push-job.js';
import { SyncService } from '../../src-main/sync/sync-service.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { openStore } from '../../src-main/store/open-store.js';
import { API_PREFIX } from '../../src-shared/contract/sync-api.js';
import { peakMB, resetPeak } from '../lib/process-memory.js';

export type ClientMode = 'push' | 'plain';

export interface Result {
  type: 'result';
  mode: ClientMode;
  /** Wall time of the measured part. */
  ms: number;
  /** This process's CPU time (all threads) during the measured part. */
  cpuMs: number;
  /** VmHWM after the measured part, the count restarted just before it (Linux); else the whole process's. */
  peakMB: number;
  peakReset: boolean;
  /** buildBatchPayload once, before the measured part. */
  payloadMs: number;
  batchJsonBytes: number;
  files: number;
  fileBytes: number;
  /** Where the measured time went (ms): before the first upload, uploading, the batch PUT, after it. */
  phases: { ask: number; upload: number; batch: number; after: number };
  retries: number;
  retryErrors: string[];
  /** '' when the batch was accepted; else what went wrong. */
  error: string;
}

const args = process.argv.slice(2);
const opt = (name: string): string => {
  const i = args.indexOf(`--${name}`);
  if (i < 0 || args[i + 1] === undefined) throw new Error(`client.ts: --${name} is required`);
  return args[i + 1]!;
};
const mode = opt('mode') as ClientMode;
const dataDir = opt('data');
const serverUrl = opt('server');
const batchId = opt('batch');
const username = opt('user');
const password = opt('password');
const newPassword = `Bench${Math.random().toString(36).slice(2, 8)}9x`;

/** Waits for run.ts's 'go' after telling it the measured part is about to start. */
function ready(): Promise<void> {
  return new Promise((resolve) => {
    process.once('message', () => resolve());
    process.send!({ type: 'measure' });
  });
}

// ---------------------------------------------------------------------------------------------------
// plain node:http

interface Answer {
  status: number;
  text: string;
}

function request(agent: http.Agent, method: string, path: string, headers: Record<string, string>, body: Buffer): Promise<Answer> {
  const base = new URL(serverUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: base.hostname, port: base.port, method, path: API_PREFIX + path, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function jsonCall(agent: http.Agent, path: string, body: unknown, token?: string): Promise<unknown> {
  const a = await request(agent, 'POST', path, { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, Buffer.from(JSON.stringify(body)));
  if (a.status !== 200) throw new Error(`POST ${path}: ${a.status} ${a.text.slice(0, 300)}`);
  return JSON.parse(a.text);
}

// ---------------------------------------------------------------------------------------------------

const db = openStore(dataDir);
const blobs = new BlobStore(db, dataDir);
const p0 = performance.now();
const payload = buildBatchPayload(db, batchId);
const payloadMs = performance.now() - p0;
const batchJson = Buffer.from(JSON.stringify(payload.body));
const files = payload.files.length;
const fileBytes = payload.files.reduce((s, f) => s + f.size, 0);

let result: Omit<Result, 'type' | 'mode' | 'payloadMs' | 'batchJsonBytes' | 'files' | 'fileBytes'>;
if (mode === 'push') {
  const sync = new SyncService({ db, tokens: new MemoryTokenStore(), actor: { name: '基准测试', now: () => new Date() }, blobPath: (sha) => blobs.pathOf(sha) });
  sync.configure({ serverUrl, username, proxy: 'none' });
  await sync.login(username, password);
  await sync.changePassword(password, newPassword);

  const marks: Partial<Record<PushProgress['phase'], number>> = {};
  const retryErrors: string[] = [];
  await ready();
  const peakReset = resetPeak();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const job = sync.submitBatch(batchId);
  // The phases of the last attempt (a retried push starts them again).
  const outcome = await sync.pushUntilSettled(job.id, {
    onProgress: (p) => {
      if (p.phase === 'checking') for (const k of Object.keys(marks)) delete marks[k as PushProgress['phase']];
      marks[p.phase] ??= performance.now();
    },
    onRetry: (e) => retryErrors.push(`${e.code}: ${e.message}`),
  });
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const up = marks.uploading ?? t0;
  const send = marks.sending ?? up;
  const done = marks.done ?? t1;
  result = {
    ms: t1 - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakMB: peakMB(),
    peakReset,
    phases: { ask: up - t0, upload: send - up, batch: done - send, after: t1 - done },
    retries: retryErrors.length,
    retryErrors,
    error: outcome.state === 'done' ? '' : `push ended ${outcome.state}: ${'error' in outcome ? String(outcome.error.message) : JSON.stringify(outcome.job)}`,
  };
} else {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const login = (await jsonCall(agent, '/auth/login', { username, password })) as { token: string };
  await jsonCall(agent, '/auth/change-password', { oldPassword: password, newPassword }, login.token);
  const auth = { authorization: `Bearer ${login.token}` };

  let error = '';
  await ready();
  const peakReset = resetPeak();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const f of payload.files) {
    const bytes = fs.readFileSync(blobs.pathOf(f.sha256));
    const a = await request(agent, 'PUT', `/blobs/${f.sha256}`, { ...auth, 'content-type': 'application/octet-stream' }, bytes);
    if (a.status !== 201) {
      error ||= `PUT /blobs/${f.sha256}: ${a.status} ${a.text.slice(0, 300)}`;
    }
  }
  const t1 = performance.now();
  const b = await request(agent, 'PUT', `/batches/${batchId}`, { ...auth, 'content-type': 'application/json' }, batchJson);
  if (b.status !== 201) error ||= `PUT /batches/${batchId}: ${b.status} ${b.text.slice(0, 300)}`;
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  result = {
    ms: t2 - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakMB: peakMB(),
    peakReset,
    phases: { ask: 0, upload: t1 - t0, batch: t2 - t1, after: 0 },
    retries: 0,
    retryErrors: [],
    error,
  };
}
db.close();
const out: Result = { type: 'result', mode, payloadMs, batchJsonBytes: batchJson.length, files, fileBytes, ...result };
process.send!(out, () => process.disconnect());
