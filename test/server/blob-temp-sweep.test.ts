import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src-server/app.js';
import { BlobFiles } from '../../src-server/blobs/blob-files.js';
import { blobTempOwner, blobTempPath, HOST_TAG } from '../../src-server/blobs/blob-temp-names.js';
import { sweepBlobTemps, TEMP_MAX_AGE_MS } from '../../src-server/blobs/temp-sweep.js';
import { defaultConfig } from '../../src-server/config.js';
import { loggerOptions } from '../../src-server/logging.js';
import { REPO_ROOT, serverTempDir } from './server-helpers.js';

/** Issue 15: a blob's temp file is never left behind by a server killed between write and rename. */

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
/** Another host's tag: this one's with its first digit changed. */
const OTHER_HOST = `${HOST_TAG[0] === '0' ? '1' : '0'}${HOST_TAG.slice(1)}`;
const rand = () => randomBytes(4).toString('hex');

/** A process that stays alive until killed: a live pid on this host other than ours. */
function liveProcess(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  afterAll(() => {
    child.kill('SIGKILL');
  });
  return child;
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

/** A temp file beside a blob of the given content, with the given suffix, `ageMs` old. */
function placeTemp(root: string, suffix: string, ageMs = 0, bytes: Buffer = randomBytes(64)): string {
  const name = sha(bytes);
  const file = path.join(root, name.slice(0, 2), `${name}.${suffix}`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  if (ageMs > 0) {
    const then = new Date(Date.now() - ageMs);
    fs.utimesSync(file, then, then);
  }
  return file;
}

/** A stored blob (not a temp file), `ageMs` old. */
function placeBlob(root: string, ageMs: number): string {
  const bytes = randomBytes(64);
  const file = path.join(root, sha(bytes).slice(0, 2), sha(bytes));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  const then = new Date(Date.now() - ageMs);
  fs.utimesSync(file, then, then);
  return file;
}

const OLD = TEMP_MAX_AGE_MS + 60_000;

describe('blob temp file names', () => {
  it('carry this host and this process, and earlier versions’ names are told apart', async () => {
    const target = path.join('/data/blobs/ab', sha('x'));
    expect(blobTempOwner(blobTempPath(target))).toEqual({ kind: 'tagged', host: HOST_TAG, pid: process.pid });
    expect(blobTempOwner(`${target}.4242-0a1b2c3d.tmp`)).toEqual({ kind: 'untagged', pid: 4242 });
    expect(blobTempOwner(`${target}.partial.tmp`)).toEqual({ kind: 'unknown' });
    expect(blobTempOwner(target)).toBeUndefined();
    expect(blobTempOwner('notes.tmp')).toBeUndefined();
  });

  it('are the names BlobFiles really writes to before the rename', async () => {
    const root = path.join(serverTempDir(), 'data', 'blobs');
    const files = new BlobFiles(root);
    const bytes = randomBytes(256 * 1024);
    const dir = path.dirname(files.pathOf(sha(bytes)));
    fs.mkdirSync(dir, { recursive: true });
    const seen: string[] = [];
    const watcher = fs.watch(dir, (_event, name) => {
      if (name) seen.push(name.toString());
    });
    try {
      await files.write(sha(bytes), bytes);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      watcher.close();
    }
    const temps = [...new Set(seen)].filter((n) => n.endsWith('.tmp'));
    expect(temps).toHaveLength(1);
    expect(blobTempOwner(temps[0]!)).toEqual({ kind: 'tagged', host: HOST_TAG, pid: process.pid });
    expect(fs.readdirSync(dir)).toEqual([sha(bytes)]);
  });
});

describe('sweepBlobTemps', () => {
  it('at start removes what no live process of this host can finish and anything old; keeps live and other hosts’ young ones', async () => {
    const root = path.join(serverTempDir(), 'blobs');
    const live = liveProcess().pid!;
    const dead = await deadPid();
    const kept = {
      liveHere: placeTemp(root, `${HOST_TAG}-${live}-${rand()}.tmp`),
      otherHost: placeTemp(root, `${OTHER_HOST}-${dead}-${rand()}.tmp`),
      otherHostOwnPid: placeTemp(root, `${OTHER_HOST}-${process.pid}-${rand()}.tmp`),
      unknownYoung: placeTemp(root, 'partial.tmp'),
      oldBlob: placeBlob(root, OLD),
    };
    const removed = {
      deadHere: placeTemp(root, `${HOST_TAG}-${dead}-${rand()}.tmp`),
      mine: placeTemp(root, `${HOST_TAG}-${process.pid}-${rand()}.tmp`),
      untagged: placeTemp(root, `${dead}-${rand()}.tmp`),
      oldLiveHere: placeTemp(root, `${HOST_TAG}-${live}-${rand()}.tmp`, OLD),
      oldOtherHost: placeTemp(root, `${OTHER_HOST}-${live}-${rand()}.tmp`, OLD),
      oldUnknown: placeTemp(root, 'partial.tmp', OLD),
    };
    const bytes = Object.values(removed).reduce((n, f) => n + fs.statSync(f).size, 0);

    expect(await sweepBlobTemps(root, { atStart: true })).toEqual({ removed: 6, bytes });
    for (const [what, file] of Object.entries(kept)) expect(fs.existsSync(file), what).toBe(true);
    for (const [what, file] of Object.entries(removed)) expect(fs.existsSync(file), what).toBe(false);
  });

  it('while running removes only by age: a young temp file of a dead process waits for its five minutes', async () => {
    const root = path.join(serverTempDir(), 'blobs');
    const dead = await deadPid();
    const young = placeTemp(root, `${HOST_TAG}-${dead}-${rand()}.tmp`, TEMP_MAX_AGE_MS - 60_000);
    const untagged = placeTemp(root, `${dead}-${rand()}.tmp`);
    const old = placeTemp(root, `${HOST_TAG}-${dead}-${rand()}.tmp`, OLD);
    expect((await sweepBlobTemps(root, { atStart: false })).removed).toBe(1);
    expect([fs.existsSync(young), fs.existsSync(untagged), fs.existsSync(old)]).toEqual([true, true, false]);
  });

  it('finds nothing to do in a data folder without blobs yet', async () => {
    expect(await sweepBlobTemps(path.join(serverTempDir(), 'none', 'blobs'), { atStart: true })).toEqual({ removed: 0, bytes: 0 });
  });
});

describe('the server’s sweeps', () => {
  it('sweeps before it listens, logs what it removed, sweeps by age on its timer, and stops the timer on close', async () => {
    const data = path.join(serverTempDir(), 'data');
    const config = defaultConfig(data, { port: 0, host: '127.0.0.1', logLevel: 'info' });
    const root = config.blobDir;
    const leftover = placeTemp(root, `${HOST_TAG}-${await deadPid()}-${rand()}.tmp`);
    const otherHostYoung = placeTemp(root, `${OTHER_HOST}-${process.pid}-${rand()}.tmp`);
    const lines: Array<{ level: number; msg: string; tempFilesRemoved?: number }> = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as (typeof lines)[number]);
        done();
      },
    });
    const app = await buildServer(config, { logger: { ...loggerOptions(config), stream }, tempSweep: { intervalMs: 50 }, overload: { maxEventLoopDelayMs: 0 } });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      expect(fs.existsSync(leftover)).toBe(false);
      expect(fs.existsSync(otherHostYoung)).toBe(true);
      const swept = lines.find((l) => l.tempFilesRemoved !== undefined);
      expect(swept).toMatchObject({ level: 30, tempFilesRemoved: 1 });
      // Before the line that says the server listens.
      expect(lines.indexOf(swept!)).toBeLessThan(lines.findIndex((l) => /listening/i.test(l.msg)));

      const old = placeTemp(root, `${OTHER_HOST}-${process.pid}-${rand()}.tmp`, OLD);
      for (let i = 0; i < 100 && fs.existsSync(old); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(fs.existsSync(old)).toBe(false);
      expect(fs.existsSync(otherHostYoung)).toBe(true);
    } finally {
      await app.close();
    }
    const afterClose = placeTemp(root, `${OTHER_HOST}-${process.pid}-${rand()}.tmp`, OLD);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fs.existsSync(afterClose)).toBe(true);
  });
});

/** The real server as a child process: `node --import tsx src-server/main.ts …` (its pid is the server's). */
function startServerProcess(data: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-server/main.ts', '--port', '0', '--data', data], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  afterAll(() => {
    child.kill('SIGKILL');
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), 60_000);
    child.stdout.on('data', () => {
      const m = /地址：(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { child, exited, listening, output: () => out };
}

function tempFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.tmp'));
}

describe('a server killed between writing a blob and renaming it', () => {
  it('leaves a temp file that the next start removes before it answers', { timeout: 120_000 }, async () => {
    const data = path.join(serverTempDir(), 'data');
    const first = startServerProcess(data);
    await first.listening;
    // What the first server leaves when killed right before the rename: a whole file under its temp name.
    const bytes = randomBytes(2 * 1024 * 1024);
    const target = new BlobFiles(path.join(data, 'blobs')).pathOf(sha(bytes));
    const temp = `${target}.${HOST_TAG}-${first.child.pid}-${rand()}.tmp`;
    fs.mkdirSync(path.dirname(temp), { recursive: true });
    fs.writeFileSync(temp, bytes);
    expect(blobTempOwner(temp)).toEqual({ kind: 'tagged', host: HOST_TAG, pid: first.child.pid });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(tempFilesUnder(path.join(data, 'blobs'))).toHaveLength(1);

    const second = startServerProcess(data);
    const url = await second.listening;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(tempFilesUnder(path.join(data, 'blobs'))).toEqual([]);
    expect(fs.existsSync(target)).toBe(false);
    expect(second.output()).toMatch(/"tempFilesRemoved":1/);
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
