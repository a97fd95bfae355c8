import { parseArgs } from 'node:util';
import type { Db } from '../store/open-store.js';
import { getBatch } from '../store/batches-repo.js';
import { BlobStore } from '../blobs/blob-store.js';
import { SyncService } from '../sync/sync-service.js';
import { SyncError } from '../sync/sync-error.js';
import { FileTokenStore } from '../sync/token-store.js';
import type { PushProgress } from '../sync/push-job.js';
import { NotReadyError } from '../sync/batch-payload.js';
import { cliActor, openDataDir, requireDataDir } from './data-dir.js';
import type { CliIo } from './io.js';
import { PERSON_STATUS_LABEL } from '../../src-shared/contract/desktop-api.js';
import { UsageError } from './usage-error.js';

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
export const STATUS_USAGE = 'npm run -s cli -- status --data <数据文件夹> [--json]';

function service(db: Db, dataDir: string): SyncService {
  const blobs = new BlobStore(db, dataDir);
  return new SyncService({ db, tokens: FileTokenStore.inDataDir(dataDir), actor: cliActor(), blobPath: (sha) => blobs.pathOf(sha) });
}

/** Runs `fn` with the store open; a SyncError or NotReadyError is the person's business: exit 2. */
async function withSync(dataFlag: string | undefined, usage: string, io: CliIo, fn: (sync: SyncService, db: Db) => Promise<number>): Promise<number> {
  const dir = requireDataDir(dataFlag, usage);
  const db = openDataDir(dir);
  try {
    return await fn(service(db, dir), db);
  } catch (e) {
    if (e instanceof SyncError || e instanceof NotReadyError) {
      io.err(e.message);
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

export async function loginCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, server: { type: 'string' }, username: { type: 'string' }, proxy: { type: 'string' }, 'ca-file': { type: 'string' } },
  });
  if (!values.username) throw new UsageError(`请用 --username 指定用户名。用法：${LOGIN_USAGE}`);
  return withSync(values.data, LOGIN_USAGE, io, async (sync) => {
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

export async function logoutCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' } } });
  return withSync(values.data, LOGOUT_USAGE, io, async (sync) => {
    await sync.logout();
    io.err('已退出登录。');
    return 0;
  });
}

function resolveBatchId(db: Db, idOrNumber: string): string {
  if (getBatch(db, idOrNumber)) return idOrNumber;
  const id = db.prepare('SELECT id FROM batches WHERE number = ?').pluck().get(idOrNumber) as string | undefined;
  if (!id) throw new UsageError(`找不到批次“${idOrNumber}”，请用 batches 命令查看批次号。`);
  return id;
}

const MB = 1024 * 1024;
function progressLine(p: PushProgress): string {
  if (p.phase === 'checking') return '正在检查服务器上已有的文件…';
  if (p.phase === 'sending') return '文件已全部上传，正在提交批次…';
  if (p.phase === 'done') return '';
  return `正在上传照片和佐证资料：${p.filesDone}/${p.filesTotal} 个文件，${(p.bytesDone / MB).toFixed(1)}/${(p.bytesTotal / MB).toFixed(1)} MB`;
}

export async function pushCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, batch: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (!values.batch) throw new UsageError(`请用 --batch 指定批次号。用法：${PUSH_USAGE}`);
  const timeoutS = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutS !== undefined && !(timeoutS > 0)) throw new UsageError('--timeout 应为正数（秒）。');
  return withSync(values.data, PUSH_USAGE, io, async (sync, db) => {
    const batchId = resolveBatchId(db, values.batch!);
    const job = sync.openJob(batchId) ?? sync.submitBatch(batchId);
    const signal = timeoutS !== undefined ? AbortSignal.timeout(timeoutS * 1000) : undefined;
    const outcome = await sync.pushUntilSettled(job.id, {
      onProgress: (p) => io.progress(progressLine(p)),
      onRetry: (e, at) => io.progress(`${e.message}（将在 ${Math.max(1, Math.round((at.getTime() - Date.now()) / 1000))} 秒后重试）`),
      ...(signal ? { signal } : {}),
    });
    io.progress('');
    if (values.json) await io.out(JSON.stringify(outcome.state === 'done' ? { state: 'done', answer: outcome.answer } : { state: outcome.state, ...('error' in outcome ? { error: { code: (outcome.error as SyncError).code ?? 'not_ready', message: outcome.error.message } } : {}) }) + '\n');
    switch (outcome.state) {
      case 'done': {
        const a = outcome.answer;
        io.err(a.result === 'created' ? `批次已提交，服务器已接收 ${a.persons.length} 人。` : a.result === 'resubmitted' ? `已重新提交 ${a.resubmitted.length} 人。` : '服务器上已有这个批次，内容相同，无需再次提交。');
        return 0;
      }
      case 'waiting_login':
        io.err(outcome.error.message);
        return 2;
      case 'failed':
        io.err(`提交失败：${outcome.error.message}`);
        return 2;
      case 'retry':
      case 'stopped':
        io.err('暂时无法完成提交（网络或服务器不可用），批次已保留在待提交队列中，下次运行 push 或打开报名助手时会自动继续。');
        return 3;
    }
  });
}

export async function pullCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, json: { type: 'boolean', default: false } } });
  return withSync(values.data, PULL_USAGE, io, async (sync) => {
    const r = await sync.pull();
    if (values.json) await io.out(JSON.stringify(r) + '\n');
    else {
      io.err(`已同步：审核结果 ${r.decisions} 条（退回 ${r.rejected} 人，审核通过 ${r.approved} 人），学习账号 ${r.studyAccounts} 个，学习记录 ${r.studyRecords} 条，考试成绩 ${r.examScores} 条。`);
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

const JOB_STATE: Record<string, string> = { queued: '等待提交', running: '正在提交', paused: '已暂停', done: '已完成', failed: '失败', cancelled: '已取消' };

export async function statusCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, json: { type: 'boolean', default: false } } });
  return withSync(values.data, STATUS_USAGE, io, async (sync) => {
    const s = sync.status();
    if (values.json) {
      await io.out(JSON.stringify(s) + '\n');
      return 0;
    }
    const lines = [
      `服务器：${s.settings ? s.settings.serverUrl : '未设置'}${s.settings ? `（代理：${s.settings.proxy}${s.settings.caFile ? `，CA 证书：${s.settings.caFile}` : ''}）` : ''}`,
      `登录：${s.signedIn ? `${s.signedIn.username}，有效期至 ${s.signedIn.expiresAt}` : '未登录'}`,
      `人员：${Object.entries(s.persons).map(([k, n]) => `${PERSON_STATUS_LABEL[k as keyof typeof PERSON_STATUS_LABEL] ?? k} ${n}`).join('，') || '无'}；学习账号 ${s.studyAccounts} 个`,
      `提交队列：${s.jobs.length === 0 ? '空' : ''}`,
      ...s.jobs.map((j) => `  #${j.id} 批次 ${j.batchId}：${JOB_STATE[j.state]}，文件 ${j.filesDone}/${j.filesTotal}${j.errorMessage ? `，${j.errorMessage}` : ''}`),
    ];
    await io.out(lines.join('\n') + '\n');
    return 0;
  });
}
