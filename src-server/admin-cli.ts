import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  addJurisdiction,
  addUnit,
  addUser,
  listJurisdictions,
  listUnits,
  listUsers,
  resetPassword,
  resolveJurisdiction,
  resolveUnit,
  resolveUser,
  ROLE_NAME,
  setDisabled,
  isLocked,
  userAdminFields,
  type Actor,
  type UserRecord,
} from './accounts/accounts.js';
import { argsErrorMessage, DEFAULTS, resolveDataDir } from './config.js';
import { collectBlobs, formatBlobGcSummary } from './blobs/blob-gc.js';
import { backupData, restoreData } from './backup/backup.js';
import { isMainModule } from './entry.js';
import { DB_FILE, openDb, type Db } from './db/open-db.js';
import { formatImportSummary, readRecordImport, storeRecordImport, type RecordImportFile } from './records/import-records.js';
import type { RecordKind } from './records/record-kinds.js';
import { JURISDICTION_KIND_NAME, jurisdictionKindSchema, REVIEW_LEVEL_NAME, reviewLevelSchema, reviewStepName, roleSchema, type ReviewLevel } from '../src-shared/contract/sync-api.js';
import { CodedError, isUserFacing } from '../src-shared/coded-error.js';

/**
 * `npm run -s server-admin -- <verb> [--data <dir>] …`: sets up the accounts of the sync server —
 * judicial bureaus, units, users — resets passwords and lists what is there. Works while the server
 * runs (SQLite in WAL mode; a reset or a disable takes effect at the next request). Exit 0 done, 2
 * bad input (one Chinese line on stderr), 1 internal fault.
 */

const CMD = 'npm run -s server-admin --';

const HELP = `同步服务器 账号管理与数据导入

  ${CMD} add-jurisdiction --name <名称> --level city|county|province|department [--parent <上级编号或名称>]
      添加司法局：city 为市级，county 为县级（县级必须用 --parent 指定所属市级司法局）；province 为
      省级司法厅，department 为省直部门（如自治区交通运输厅，必须用 --parent 指定省级司法厅）：省直部门
      下属单位的人员由部门法制机构初审、省级司法厅终审。
  ${CMD} add-unit --name <单位名称> --jurisdiction <司法局编号或名称>
      添加执法单位。
  ${CMD} add-user --username <用户名> --role unit|reviewer|admin [--name <显示名>]
                  [--unit <单位编号或名称>] [--jurisdiction <司法局编号或名称>] [--level county|city]
      添加用户：unit 为执法单位账号（需 --unit），reviewer 为审核人员（需 --jurisdiction；--level 为审核
      级别，默认与司法局同级），admin 为管理员。会显示一次随机初始密码，首次登录时必须修改。
  ${CMD} reset-password --username <用户名>
      重置密码：生成新的随机初始密码（显示一次），解除锁定，已登录的设备全部退出。
  ${CMD} disable-user --username <用户名>     停用账号（已登录的设备全部退出）。
  ${CMD} enable-user --username <用户名>      重新启用账号。
  ${CMD} list                                 列出司法局、执法单位和用户。
  ${CMD} import-study-records --file <文件.xlsx|文件.csv>
      导入学习平台导出的“人员学习记录”（列：序号 姓名 身份证号 手机号 地区 单位 更新时间 开始时间 学习状态
      结束时间 考试状态 考试成绩 考试完成时间 学习总时长×3）。每行按身份证号交给终审通过该人员的执法单位，
      在其下次同步时送达；找不到终审通过人员的行不导入，会列出。重复导入同一文件不会产生重复数据。
  ${CMD} import-exam-scores --file <文件.xlsx|文件.csv>
      导入“人员考试成绩”（列：序号 姓名 身份证号 手机号 所属地区 工作单位 更新时间 是否通过 考试成绩 考试时长
      正式考试次数 开始考试时间 考试结束时间 同步时间），规则同上。
  ${CMD} gc-blobs [--days <天数>] [--dry-run]
      清理上传后超过若干天（默认为环境变量 BLOB_GC_DAYS，或 30 天）仍没有被任何批次用到的照片和佐证资料，
      以及磁盘上没有记录的残留文件。--dry-run 只统计、不删除。服务器运行时也可以执行（服务器每天也会自动清理一次）。
  ${CMD} backup --out <备份文件夹>
      备份数据库和全部文件（服务器运行时也可以备份，得到的是同一时刻的完整数据）。备份文件夹必须是新的或空的；
      备份完成时才会出现，里面的 manifest.json 记录了每个文件的 SHA-256。
  ${CMD} restore --from <备份文件夹> --data <新的数据文件夹>
      先逐一核对备份（文件齐全、内容与清单一致、数据库完整），再恢复到一个新的（或空的）数据文件夹；
      核对不通过时什么也不写。之后用 npm run server -- --data <该文件夹> 启动。

  每个命令都可加 --data <数据文件夹>（默认为环境变量 DATA_DIR；都没有时与服务器相同：Linux 上为 /var/lib/zfbm-sync，
  无权写入时为 ~/.local/share/zfbm-sync；Windows 上为 %ProgramData%\\zfbm-sync）和 --json。
`;

/** Wrong command-line words; the message says the right form. Exit code 2. */
class UsageError extends CodedError<'usage'> {
  override name = 'UsageError';
  constructor(message: string) {
    super('usage', message, { userFacing: true });
  }
}

export interface AdminIo {
  out(text: string): void;
  err(text: string): void;
}

function actor(): Actor {
  let who = 'unknown';
  try {
    who = os.userInfo().username;
  } catch {
    // Some containers have no user name for the uid.
  }
  return { userId: null, name: `server-admin (${who})`, now: () => new Date() };
}

function need(value: string | undefined, flag: string, usage: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`缺少 ${flag}。用法：${CMD} ${usage}`);
  return value;
}

function userLine(u: UserRecord): string {
  const where =
    u.role === 'unit'
      ? `执法单位：${u.unitName ?? '-'}`
      : u.role === 'reviewer'
        ? `司法局：${u.jurisdictionName ?? '-'}，审核级别：${u.reviewLevel ? reviewStepName(u.reviewLevel, u.jurisdictionKind) : '-'}`
        : '管理员';
  return `#${u.id} ${u.username}（${where}）`;
}

function userStatus(u: UserRecord, now: Date): string {
  if (u.disabled) return '已停用';
  if (isLocked(u, now)) return '已锁定';
  if (u.mustChangePassword) return '待改密码';
  return '正常';
}

function password(io: AdminIo, pw: string): void {
  io.out(`初始密码：${pw}`);
  io.out('（只显示这一次，请抄下交给使用人；首次登录后必须修改密码。）');
}

type Values = Record<string, string | boolean | undefined>;
const str = (v: Values, key: string): string | undefined => (typeof v[key] === 'string' ? (v[key] as string) : undefined);

interface Verb {
  /** Options besides --data and --json. */
  options: readonly string[];
  /** Options without a value (--dry-run). */
  flags?: readonly string[];
  /** Opens the data directory itself, or not at all (backup, restore), instead of `run`. */
  standalone?(dataDir: string, values: Values, io: AdminIo, env: NodeJS.ProcessEnv): Promise<void>;
  /** Takes the user name as a bare argument too (reset-password alice). */
  positional?: boolean;
  /** Work on the arguments done before the data directory is opened (reading an import file); its result goes to run. */
  prepare?(values: Values, env: NodeJS.ProcessEnv): Promise<unknown>;
  run?(db: Db, values: Values, io: AdminIo, prepared?: unknown): Promise<void> | void;
}

const userVerb = (usage: string, act: (db: Db, user: UserRecord, json: boolean, io: AdminIo) => Promise<void> | void): Verb => ({
  options: ['username'],
  positional: true,
  run: (db, values, io) => act(db, resolveUser(db, need(str(values, 'username'), '--username', usage)), values.json === true, io),
});

/** import-study-records / import-exam-scores: the file is read and checked before the store is opened. */
function importVerb(kind: RecordKind, verb: string): Verb {
  return {
    options: ['file'],
    prepare(values, env): Promise<RecordImportFile> {
      const given = need(str(values, 'file'), '--file', `${verb} --file <文件.xlsx|文件.csv>`);
      // npm run starts in the repository; a relative path means the administrator's own folder.
      return readRecordImport(kind, path.resolve(env.INIT_CWD ?? process.cwd(), given));
    },
    run(db, values, io, prepared) {
      const summary = storeRecordImport(db, prepared as RecordImportFile, actor());
      if (values.json) return io.out(JSON.stringify(summary));
      io.out(formatImportSummary(summary));
    },
  };
}

const VERBS: Record<string, Verb> = {
  'add-jurisdiction': {
    options: ['name', 'level', 'parent'],
    run(db, values, io) {
      const usage = 'add-jurisdiction --name <名称> --level city|county|province|department [--parent <上级>]';
      const name = need(str(values, 'name'), '--name', usage);
      const level = jurisdictionKindSchema.safeParse(need(str(values, 'level'), '--level', usage));
      if (!level.success) {
        throw new UsageError(`--level 只能是 city（市级）、county（县级）、province（省级司法厅）或 department（省直部门），收到的是“${str(values, 'level')}”。`);
      }
      const parent = str(values, 'parent');
      const parentId = parent !== undefined ? resolveJurisdiction(db, parent).id : null;
      const j = addJurisdiction(db, { name, level: level.data, parentId }, actor());
      if (values.json) return io.out(JSON.stringify(j));
      io.out(`已添加${JURISDICTION_KIND_NAME[j.kind]} #${j.id} ${j.name}${j.parentName ? `（上级：${j.parentName}）` : ''}。`);
    },
  },

  'add-unit': {
    options: ['name', 'jurisdiction'],
    run(db, values, io) {
      const usage = 'add-unit --name <单位名称> --jurisdiction <司法局编号或名称>';
      const name = need(str(values, 'name'), '--name', usage);
      const j = resolveJurisdiction(db, need(str(values, 'jurisdiction'), '--jurisdiction', usage));
      const u = addUnit(db, { name, jurisdictionId: j.id }, actor());
      if (values.json) return io.out(JSON.stringify(u));
      io.out(`已添加执法单位 #${u.id} ${u.name}（所属：${u.jurisdictionName}）。`);
    },
  },

  'add-user': {
    options: ['username', 'name', 'role', 'unit', 'jurisdiction', 'level'],
    async run(db, values, io) {
      const usage = 'add-user --username <用户名> --role unit|reviewer|admin [--unit <单位>] [--jurisdiction <司法局>] [--level county|city]';
      const username = need(str(values, 'username'), '--username', usage);
      const role = roleSchema.safeParse(need(str(values, 'role'), '--role', usage));
      if (!role.success) {
        throw new UsageError(`--role 只能是 unit（执法单位）、reviewer（审核人员）或 admin（管理员），收到的是“${str(values, 'role')}”。`);
      }
      let reviewLevel: ReviewLevel | null = null;
      const level = str(values, 'level');
      if (level !== undefined) {
        const l = reviewLevelSchema.safeParse(level);
        if (!l.success) throw new UsageError(`--level 只能是 county（县级审核）或 city（市级审核），收到的是“${level}”。`);
        reviewLevel = l.data;
      }
      const unit = str(values, 'unit');
      const jurisdiction = str(values, 'jurisdiction');
      const displayName = str(values, 'name');
      const { user, initialPassword } = await addUser(
        db,
        {
          username,
          ...(displayName !== undefined ? { displayName } : {}),
          role: role.data,
          unitId: unit !== undefined ? resolveUnit(db, unit).id : null,
          jurisdictionId: jurisdiction !== undefined ? resolveJurisdiction(db, jurisdiction).id : null,
          reviewLevel,
        },
        actor(),
      );
      if (values.json) return io.out(JSON.stringify({ ...userAdminFields(user), initialPassword }));
      io.out(`已添加${ROLE_NAME[user.role]}用户 ${userLine(user)}。`);
      password(io, initialPassword);
    },
  },

  'reset-password': userVerb('reset-password --username <用户名>', async (db, user, json, io) => {
    const pw = await resetPassword(db, user.id, actor());
    if (json) return io.out(JSON.stringify({ id: user.id, username: user.username, initialPassword: pw }));
    io.out(`已重置 ${userLine(user)}的密码，账号已解锁，已登录的设备已全部退出。`);
    password(io, pw);
  }),

  'disable-user': userVerb('disable-user --username <用户名>', (db, user, json, io) => {
    const u = setDisabled(db, user.id, true, actor());
    if (json) return io.out(JSON.stringify(userAdminFields(u)));
    io.out(`已停用 ${userLine(u)}，已登录的设备已全部退出。要恢复请用 enable-user。`);
  }),

  'enable-user': userVerb('enable-user --username <用户名>', (db, user, json, io) => {
    const u = setDisabled(db, user.id, false, actor());
    if (json) return io.out(JSON.stringify(userAdminFields(u)));
    io.out(`已重新启用 ${userLine(u)}。`);
  }),

  list: {
    options: [],
    run(db, values, io) {
      const jurisdictions = listJurisdictions(db);
      const units = listUnits(db);
      const users = listUsers(db);
      if (values.json) return io.out(JSON.stringify({ jurisdictions, units, users: users.map(userAdminFields) }));
      const now = new Date();
      const lines: string[] = [];
      lines.push(`司法局（${jurisdictions.length}）`);
      if (jurisdictions.length === 0) lines.push('  （还没有。用 add-jurisdiction 添加。）');
      for (const j of jurisdictions) {
        lines.push(`  ${j.parentId !== null ? '  ' : ''}#${j.id}\t${j.name}\t${j.kind === 'province' || j.kind === 'department' ? JURISDICTION_KIND_NAME[j.kind] : REVIEW_LEVEL_NAME[j.level]}${j.parentName ? `\t上级：${j.parentName}` : ''}`);
      }
      lines.push(`执法单位（${units.length}）`);
      if (units.length === 0) lines.push('  （还没有。用 add-unit 添加。）');
      for (const u of units) lines.push(`  #${u.id}\t${u.name}\t所属：${u.jurisdictionName}`);
      lines.push(`用户（${users.length}）`);
      if (users.length === 0) lines.push('  （还没有。用 add-user 添加。）');
      for (const u of users) {
        const where =
          u.role === 'unit'
            ? u.unitName
            : u.role === 'reviewer'
              ? `${u.jurisdictionName}（${u.reviewLevel ? reviewStepName(u.reviewLevel, u.jurisdictionKind) : ''}审核）`
              : '-';
        lines.push(`  #${u.id}\t${u.username}\t${u.displayName || '-'}\t${ROLE_NAME[u.role]}\t${where}\t${userStatus(u, now)}`);
      }
      io.out(lines.join('\n'));
    },
  },

  'import-study-records': importVerb('study_record', 'import-study-records'),
  'import-exam-scores': importVerb('exam_score', 'import-exam-scores'),

  'gc-blobs': {
    options: ['days'],
    flags: ['dry-run'],
    prepare(values, env): Promise<number> {
      const given = str(values, 'days') ?? env.BLOB_GC_DAYS;
      const days = given === undefined || given.trim() === '' ? DEFAULTS.blobGcDays : Number(given.trim());
      if (!Number.isInteger(days) || days < 1 || days > 3650) {
        throw new UsageError(`--days（或 BLOB_GC_DAYS）应为 1 到 3650 之间的整数天数，例如 30；收到的是“${given}”。`);
      }
      return Promise.resolve(days);
    },
    async run(db, values, io, days) {
      const summary = await collectBlobs(db, path.dirname(db.name), { days: days as number, dryRun: values['dry-run'] === true, actor: actor().name });
      if (values.json) return io.out(JSON.stringify(summary));
      io.out(formatBlobGcSummary(summary));
    },
  },

  backup: {
    options: ['out'],
    async standalone(dataDir, values, io, env) {
      const given = need(str(values, 'out'), '--out', 'backup --out <备份文件夹> [--data <数据文件夹>]');
      if (!fs.existsSync(path.join(dataDir, DB_FILE))) {
        throw new UsageError(`数据文件夹“${dataDir}”里没有同步服务器的数据库（${DB_FILE}），没有可备份的东西。请用 --data 指定服务器的数据文件夹。`);
      }
      const db = openDb(dataDir);
      try {
        const s = await backupData(db, dataDir, path.resolve(env.INIT_CWD ?? process.cwd(), given));
        if (values.json) return io.out(JSON.stringify(s));
        io.out(
          `备份完成：${s.out}\n  数据库和 ${s.blobs} 个文件（照片、佐证资料），共 ${(s.bytes / 1024 / 1024).toFixed(1)} MB，` +
            `每个文件的 SHA-256 记在 manifest.json 里。\n  恢复时：${CMD} restore --from <这个备份文件夹> --data <新的数据文件夹>`,
        );
      } finally {
        db.close();
      }
    },
  },

  restore: {
    options: ['from'],
    async standalone(dataDir, values, io, env) {
      const given = need(str(values, 'from'), '--from', 'restore --from <备份文件夹> --data <新的数据文件夹>');
      const s = await restoreData(path.resolve(env.INIT_CWD ?? process.cwd(), given), dataDir);
      if (values.json) return io.out(JSON.stringify(s));
      io.out(
        `恢复完成：备份（${s.createdAt}）的数据库和 ${s.blobs} 个文件已逐一核对，放进了 ${s.dataDir}。\n` +
          `  用 npm run server -- --data "${s.dataDir}" 启动同步服务器。`,
      );
    },
  },
};

/** Runs one admin command; returns the exit code. */
export async function runAdmin(argv: string[], io: AdminIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === 'help' || verb === '--help' || verb === '-h') {
    io.out(HELP);
    return verb === undefined ? 2 : 0;
  }
  const run = VERBS[verb];
  if (!run) {
    io.err(`不认识的命令“${verb}”。可用的命令：${Object.keys(VERBS).join('、')}。运行 ${CMD} help 查看用法。`);
    return 2;
  }
  let db: Db | undefined;
  try {
    // Every argument is checked before the data directory is touched.
    const options: Record<string, { type: 'string' | 'boolean' }> = { data: { type: 'string' }, json: { type: 'boolean' } };
    for (const o of run.options) options[o] = { type: 'string' };
    for (const o of run.flags ?? []) options[o] = { type: 'boolean' };
    const { values, positionals } = parseArgs({ args: rest, options, allowPositionals: run.positional === true });
    if (positionals.length > 1) throw new UsageError(`多余的参数“${positionals.slice(1).join(' ')}”。运行 ${CMD} help 查看用法。`);
    if (positionals[0] !== undefined && values.username === undefined) values.username = positionals[0];
    const dataDir = resolveDataDir(str(values, 'data'), env);
    const prepared = await run.prepare?.(values, env);
    if (run.standalone) {
      await run.standalone(dataDir, values, io, env);
      return 0;
    }
    db = openDb(dataDir);
    await run.run!(db, values, io, prepared);
    return 0;
  } catch (e) {
    // Wrong words, an unknown account, a setting, a data folder, a records file or a backup that cannot be used: the message says what to do.
    if (isUserFacing(e)) {
      io.err(e.message);
      return 2;
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`命令参数有误：${argsErrorMessage(e)}。运行 ${CMD} help 查看用法。`);
      return 2;
    }
    io.err(`程序内部错误，操作未完成：${e instanceof Error ? e.message : String(e)}。请把这条信息发给技术支持。`);
    return 1;
  } finally {
    db?.close();
  }
}

if (isMainModule(import.meta.url)) {
  // As the server: what this creates (a new data folder, backups) is not readable by other accounts.
  if (process.platform !== 'win32') process.umask(0o027);
  void runAdmin(process.argv.slice(2), {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
  }).then((code) => {
    process.exitCode = code;
  });
}
