import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Db } from '../store/open-store.js';
import { findBatch, type BatchSummary } from '../store/batches-repo.js';
import { runnerOf } from '../store/outbox-repo.js';
import { BlobStore } from '../blobs/blob-store.js';
import { SyncService } from '../sync/sync-service.js';
import { SyncError } from '../sync/sync-error.js';
import { FileTokenStore } from '../sync/token-store.js';
import type { PushProgress } from '../sync/push-job.js';
import { retryNotice } from '../sync/retry-notice.js';
import type { QueueEntry, QueueState } from '../sync/sync-status.js';
import { NotReadyError } from '../sync/batch-payload.js';
import { cliActor, openDataDir, requireDataDir } from './data-dir.js';
import type { CliIo } from './io.js';
import type { CliDeps } from './cli-deps.js';
import { PERSON_STATUS_WORDS, UNCONFIRMED_WORD } from '../../src-shared/status-words.js';
import { UsageError } from './usage-error.js';
import { localClock } from '../../src-shared/local-time.js';

/**
 * login, logout, push, pull, status: syncing without the window, for an administrator or a script.
 * Exit codes: 0 done; 2 the input, the data or the server's answer needs a person (not signed in, a
 * batch with errors, rows the server refused); 3 not finished yet (the server is unreachable and
 * --timeout passed): the push stays queued and continues next time; 1 an internal fault.
 */

export const LOGIN_USAGE = 'npm run -s cli -- login --data <数据文件夹> --server <服务器地址> --username <用户名> [--proxy none|system|<代理地址>] [--ca-file <CA证书.pem>] （密码从标准输入读取；首次登录时第二行为新密码）';
export const LOGOUT_USAGE = 'npm run -s cli -- logout --data <数据文件夹>';
export const PUSH_USAGE = 'npm run -s cli -- push --data <数据文件夹> --batch <批次号> [--timeout <秒>] [--json]';
export const PULL_USAGE = 'npm run -s cli -- pull --data <数据文件夹> [--json]';
export const STATUS_USAGE = 'npm run -s cli -- status --data <数据文件夹> [--all] [--json]';

function service(db: Db, dataDir: string, deps: CliDeps): SyncService {
  const blobs = new BlobStore(db, dataDir);
  return new SyncService({ db, tokens: FileTokenStore.inDataDir(dataDir), actor: cliActor(), today: deps.today, blobPath: (sha) => blobs.pathOf(sha), ...(deps.faults ? { faults: deps.faults } : {}) });
}

/** Runs `fn` with the store open; a SyncError or NotReadyError is the person's business: exit 2. */
async function withSync(dataFlag: string | undefined, usage: string, io: CliIo, deps: CliDeps, fn: (sync: SyncService, db: Db) => Promise<number>): Promise<number> {
  const dir = requireDataDir(dataFlag, usage);
  const db = openDataDir(dir);
  try {
    return await fn(service(db, dir, deps), db);
  } catch (e) {
    if (e instanceof SyncError || e instanceof NotReadyError) {
      // The service speaks the window's words; at the command line the server is set with login --server.
      io.err(e instanceof SyncError && e.code === 'config.missing' ? `${e.message.replace(/。$/, '')}（命令行：login --server <地址>）。` : e.message);
      return e instanceof SyncError && e.retryable ? 3 : 2;
    }
    throw e;
  } finally {
    db.close();
  }
}

async function readStdinLines(): Promise<string[]> {
  if (process.stdin.isTTY) throw new UsageError('请通过标准输入提供密码（例如 echo 密码 | npm run -s cli -- login …），不要写在命令行参数里。');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
}

export async function loginCommand(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, server: { type: 'string' }, username: { type: 'string' }, proxy: { type: 'string' }, 'ca-file': { type: 'string' } },
  });
  if (!values.username) throw new UsageError(`请用 --username 指定用户名。用法：${LOGIN_USAGE}`);
  return withSync(values.data, LOGIN_USAGE, io, deps, async (sync) => {
    try {
      sync.configure({
        ...(values.server !== undefined ? { serverUrl: values.server } : {}),
        ...(values.proxy !== undefined ? { proxy: values.proxy } : {}),
        ...(values['ca-file'] !== undefined ? { caFile: values['ca-file'] } : {}),
      });
    } catch (e) {
      if (e instanceof SyncError) throw e;
      const issue = (e as { issues?: Array<{ message: string }> }).issues?.[0];
      if (issue) throw new UsageError(issue.message);
      throw e;
    }
    const [password = '', newPassword = ''] = await readStdinLines();
    if (!password) throw new UsageError('标准输入中没有密码（第一行应为密码）。');
    const r = await sync.login(values.username!, password);
    if (r.mustChangePassword) {
      if (!newPassword) {
        io.err('首次登录（或密码被重置后）必须修改密码：请重新运行 login，并在标准输入的第二行写上新密码（至少 8 位，同时含字母和数字）。');
        return 2;
      }
      await sync.changePassword(password, newPassword);
      io.err('密码已修改。');
    }
    io.err(`已登录 ${sync.settings!.serverUrl}（${r.user.displayName}${r.user.unit ? `，${r.user.unit.name}` : ''}），有效期至 ${r.expiresAt}。`);
    return 0;
  });
}

export async function logoutCommand(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' } } });
  return withSync(values.data, LOGOUT_USAGE, io, deps, async (sync) => {
    await sync.logout();
    io.err('已退出登录。');
    return 0;
  });
}

function batchOf(db: Db, idOrNumber: string): BatchSummary {
  const batch = findBatch(db, idOrNumber);
  if (!batch) throw new UsageError(`找不到批次“${idOrNumber}”，请用 batches 命令查看批次号。`);
  return batch;
}

const MB = 1024 * 1024;
function progressLine(p: PushProgress): string {
  if (p.phase === 'checking') return '正在检查服务器上已有的文件…';
  if (p.phase === 'sending') return '文件已全部上传，正在提交批次…';
  if (p.phase === 'done') return '';
  const size = (n: number) => (p.bytesTotal >= MB ? `${(n / MB).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);
  return `正在上传照片和佐证资料：${p.filesDone}/${p.filesTotal} 个文件，${size(p.bytesDone)}/${size(p.bytesTotal)}`;
}

/** “本机进程 1234” / “计算机 PC-07 上的进程 1234”: who holds a push job, from its runner tag. */
function holderText(runner: string): string {
  const { host, pid } = runnerOf(runner);
  return host === os.hostname() ? `本机进程 ${pid}` : `计算机 ${host} 上的进程 ${pid}`;
}

export async function pushCommand(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, batch: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (!values.batch) throw new UsageError(`请用 --batch 指定批次号。用法：${PUSH_USAGE}`);
  const timeoutS = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutS !== undefined && !(timeoutS > 0)) throw new UsageError('--timeout 应为正数（秒）。');
  return withSync(values.data, PUSH_USAGE, io, deps, async (sync, db) => {
    const { id: batchId, number } = batchOf(db, values.batch!);
    const json = (o: object) => (values.json ? io.out(JSON.stringify({ batchNumber: number, batchId, ...o }) + '\n') : Promise.resolve());
    const signal = timeoutS !== undefined ? AbortSignal.timeout(timeoutS * 1000) : undefined;
    const start = await sync.submitOrConfirm(batchId);
    if ('unchanged' in start) {
      await json({ state: 'unchanged' });
      io.err(`服务器上已有批次 ${number}，内容相同，无需再次提交。`);
      return 0;
    }
    let waitingForOther = false;
    const outcome = await sync.pushUntilSettled(start.job.id, {
      // Started by hand: a job waiting for its retry time goes now.
      now: true,
      onProgress: (p) => {
        waitingForOther = false;
        io.progress(progressLine(p));
      },
      onRetry: (e, at) => io.progress(retryNotice(e.message, at, new Date())),
      onWait: (w) => {
        waitingForOther = true;
        io.progress(`批次 ${number} 正由另一个提交（${holderText(w.runner)}）上传，正在等它完成；如果它已中断，最迟 ${localClock(w.until)} 接着提交。`);
      },
      ...(signal ? { signal } : {}),
    });
    io.progress('');
    switch (outcome.state) {
      case 'done': {
        const a = outcome.answer;
        await json({ state: 'done', answer: a });
        io.err(a.result === 'created' ? `批次 ${number} 已提交，服务器已接收 ${a.persons.length} 人。` : a.result === 'resubmitted' ? `已重新提交 ${a.resubmitted.length} 人。` : `服务器上已有批次 ${number}，内容相同，无需再次提交。`);
        return 0;
      }
      case 'done_elsewhere':
        await json({ state: 'done_elsewhere' });
        io.err(`批次 ${number} 已由另一个提交完成，服务器已接收。`);
        return 0;
      case 'waiting_login':
        await json({ state: 'waiting_login', error: { code: outcome.error.code, message: outcome.error.message } });
        io.err(outcome.error.message);
        return 2;
      case 'failed': {
        const code = outcome.error instanceof SyncError ? outcome.error.code : 'not_ready';
        await json({ state: 'failed', error: { code, message: outcome.error.message } });
        io.err(`提交失败：${outcome.error.message}`);
        return 2;
      }
      case 'retry':
      case 'stopped': {
        const job = 'job' in outcome ? outcome.job : undefined;
        if (job?.state === 'failed') {
          await json({ state: 'failed', error: { code: job.errorCode, message: job.errorMessage } });
          io.err(`提交失败：${job.errorMessage}`);
          return 2;
        }
        if (job?.state === 'paused' || job?.state === 'cancelled') {
          await json({ state: job.state });
          io.err(job.state === 'paused' ? `批次 ${number} 的提交已暂停：请在报名助手的“人员提交”中点“继续”。` : `批次 ${number} 的提交已撤回；要提交，请重新运行 push。`);
          return 2;
        }
        await json({ state: 'queued', ...(job?.errorMessage ? { error: { code: job.errorCode, message: job.errorMessage } } : {}) });
        io.err(
          waitingForOther
            ? `已等待 ${timeoutS} 秒（--timeout），批次 ${number} 仍由另一个提交在上传；它会继续完成，用 status 查看进度。`
            : `暂时无法完成提交（网络或服务器不可用${job?.errorMessage ? `：${job.errorMessage}` : ''}），批次 ${number} 已保留在待提交队列中，下次运行 push 或打开报名助手时会自动继续。`,
        );
        return 3;
      }
    }
  });
}

export async function pullCommand(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, json: { type: 'boolean', default: false } } });
  return withSync(values.data, PULL_USAGE, io, deps, async (sync) => {
    const r = await sync.pull();
    if (values.json) await io.out(JSON.stringify(r) + '\n');
    else {
      io.err(`已同步：审核结果 ${r.decisions} 条（退回 ${r.rejected} 人，审核通过 ${r.approved} 人），学习账号 ${r.studyAccounts} 个，学习记录 ${r.studyRecords} 条，考试成绩 ${r.examScores} 条。`);
      if (r.confirmed > 0) io.err(`确认了 ${r.confirmed} 个已发出但未收到回答的批次：服务器已接收。`);
      const ref = r.reference;
      if (ref.changed) {
        const what = [ref.codeTablesChanged ? '代码表' : '', ref.photoSpecChanged ? '照片规格' : ''].filter(Boolean).join('和');
        io.err(`服务器的${what || '检查规则'}有更新（规则版本 ${ref.rulesVersion}）：重新检查了 ${ref.rechecked} 名未提交的人员，${ref.newErrors.length} 人出现新问题${ref.photoSpecChanged ? `；重新检查照片 ${ref.photosRechecked} 张，${ref.photosFailing} 张不符合新规格` : ''}。`);
        for (const e of ref.newErrors.slice(0, 20)) io.err(`  ${e.name || `#${e.personId}`}：${e.message}`);
      }
    }
    return 0;
  });
}

const JOB_STATE: Record<QueueState, string> = {
  queued: '等待提交',
  running: '正在提交',
  interrupted: '已中断，下次提交时继续',
  paused: '已暂停',
  done: '已完成',
  failed: '失败',
  cancelled: '已撤回',
};

function jobLine(j: QueueEntry, now: Date): string {
  const waiting = j.state === 'queued' && j.errorMessage && new Date(j.nextAttemptAt) > now ? retryNotice(j.errorMessage, new Date(j.nextAttemptAt), now) : j.errorMessage;
  return (
    `  批次 ${j.batchNumber}（${j.batchName}）：${JOB_STATE[j.state]}，服务器已有文件 ${j.filesDone}/${j.filesTotal}` +
    `${j.unconfirmed ? '，批次已发出、未收到服务器确认' : ''}${j.doneAt && j.state === 'done' ? `，完成于 ${j.doneAt}` : ''}${waiting ? `；${waiting}` : ''}`
  );
}

export async function statusCommand(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, json: { type: 'boolean', default: false }, all: { type: 'boolean', default: false } } });
  return withSync(values.data, STATUS_USAGE, io, deps, async (sync) => {
    const s = sync.status({ all: values.all });
    if (values.json) {
      await io.out(JSON.stringify(s) + '\n');
      return 0;
    }
    const now = new Date();
    const labels: Record<string, string> = { ...PERSON_STATUS_WORDS, unconfirmed: UNCONFIRMED_WORD };
    const lines = [
      `服务器：${s.settings ? s.settings.serverUrl : '未设置'}${s.settings ? `（代理：${s.settings.proxy}${s.settings.caFile ? `，CA 证书：${s.settings.caFile}` : ''}）` : ''}`,
      `登录：${s.signedIn ? `${s.signedIn.username}，有效期至 ${s.signedIn.expiresAt}` : '未登录'}`,
      `人员：${Object.entries(s.persons).map(([k, n]) => `${labels[k] ?? k} ${n}`).join('，') || '无'}；学习账号 ${s.studyAccounts} 个`,
      ...(s.persons.unconfirmed ? [`  （${UNCONFIRMED_WORD}：批次已发出，但没有收到服务器的回答；下次 push 或 pull 时会确认。）`] : []),
      `提交队列${values.all ? '（含已完成）' : ''}：${s.jobs.length === 0 ? '空' : ''}`,
      ...s.jobs.map((j) => jobLine(j, now)),
    ];
    await io.out(lines.join('\n') + '\n');
    return 0;
  });
}
