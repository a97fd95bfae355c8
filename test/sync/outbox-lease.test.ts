import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { value } from '../../src-server/db/sql.js';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import { enqueuePush } from '../../src-main/store/outbox-repo.js';
import { BlobStore } from '../../src-main/blobs/blob-store.js';
import { OutboxRunner } from '../../src-main/sync/outbox-runner.js';
import { SyncService } from '../../src-main/sync/sync-service.js';
import { FileTokenStore } from '../../src-main/sync/token-store.js';
import { seedDirectory, seedUser, startTestServer, type TestServer } from '../server/server-helpers.js';
import { prepareDesktopBatch, withStore, type DesktopBatch } from '../helpers/desktop-batch.js';
import { cliArgv, cliEnv, REPO_ROOT, runCli, runCliWithInput } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Who owns a push job, against the real CLI (child processes on a real data folder) and the real
 * server on 127.0.0.1 (issue 15): a job left "running" by a dead push is taken over when its lease
 * ends even when its PID now belongs to another live process, and the push waits for it asleep;
 * `--timeout` ends a wait on time; two pushes of one batch both succeed and send it once; after a
 * kill, `status` tells what is true (nobody pushing, the files the server has, the 批次号, 待确认).
 */
const root = tempDir('zfbm-lease-');
const data = path.join(root, 'desk');
let ts: TestServer;
const sleepers: ChildProcess[] = [];

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi' });
  const dir = await seedDirectory(ts.app);
  const unit = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
  const login = await runCliWithInput(['login', '--data', data, '--server', ts.url, '--username', unit.username, '--proxy', 'none'], `${unit.password}\nLeaseTest123\n`);
  expect(login.code, login.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  for (const s of sleepers) s.kill();
  await ts.stop();
});

const desktop = <T>(fn: (db: Db) => T): T => withStore(data, fn);

/** Some other program, alive, whose PID a dead push's record names (as after a reboot, or on Windows). */
function livePidOfAnotherProgram(): number {
  const s = spawn('sleep', ['300'], { stdio: 'ignore' });
  sleepers.push(s);
  return s.pid!;
}

/** The job of `batch` as a dead (or a live) push leaves it: running under `runner` until `leaseUntil`. */
function recordRunning(batch: DesktopBatch, runner: string, leaseUntil: Date): void {
  desktop((db) => {
    const job = enqueuePush(db, batch.batchId, new Date());
    db.prepare("UPDATE outbox SET state = 'running', runner = ?, lease_until = ? WHERE id = ?").run(runner, leaseUntil.toISOString(), job.id);
  });
}

interface Running {
  child: ChildProcess;
  stderr: () => string;
  done: Promise<{ code: number; endedAt: number; stdout: string; stderr: string }>;
}

/** The CLI as a child process whose output and CPU time can be watched while it runs. */
function startCli(args: string[]): Running {
  const child = spawn(process.execPath, cliArgv(args), { cwd: REPO_ROOT, env: cliEnv() });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ code: number; endedAt: number; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? 1, endedAt: Date.now(), stdout: out, stderr: err })),
  );
  return { child, stderr: () => err, done };
}

async function until(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
/** Seconds of CPU (user + system) the process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

const serverPersons = (batchId: string) => value(ts.app.db, z.number(), 'SELECT COUNT(*) FROM persons WHERE batch_id = ?', [batchId]);
const WAITING = /正由另一个提交（本机进程 \d+）上传，正在等它完成/;

describe('push jobs are owned by a lease', () => {
  it('a job a dead push left running, its PID now another live program, is taken over when the lease ends; the wait uses under 10 % of a core', async () => {
    const batch = await prepareDesktopBatch(data, 3);
    const leaseEnd = new Date(Date.now() + 10_000);
    recordRunning(batch, `${os.hostname()}:${livePidOfAnotherProgram()}:0badf00d`, leaseEnd);

    const push = startCli(['push', '--data', data, '--batch', batch.number, '--timeout', '60']);
    await until('the wait is announced', () => WAITING.test(push.stderr()));
    expect(push.stderr()).toContain(`批次 ${batch.number}`);
    const cpu0 = cpuSeconds(push.child.pid!);
    const wall0 = Date.now();
    await new Promise((r) => setTimeout(r, 3000));
    const share = (cpuSeconds(push.child.pid!) - cpu0) / ((Date.now() - wall0) / 1000);
    console.log(`waiting push: ${(share * 100).toFixed(1)} % of a core over ${Date.now() - wall0} ms`);
    expect(share).toBeLessThan(0.1);
    expect(await serverPersons(batch.batchId)).toBe(0);

    const r = await push.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/已提交，服务器已接收 3 人/);
    // Taken over once the lease ended, not before; then three photos and the batch.
    expect(r.endedAt).toBeGreaterThanOrEqual(leaseEnd.getTime());
    expect(r.endedAt - leaseEnd.getTime()).toBeLessThan(15_000);
    expect(await serverPersons(batch.batchId)).toBe(3);
    desktop((db) => expect(db.prepare('SELECT state FROM outbox WHERE batch_id = ?').pluck().all(batch.batchId)).toEqual(['done']));
  });

  it('--timeout ends the wait on time while a live pusher holds the job, and leaves the job to it', async () => {
    const batch = await prepareDesktopBatch(data, 1);
    const holder = `${os.hostname()}:${livePidOfAnotherProgram()}:a11ve000`;
    recordRunning(batch, holder, new Date(Date.now() + 600_000));

    const push = startCli(['push', '--data', data, '--batch', batch.number, '--timeout', '3']);
    await until('the wait is announced', () => WAITING.test(push.stderr()));
    const waitingSince = Date.now();
    const r = await push.done;
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/已等待 3 秒（--timeout），批次 .* 仍由另一个提交在上传/);
    // The timer starts before the wait is printed: it ends within the 3 s, not long after.
    expect(r.endedAt - waitingSince).toBeLessThan(3_000 + 1_500);
    desktop((db) => expect(db.prepare('SELECT state, runner FROM outbox WHERE batch_id = ?').get(batch.batchId)).toEqual({ state: 'running', runner: holder }));
    expect(await serverPersons(batch.batchId)).toBe(0);
  });

  it('a push waiting for another reports its outcome: done by the other is success', async () => {
    const batch = await prepareDesktopBatch(data, 1);
    recordRunning(batch, `${os.hostname()}:${livePidOfAnotherProgram()}:0the0e00`, new Date(Date.now() + 600_000));
    const push = startCli(['push', '--data', data, '--batch', batch.number, '--timeout', '30']);
    await until('the wait is announced', () => WAITING.test(push.stderr()));
    // The other pusher finishes (its answer stored, as runPushJob's last transaction does).
    desktop((db) => db.prepare("UPDATE outbox SET state = 'done', lease_until = '', done_at = ? WHERE batch_id = ?").run(new Date().toISOString(), batch.batchId));
    const r = await push.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`批次 ${batch.number} 已由另一个提交完成`));
  });

  it('the window\'s background pusher takes over a job a dead push left, once its lease ends', async () => {
    const batch = await prepareDesktopBatch(data, 2);
    recordRunning(batch, `${os.hostname()}:${livePidOfAnotherProgram()}:d0wn0000`, new Date(Date.now() + 2_000));
    const db = openStore(data);
    const actor = { name: '测试员', now: () => new Date() };
    const blobs = new BlobStore(db, data);
    const sync = new SyncService({ db, tokens: FileTokenStore.inDataDir(data), actor, blobPath: (sha) => blobs.pathOf(sha) });
    const runner = new OutboxRunner(sync, db, actor);
    try {
      const started = Date.now();
      runner.start();
      await until('pushed by the runner', () => db.prepare('SELECT state FROM outbox WHERE batch_id = ?').pluck().get(batch.batchId) === 'done', 20_000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
      expect(await serverPersons(batch.batchId)).toBe(2);
    } finally {
      await runner.stop();
      db.close();
    }
  });

  it('a push the clerk starts goes now, even when the job was waiting minutes for its next try', async () => {
    const batch = await prepareDesktopBatch(data, 1);
    desktop((db) => {
      const job = enqueuePush(db, batch.batchId, new Date());
      db.prepare("UPDATE outbox SET next_attempt_at = ?, attempts = 6, error_code = 'network', error_message = '连不上同步服务器。' WHERE id = ?").run(new Date(Date.now() + 300_000).toISOString(), job.id);
    });
    const started = Date.now();
    const r = await runCli(['push', '--data', data, '--batch', batch.number, '--timeout', '60']);
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await serverPersons(batch.batchId)).toBe(1);
  });

  it('two pushes of one batch started together both exit 0, and the server has it once', async () => {
    const batch = await prepareDesktopBatch(data, 6);
    const [a, b] = await Promise.all([
      runCli(['push', '--data', data, '--batch', batch.number, '--timeout', '60']),
      runCli(['push', '--data', data, '--batch', batch.number, '--timeout', '60']),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const said = [a.stderr, b.stderr].join('\n');
    expect(said).toMatch(/服务器已接收 6 人/);
    expect(said).toMatch(/已由另一个提交完成|内容相同/);
    expect(said).not.toMatch(/暂时无法完成提交/);
    expect(await value(ts.app.db, z.number(), 'SELECT COUNT(*) FROM batches WHERE id = ?', [batch.batchId])).toBe(1);
    expect(await serverPersons(batch.batchId)).toBe(6);
    desktop((db) => expect(db.prepare('SELECT state FROM outbox WHERE batch_id = ?').pluck().all(batch.batchId)).toEqual(['done']));
  });

  it('after a push killed mid-upload, status shows nobody pushing, the files the server has and the 批次号; the next push goes on from there', async () => {
    const batch = await prepareDesktopBatch(data, 6);
    const killed = await runCli(['push', '--data', data, '--batch', batch.number, '--timeout', '60'], { HARNESS_FAULT: 'blob.midway#3' });
    expect(killed.code).not.toBe(0);

    const status = await runCli(['status', '--data', data, '--json']);
    expect(status.code, status.stderr).toBe(0);
    const s = JSON.parse(status.stdout) as { jobs: Array<Record<string, unknown>>; persons: Record<string, number> };
    const job = s.jobs.find((j) => j.batchId === batch.batchId)!;
    expect(Object.keys(job)[0]).toBe('batchNumber');
    expect(job).toMatchObject({ batchNumber: batch.number, state: 'interrupted', filesDone: 2, filesTotal: 6, unconfirmed: false });
    const shas = desktop((db) => db.prepare('SELECT sha256 FROM photos p JOIN persons pe ON pe.id = p.person_id WHERE pe.batch_id = ? AND p.current = 1').pluck().all(batch.batchId) as string[]);
    const onServer = await value(ts.app.db, z.number(), `SELECT COUNT(*) FROM blob_owners WHERE sha256 IN (${shas.map(() => '?').join(',')})`, shas);
    expect(onServer).toBe(2);
    // Only the job the live holder of the --timeout test keeps is running.
    expect(s.jobs.filter((j) => j.state === 'running').map((j) => j.batchId)).not.toContain(batch.batchId);

    const text = await runCli(['status', '--data', data]);
    expect(text.stdout).toContain(`  批次 ${batch.number}（`);
    expect(text.stdout).toMatch(/已中断，下次提交时继续，服务器已有文件 2\/6/);

    const again = await runCli(['push', '--data', data, '--batch', batch.number, '--timeout', '60']);
    expect(again.code, again.stderr).toBe(0);
    expect(await serverPersons(batch.batchId)).toBe(6);
    // Finished jobs are hidden from status unless asked for.
    const after = JSON.parse((await runCli(['status', '--data', data, '--json'])).stdout) as { jobs: Array<{ batchId: string }> };
    expect(after.jobs.some((j) => j.batchId === batch.batchId)).toBe(false);
    const all = JSON.parse((await runCli(['status', '--data', data, '--json', '--all'])).stdout) as { jobs: Array<{ batchId: string; state: string }> };
    expect(all.jobs.filter((j) => j.batchId === batch.batchId).map((j) => j.state)).toEqual(['done']);
  });

  it('people whose answer was lost show 待确认 until a pull settles them from the server', async () => {
    const batch = await prepareDesktopBatch(data, 2);
    const killed = await runCli(['push', '--data', data, '--batch', batch.number, '--timeout', '60'], { HARNESS_FAULT: 'batch.answered' });
    expect(killed.code).not.toBe(0);
    expect(await serverPersons(batch.batchId)).toBe(2);

    const before = JSON.parse((await runCli(['status', '--data', data, '--json'])).stdout) as { jobs: Array<{ batchId: string; unconfirmed: boolean }>; persons: Record<string, number> };
    expect(before.persons.unconfirmed).toBe(2);
    expect(before.jobs.find((j) => j.batchId === batch.batchId)).toMatchObject({ unconfirmed: true });
    expect((await runCli(['status', '--data', data])).stdout).toMatch(/待确认 2/);

    const pull = await runCli(['pull', '--data', data]);
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stderr).toMatch(/确认了 1 个已发出但未收到回答的批次/);
    const after = JSON.parse((await runCli(['status', '--data', data, '--json'])).stdout) as { jobs: Array<{ batchId: string }>; persons: Record<string, number> };
    expect(after.persons.unconfirmed).toBeUndefined();
    expect(after.jobs.some((j) => j.batchId === batch.batchId)).toBe(false);
    desktop((db) => {
      expect(db.prepare('SELECT DISTINCT status FROM persons WHERE batch_id = ?').pluck().all(batch.batchId)).toEqual(['submitted']);
      expect(db.prepare('SELECT status FROM batches WHERE id = ?').pluck().get(batch.batchId)).toBe('submitted');
    });
  });
});
