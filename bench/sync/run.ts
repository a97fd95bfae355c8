// bench/sync: the desktop's push of a 1,000-person batch with 1,000 photos of about 40 KB to the sync
// server on loopback, beside uploading the same bytes with plain HTTP requests in the same run, and
// the bytes sent again when the cable is pulled in the middle (issue 6).
//
//   npm run bench:sync [-- --runs 5] [--persons 1000] [--cut-runs 1]
//   BENCH_PROF=<dir> npm run bench:sync   (a CPU profile of every server and desktop process)
//
// Set-up (not measured): --persons photos are made once into bench/.data/ (PNG 402×461 at 300 DPI on
// a transparent background, about 40 KB each: the shipped Fujian spec; see fixtures.ts for why not
// Guangxi), then a desktop data folder is made the clerk's way: 人员导入 of a filled template and
// 照片导入 of the photo folder, by the desktop's own services, every row and photo without error.
// Every pass is a fresh server process (serve.ts: buildServer, --photo-spec fujian, a temp data
// directory, one unit account with its initial password) and a fresh desktop process (client.ts) on a
// copy of that folder. The desktop signs in and changes its password (not measured), then:
//   push   SyncService.submitBatch + pushUntilSettled: asks the server which files it lacks, uploads
//          them one at a time (axios), PUTs the batch, stores the answer
//   plain  the same photos read from the same blob store and PUT one at a time on one keep-alive
//          node:http connection, then the same batch JSON in one PUT
// Passes alternate their order from run to run (this shared machine drifts); the ratio is the median
// of the per-run ratios. Client CPU and peak memory (VmHWM, restarted just before) are the desktop
// process's own, server CPU the server process's, all during the measured part.
// Cut: the push again through a TCP proxy on 127.0.0.1 (counting-proxy.ts) that reads the requests and
// counts the bytes it passes to the server, by kind; once clean, once pulling the cable after half of
// the photo bytes. The push retries on its own (backoff from about 1 s); bytes re-sent = cut − clean.
// Targets (stated, not enforced): push at most 1.5x plain; at most one photo's bytes re-sent after the
// cut. Exits 1 only if something failed.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, DATA_DIR, cliArgs, median } from '../lib/measure.js';
import type { ClientMode, Result } from './client.js';
import { CountingProxy, KINDS, type Kind, type ProxyCounts } from './counting-proxy.js';
import { PHOTO_SPEC, ensurePhotos, prepareDesktop, type DesktopBatch } from './fixtures.js';
import type { Mark, Ready, ToChild } from './serve.js';

const { opt } = cliArgs();
const runs = Number(opt('runs', '5'));
const persons = Number(opt('persons', '1000'));
const cutRuns = Number(opt('cut-runs', '1'));
if (![runs, persons, cutRuns].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--runs, --persons and --cut-runs must be positive whole numbers');
const MB = 1024 * 1024;
const TSX = ['--import', 'tsx'];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-bench-sync-'));
const children = new Set<ChildProcess>();
function cleanUp(): void {
  for (const c of children) c.kill('SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
}
process.on('SIGINT', () => {
  cleanUp();
  process.exit(130);
});

// ---------------------------------------------------------------------------------------------------
// The processes

/** Messages from a child, one at a time, in order; rejects if it exits first. */
class Inbox<T> {
  private queue: T[] = [];
  private waiting: Array<{ resolve: (m: T) => void; reject: (e: Error) => void }> = [];
  private exited: Error | undefined;
  constructor(proc: ChildProcess, what: string) {
    proc.on('message', (m: T) => {
      const w = this.waiting.shift();
      if (w) w.resolve(m);
      else this.queue.push(m);
    });
    proc.on('exit', (code, signal) => {
      this.exited = new Error(`${what} exited ${code ?? signal} unexpectedly`);
      for (const w of this.waiting.splice(0)) w.reject(this.exited);
    });
  }
  next(): Promise<T> {
    const m = this.queue.shift();
    if (m !== undefined) return Promise.resolve(m);
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
}

function start(script: string, args: string[], what: string): { proc: ChildProcess; inbox: Inbox<unknown>; exited: Promise<number | null> } {
  // BENCH_PROF=<dir>: a CPU profile of every process (bench/server does the same).
  const prof = process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [];
  const proc = fork(path.join(BENCH_DIR, 'sync', script), args, { execArgv: [...TSX, ...prof], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(proc);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  void exited.then(() => children.delete(proc));
  return { proc, inbox: new Inbox(proc, what), exited };
}

interface Pass extends Result {
  serverCpuMs: number;
  proxy?: ProxyCounts;
}

/**
 * One pass: a fresh server, a fresh copy of the desktop folder, the desktop process in `mode` talking
 * to the server directly or through a counting proxy (cutting after `cutAt` photo bytes).
 */
async function pass(desktop: DesktopBatch, mode: ClientMode, via?: { cutAt: number }): Promise<Pass> {
  const server = start('serve.ts', ['--photo-spec', PHOTO_SPEC], 'bench server');
  const copy = path.join(work, `desktop-${mode}-${Date.now()}`);
  let proxy: CountingProxy | undefined;
  try {
    const ready = (await server.inbox.next()) as Ready;
    const mark = async () => {
      server.proc.send('mark' satisfies ToChild);
      return ((await server.inbox.next()) as Mark).cpuMs;
    };
    fs.cpSync(desktop.dataDir, copy, { recursive: true });
    let url = ready.url;
    if (via) {
      proxy = new CountingProxy(Number(new URL(ready.url).port), via.cutAt);
      url = await proxy.start();
    }
    const client = start(
      'client.ts',
      ['--mode', mode, '--data', copy, '--server', url, '--batch', desktop.batchId, '--user', ready.username, '--password', ready.password],
      `desktop (${mode})`,
    );
    const first = (await client.inbox.next()) as { type: string };
    if (first.type !== 'measure') throw new Error(`desktop (${mode}) said ${JSON.stringify(first)}`);
    const cpu0 = await mark();
    client.proc.send('go');
    const result = (await client.inbox.next()) as Result;
    const cpu1 = await mark();
    const code = await client.exited;
    if (code !== 0) throw new Error(`desktop (${mode}) exited ${code}`);
    if (proxy?.problem) throw new Error(`counting proxy: ${proxy.problem}`);
    return { ...result, serverCpuMs: cpu1 - cpu0, ...(proxy ? { proxy: proxy.counts } : {}) };
  } finally {
    await proxy?.stop();
    if (server.proc.connected) {
      server.proc.send('stop' satisfies ToChild);
      await server.exited;
    }
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// Set-up

const t0 = performance.now();
let failures = 0;
let firstFailure = '';
const note = (what: string, p: Pass) => {
  if (p.error) {
    failures++;
    firstFailure ||= `${what}: ${p.error}`;
  }
};

try {
  const photoDir = await ensurePhotos(DATA_DIR, persons, (done) => {
    if (done % 50 === 0) process.stderr.write(`\rmaking photos: ${done}`);
  });
  const tp = performance.now();
  const desktop = await prepareDesktop(path.join(work, 'desktop'), persons, photoDir);
  const prepS = (performance.now() - tp) / 1000;

  console.log(
    `bench/sync on ${os.availableParallelism()} cores, Node ${process.version}, loopback 127.0.0.1, ${runs} runs (passes alternate; median shown)\n` +
      `  a batch of ${persons} persons with ${desktop.photos} photos: PNG 402×461 (the shipped ${PHOTO_SPEC} spec, which the server checks too), ` +
      `average ${(desktop.photoBytes / desktop.photos / 1024).toFixed(1)} KB, ${(desktop.photoBytes / MB).toFixed(1)} MB in all; ` +
      `desktop folder made by 人员导入 + 照片导入 in ${prepS.toFixed(1)} s\n`,
  );

  // -------------------------------------------------------------------------------------------------
  // Push and plain

  const sec = (ms: number) => (ms / 1000).toFixed(2);
  const byMode: Record<ClientMode, Pass[]> = { push: [], plain: [] };
  for (let r = 0; r < runs; r++) {
    const order: ClientMode[] = r % 2 === 0 ? ['push', 'plain'] : ['plain', 'push'];
    for (const mode of order) {
      const p = await pass(desktop, mode);
      byMode[mode].push(p);
      note(`${mode}, run ${r + 1}`, p);
    }
    const push = byMode.push[r]!;
    const plain = byMode.plain[r]!;
    console.log(
      `  run ${r + 1}: push ${sec(push.ms)} s (ask ${push.phases.ask.toFixed(0)} ms, upload ${sec(push.phases.upload)} s, batch ${push.phases.batch.toFixed(0)} ms)` +
        ` | plain ${sec(plain.ms)} s (upload ${sec(plain.phases.upload)} s, batch ${plain.phases.batch.toFixed(0)} ms) | ratio ${(push.ms / plain.ms).toFixed(2)}x`,
    );
  }

  // -------------------------------------------------------------------------------------------------
  // Cut in the middle

  const half = Math.floor(desktop.photoBytes / 2);
  const cut: Array<{ clean: Pass; cut: Pass }> = [];
  for (let r = 0; r < cutRuns; r++) {
    const order = r % 2 === 0 ? (['clean', 'cut'] as const) : (['cut', 'clean'] as const);
    const got: Partial<Record<'clean' | 'cut', Pass>> = {};
    for (const which of order) {
      const p = await pass(desktop, 'push', { cutAt: which === 'cut' ? half : Number.POSITIVE_INFINITY });
      note(`push through the proxy (${which}), run ${r + 1}`, p);
      got[which] = p;
    }
    const c = { clean: got.clean!, cut: got.cut! };
    cut.push(c);
    const up = (p: Pass) => KINDS.reduce((s, k) => s + p.proxy!.bytes[k], 0);
    console.log(
      `  cut run ${r + 1}: clean ${sec(c.clean.ms)} s, ${up(c.clean).toLocaleString('en')} bytes up | cut ${sec(c.cut.ms)} s, ${c.cut.retries} retr${c.cut.retries === 1 ? 'y' : 'ies'}` +
        ` (${c.cut.retryErrors.map((e) => e.split(':')[0]).join(', ') || '—'}), ${up(c.cut).toLocaleString('en')} bytes up, ${c.cut.proxy!.cut ? 'cut' : 'NOT cut'} ` +
        `${c.cut.proxy!.cutPhotoPartial.toLocaleString('en')} bytes into a photo of ${c.cut.proxy!.cutPhotoSize.toLocaleString('en')}`,
    );
    if (!c.cut.proxy!.cut) {
      failures++;
      firstFailure ||= 'the proxy never cut the connection';
    }
    if (c.cut.retries < 1) {
      failures++;
      firstFailure ||= 'the push did not retry after the cut';
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Report

  const med = (ps: readonly Pass[], of: (p: Pass) => number) => median(ps.map(of));
  const f = (n: number, digits = 1, width = 7) => n.toFixed(digits).padStart(width);
  const x = (n: number, width = 7) => `${n.toFixed(2)}x`.padStart(width);
  const mbps = (p: Pass) => p.fileBytes / MB / (p.ms / 1000);
  const filesPerS = (p: Pass) => p.files / (p.ms / 1000);
  const push = byMode.push;
  const plain = byMode.plain;
  const ratios = push.map((p, i) => p.ms / plain[i]!.ms);
  const ratio = median(ratios);

  console.log(
    `\nPush: ${persons} persons, ${desktop.photos} photos (${(desktop.photoBytes / MB).toFixed(1)} MB) and the batch JSON (${(push[0]!.batchJsonBytes / 1024).toFixed(0)} KB); medians of ${runs} runs`,
  );
  console.log('sender                     wall s    MB/s  files/s  client CPU s  client peak MB  server CPU s   before 1st photo ms  photos s  batch ms');
  for (const [label, ps] of [
    ['sync push (SyncService)', push],
    ['plain node:http', plain],
  ] as const) {
    console.log(
      `${label.padEnd(24)}  ${f(med(ps, (p) => p.ms / 1000), 2)}  ${f(med(ps, mbps), 2)}  ${f(med(ps, filesPerS), 0)}  ${f(med(ps, (p) => p.cpuMs / 1000), 2, 12)}` +
        `  ${f(Math.max(...ps.map((p) => p.peakMB)), 0, 14)}  ${f(med(ps, (p) => p.serverCpuMs / 1000), 2, 12)}  ${f(med(ps, (p) => p.phases.ask), 0, 20)}` +
        `  ${f(med(ps, (p) => p.phases.upload / 1000), 2, 8)}  ${f(med(ps, (p) => p.phases.batch), 0, 8)}`,
    );
  }
  const pr = (of: (p: Pass) => number) => median(push.map((p, i) => of(p) / of(plain[i]!)));
  console.log(
    `${'push/plain'.padEnd(24)}  ${x(pr((p) => p.ms))}  ${x(pr(mbps))}  ${x(pr(filesPerS))}  ${x(pr((p) => p.cpuMs), 12)}` +
      `  ${x(Math.max(...push.map((p) => p.peakMB)) / Math.max(...plain.map((p) => p.peakMB)), 14)}  ${x(pr((p) => p.serverCpuMs), 12)}` +
      `  ${' '.repeat(20)}  ${x(pr((p) => p.phases.upload), 8)}  ${x(pr((p) => p.phases.batch), 8)}`,
  );
  console.log(
    `(client: the desktop process during the measured part, peak memory its VmHWM${push[0]!.peakReset ? ' restarted just before' : ' (whole process: could not be restarted here)'}; ` +
      `server: the server process over the same span. buildBatchPayload, called once before it: ${med(push, (p) => p.payloadMs).toFixed(0)} ms; ` +
      `ratio per run: ${ratios.map((r) => r.toFixed(2)).join(', ')}; fastest/fastest ${(Math.min(...push.map((p) => p.ms)) / Math.min(...plain.map((p) => p.ms))).toFixed(2)}x)`,
  );

  const LABEL: Record<Kind, string> = {
    photoBody: 'photo bodies',
    photoHead: 'photo request heads',
    missing: 'POST /blobs/missing',
    batch: 'PUT /batches (head + JSON)',
    auth: 'sign-in, password',
    other: 'other',
  };
  const cs = cut.map((c) => c.clean.proxy!);
  const ks = cut.map((c) => c.cut.proxy!);
  const medK = (xs: readonly ProxyCounts[], of: (p: ProxyCounts) => number) => median(xs.map(of));
  const all = (p: ProxyCounts) => KINDS.reduce((s, k) => s + p.bytes[k], 0);
  const n = (v: number, width = 12) => Math.round(v).toLocaleString('en').padStart(width);
  const photoSize = desktop.photoBytes / desktop.photos;
  console.log(
    `\nCut in the middle: the push through a TCP proxy that counts the bytes it passes to the server; the cable pulled once after ` +
      `${(half / MB).toFixed(1)} MB of photo bodies${cutRuns > 1 ? `; medians of ${cutRuns} runs` : ''}`,
  );
  console.log('upstream bytes                     clean push      cut push      re-sent   requests clean → cut');
  for (const k of KINDS) {
    if (medK(cs, (p) => p.bytes[k]) === 0 && medK(ks, (p) => p.bytes[k]) === 0) continue;
    console.log(
      `${LABEL[k].padEnd(30)}  ${n(medK(cs, (p) => p.bytes[k]), 13)} ${n(medK(ks, (p) => p.bytes[k]), 13)} ${n(median(cut.map((c) => c.cut.proxy!.bytes[k] - c.clean.proxy!.bytes[k])), 12)}` +
        `   ${k === 'photoBody' ? '' : `${medK(cs, (p) => p.requests[k])} → ${medK(ks, (p) => p.requests[k])}`}`,
    );
  }
  const resentAll = median(cut.map((c) => all(c.cut.proxy!) - all(c.clean.proxy!)));
  const resentPhoto = median(cut.map((c) => c.cut.proxy!.bytes.photoBody - c.clean.proxy!.bytes.photoBody));
  const resentMissing = median(cut.map((c) => c.cut.proxy!.bytes.missing - c.clean.proxy!.bytes.missing));
  console.log(`${'all'.padEnd(30)}  ${n(medK(cs, all), 13)} ${n(medK(ks, all), 13)} ${n(resentAll, 12)}`);
  console.log(
    `(connections clean → cut: ${medK(cs, (p) => p.connections)} → ${medK(ks, (p) => p.connections)}; wall time clean ${sec(median(cut.map((c) => c.clean.ms)))} s, ` +
      `cut ${sec(median(cut.map((c) => c.cut.ms)))} s with the retry's backoff; a photo is ${n(photoSize, 0)} bytes on average; ` +
      `the clean push sent every photo exactly once: ${cs.every((p) => p.bytes.photoBody === desktop.photoBytes && p.requests.photoHead === desktop.photos) ? 'yes' : 'NO'})`,
  );

  const okRatio = ratio <= 1.5;
  const okResent = resentPhoto <= photoSize;
  console.log(
    `\ntargets: push at most 1.5x plain: ${ratio.toFixed(2)}x ${okRatio ? 'met' : 'MISSED'}; ` +
      `at most one photo re-sent after a cut: ${n(resentPhoto, 0)} photo bytes = ${(resentPhoto / photoSize).toFixed(2)} photo ${okResent ? 'met' : 'MISSED'} ` +
      `(all upstream bytes beyond a clean push: ${n(resentAll, 0)} = ${(resentAll / photoSize).toFixed(2)} photos, of which ${n(resentMissing, 0)} the retry asking again which of the ${desktop.photos} files are missing)`,
  );
  console.log(okRatio && okResent ? 'all targets met' : 'some targets missed');
} catch (e) {
  failures++;
  firstFailure ||= e instanceof Error ? (e.stack ?? e.message) : String(e);
} finally {
  cleanUp();
}
if (failures > 0) {
  console.log(`\n${failures} FAILED; the first: ${firstFailure}`);
  process.exitCode = 1;
}
console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s in all)`);
