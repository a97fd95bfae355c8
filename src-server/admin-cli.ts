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
import { argsErrorMessage, ConfigError, DATABASE_URL_PATTERN, databaseUrlProblem, DEFAULTS, resolveBlobDir, resolveDataDir } from './config.js';
import type { BackupSummary } from './backup/backup.js';
import { isMainModule } from './entry.js';
import { DB_FILE } from './db/open-db.js';
import { openServerStore, type ServerStore } from './db/open-store.js';
import type { Sql } from './db/sql.js';
import type { RecordImportFile } from './records/import-records.js';
import type { RecordKind } from './records/record-kinds.js';
import { JURISDICTION_KIND_NAME, jurisdictionKindSchema, REVIEW_LEVEL_NAME, reviewLevelSchema, reviewStepName, roleSchema, type ReviewLevel } from '../src-shared/contract/sync-api.js';
import { CodedError, isUserFacing } from '../src-shared/coded-error.js';
import { updateHelp, updateVerbs } from './updates/update-verbs.js';

/**
 * `npm run -s server-admin -- <verb> [--data <dir>] [--database-url <url>] …`: sets up the accounts of
 * the sync server — judicial bureaus, units, users — resets passwords and lists what is there, imports
 * records, cleans up, backs up, and moves a SQLite store to PostgreSQL. Works while the server runs
 * (SQLite in WAL mode, or PostgreSQL; a reset or a disable takes effect at the next request). Exit 0
 * done, 2 bad input (one Chinese line on stderr), 1 internal fault.
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
      使用 PostgreSQL 时只备份文件（照片、佐证资料）：数据库请用 PostgreSQL 自己的 pg_dump 备份（命令会给出具体写法），
      并且先备份数据库、再备份文件。
  ${CMD} restore --from <备份文件夹> --data <新的数据文件夹>
      先逐一核对备份（文件齐全、内容与清单一致、数据库完整），再恢复到一个新的（或空的）数据文件夹；
      核对不通过时什么也不写。之后用 npm run server -- --data <该文件夹> 启动。
  ${CMD} migrate-to-postgres --from <数据文件夹> --to <PostgreSQL 地址>
      把内置 SQLite 数据库的全部数据搬到一个空的 PostgreSQL 数据库（地址写法：postgres://用户名:密码@主机:端口/数据库名）。
      迁移前请先停止同步服务器。全部数据在一个事务里写入，写完逐表核对行数和内容，有任何不一致就全部撤销；
      目标数据库里已有数据时拒绝迁移。上传的文件不在数据库里，命令结束时会说明如何沿用或复制。
${updateHelp(CMD)}

  每个命令都可加 --data <数据文件夹>（默认为环境变量 DATA_DIR；都没有时与服务器相同：Linux 上为 /var/lib/zfbm-sync，
  无权写入时为 ~/.local/share/zfbm-sync；Windows 上为 %ProgramData%\\zfbm-sync）、--database-url <PostgreSQL 地址>
  （默认为环境变量 DATABASE_URL；不设置时用数据文件夹里的 SQLite 数据库）、--blob-dir <文件存放文件夹>（默认为环境变量
  BLOB_DIR，或数据文件夹下的 blobs）和 --json。
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

/** Where the server's data is, as the server would find it from the same flags and environment. */
interface AdminLocation {
  dataDir: string;
  /** PostgreSQL (--database-url / DATABASE_URL); null: the SQLite file in dataDir. */
  databaseUrl: string | null;
  /** The uploaded files (--blob-dir / BLOB_DIR); default dataDir/blobs, as the server's. */
  blobDir: string;
}

function checkedDatabaseUrl(given: string, what: string): string {
  const url = given.trim();
  if (!DATABASE_URL_PATTERN.test(url)) throw new ConfigError(databaseUrlProblem(what));
  return url;
}

function adminLocation(values: Values, env: NodeJS.ProcessEnv): AdminLocation {
  const dataDir = resolveDataDir(str(values, 'data'), env);
  const url = str(values, 'database-url') ?? env.DATABASE_URL ?? '';
  const blob = str(values, 'blob-dir') ?? env.BLOB_DIR ?? '';
  return {
    dataDir,
    databaseUrl: url.trim() === '' ? null : checkedDatabaseUrl(url, '数据库地址（DATABASE_URL / --database-url）'),
    blobDir: resolveBlobDir(blob, dataDir),
  };
}

/** What a verb works on: the open store, and where its files are. */
interface AdminContext extends AdminLocation {
  store: ServerStore;
}

interface Verb {
  /** Options besides --data, --database-url, --blob-dir and --json. */
  options: readonly string[];
  /** Options without a value (--dry-run). */
  flags?: readonly string[];
  /** Opens the store itself, or not at all (backup, restore, migrate-to-postgres), instead of `run`. */
  standalone?(loc: AdminLocation, values: Values, io: AdminIo, env: NodeJS.ProcessEnv): Promise<void>;
  /** Takes the user name as a bare argument too (reset-password alice). */
  positional?: boolean;
  /** Work on the arguments done before the store is opened (reading an import file); its result goes to run. */
  prepare?(values: Values, env: NodeJS.ProcessEnv): Promise<unknown>;
  run?(db: Sql, values: Values, io: AdminIo, prepared: unknown, ctx: AdminContext): Promise<void>;
}

const userVerb = (usage: string, act: (db: Sql, user: UserRecord, json: boolean, io: AdminIo) => Promise<void>): Verb => ({
  options: ['username'],
  positional: true,
  run: async (db, values, io) => act(db, await resolveUser(db, need(str(values, 'username'), '--username', usage)), values.json === true, io),
});

/**
 * The modules of single verbs are loaded when that verb runs: reading spreadsheets alone takes seconds
 * to load, which every other command (and every mistyped one) would otherwise wait for.
 */
const importRecords = () => import('./records/import-records.js');

/** import-study-records / import-exam-scores: the file is read and checked before the store is opened. */
function importVerb(kind: RecordKind, verb: string): Verb {
  return {
    options: ['file'],
    prepare(values, env): Promise<RecordImportFile> {
      const given = need(str(values, 'file'), '--file', `${verb} --file <文件.xlsx|文件.csv>`);
      // npm run starts in the repository; a relative path means the administrator's own folder.
      return importRecords().then((m) => m.readRecordImport(kind, path.resolve(env.INIT_CWD ?? process.cwd(), given)));
    },
    async run(db, values, io, prepared) {
      const { storeRecordImport, formatImportSummary } = await importRecords();
      const summary = await storeRecordImport(db, prepared as RecordImportFile, actor());
      if (values.json) return io.out(JSON.stringify(summary));
      io.out(formatImportSummary(summary));
    },
  };
}

const MB = 1024 * 1024;

function backupMessage(s: BackupSummary): string {
  if (s.database === 'sqlite') {
    return (
      `备份完成：${s.out}\n  数据库和 ${s.blobs} 个文件（照片、佐证资料），共 ${(s.bytes / MB).toFixed(1)} MB，` +
      `每个文件的 SHA-256 记在 manifest.json 里。\n  恢复时：${CMD} restore --from <这个备份文件夹> --data <新的数据文件夹>`
    );
  }
  return (
    `文件备份完成：${s.out}\n  ${s.blobs} 个文件（照片、佐证资料），共 ${(s.bytes / MB).toFixed(1)} MB，每个文件的 SHA-256 记在 manifest.json 里。\n` +
    `  注意：数据库在 PostgreSQL 里，不在这个备份中，本命令没有备份数据库。数据库必须用 PostgreSQL 自己的 pg_dump 备份，例如：\n` +
    `    ${s.pgDump}\n` +
    `  （密码在 pg_dump 提示时输入，或放在 ~/.pgpass 里。）先备份数据库、再备份文件，文件备份才包含数据库记录的全部文件：` +
    `如果这次没有先运行 pg_dump，请现在运行它，然后再运行一次本命令（用新的 --out）。\n` +
    `  恢复时：数据库用 pg_restore 恢复，文件复制回文件存放文件夹（BLOB_DIR）。`
  );
}

const VERBS: Record<string, Verb> = {
  'add-jurisdiction': {
    options: ['name', 'level', 'parent'],
    async run(db, values, io) {
      const usage = 'add-jurisdiction --name <名称> --level city|county|province|department [--parent <上级>]';
      const name = need(str(values, 'name'), '--name', usage);
      const level = jurisdictionKindSchema.safeParse(need(str(values, 'level'), '--level', usage));
      if (!level.success) {
        throw new UsageError(`--level 只能是 city（市级）、county（县级）、province（省级司法厅）或 department（省直部门），收到的是“${str(values, 'level')}”。`);
      }
      const parent = str(values, 'parent');
      const parentId = parent !== undefined ? (await resolveJurisdiction(db, parent)).id : null;
      const j = await addJurisdiction(db, { name, level: level.data, parentId }, actor());
      if (values.json) return io.out(JSON.stringify(j));
      io.out(`已添加${JURISDICTION_KIND_NAME[j.kind]} #${j.id} ${j.name}${j.parentName ? `（上级：${j.parentName}）` : ''}。`);
    },
  },

  'add-unit': {
    options: ['name', 'jurisdiction'],
    async run(db, values, io) {
      const usage = 'add-unit --name <单位名称> --jurisdiction <司法局编号或名称>';
      const name = need(str(values, 'name'), '--name', usage);
      const j = await resolveJurisdiction(db, need(str(values, 'jurisdiction'), '--jurisdiction', usage));
      const u = await addUnit(db, { name, jurisdictionId: j.id }, actor());
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
          unitId: unit !== undefined ? (await resolveUnit(db, unit)).id : null,
          jurisdictionId: jurisdiction !== undefined ? (await resolveJurisdiction(db, jurisdiction)).id : null,
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

  'disable-user': userVerb('disable-user --username <用户名>', async (db, user, json, io) => {
    const u = await setDisabled(db, user.id, true, actor());
    if (json) return io.out(JSON.stringify(userAdminFields(u)));
    io.out(`已停用 ${userLine(u)}，已登录的设备已全部退出。要恢复请用 enable-user。`);
  }),

  'enable-user': userVerb('enable-user --username <用户名>', async (db, user, json, io) => {
    const u = await setDisabled(db, user.id, false, actor());
    if (json) return io.out(JSON.stringify(userAdminFields(u)));
    io.out(`已重新启用 ${userLine(u)}。`);
  }),

  list: {
    options: [],
    async run(db, values, io) {
      const [jurisdictions, units, users] = await Promise.all([listJurisdictions(db), listUnits(db), listUsers(db)]);
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
    async run(db, values, io, days, ctx) {
      const { collectBlobs, formatBlobGcSummary } = await import('./blobs/blob-gc.js');
      const summary = await collectBlobs(db, ctx.blobDir, { days: days as number, dryRun: values['dry-run'] === true, actor: actor().name });
      if (values.json) return io.out(JSON.stringify(summary));
      io.out(formatBlobGcSummary(summary));
    },
  },

  backup: {
    options: ['out'],
    async standalone(loc, values, io, env) {
      const given = need(str(values, 'out'), '--out', 'backup --out <备份文件夹> [--data <数据文件夹>]');
      if (loc.databaseUrl === null && !fs.existsSync(path.join(loc.dataDir, DB_FILE))) {
        throw new UsageError(`数据文件夹“${loc.dataDir}”里没有同步服务器的数据库（${DB_FILE}），没有可备份的东西。请用 --data 指定服务器的数据文件夹。`);
      }
      const { backupData } = await import('./backup/backup.js');
      const store = await openServerStore(loc);
      try {
        const s = await backupData(store, loc, path.resolve(env.INIT_CWD ?? process.cwd(), given));
        if (values.json) return io.out(JSON.stringify(s));
        io.out(backupMessage(s));
      } finally {
        await store.close();
      }
    },
  },

  restore: {
    options: ['from'],
    async standalone(loc, values, io, env) {
      const given = need(str(values, 'from'), '--from', 'restore --from <备份文件夹> --data <新的数据文件夹>');
      const { restoreData } = await import('./backup/backup.js');
      const s = await restoreData(path.resolve(env.INIT_CWD ?? process.cwd(), given), loc.dataDir);
      if (values.json) return io.out(JSON.stringify(s));
      io.out(
        `恢复完成：备份（${s.createdAt}）的数据库和 ${s.blobs} 个文件已逐一核对，放进了 ${s.dataDir}。\n` +
          `  用 npm run server -- --data "${s.dataDir}" 启动同步服务器。`,
      );
    },
  },

  'migrate-to-postgres': {
    options: ['from', 'to'],
    async standalone(loc, values, io, env) {
      const usage = 'migrate-to-postgres --from <数据文件夹> --to <PostgreSQL 地址>';
      const from = path.resolve(env.INIT_CWD ?? process.cwd(), need(str(values, 'from'), '--from', usage));
      const to = checkedDatabaseUrl(need(str(values, 'to'), '--to', usage), 'PostgreSQL 地址（--to）');
      if (!fs.existsSync(path.join(from, DB_FILE))) {
        throw new UsageError(`数据文件夹“${from}”里没有同步服务器的数据库（${DB_FILE}），没有可迁移的东西。请用 --from 指定服务器原来的数据文件夹。`);
      }
      const { copySqliteToPostgres, formatCopySummary } = await import('./db/migrate-to-postgres.js');
      // Each brought to the newest schema first, so the two have the same tables.
      const source = await openServerStore({ dataDir: from });
      try {
        const target = await openServerStore({ dataDir: from, databaseUrl: to });
        try {
          const progress = values.json ? undefined : (line: string) => io.out(line);
          const summary = await copySqliteToPostgres(source, target, { progress });
          // The files are not in the database: the folder they are in now serves PostgreSQL as it is.
          const blobDir = str(values, 'blob-dir') !== undefined || env.BLOB_DIR?.trim() ? loc.blobDir : path.join(from, 'blobs');
          if (values.json) return io.out(JSON.stringify({ ...summary, blobDir }));
          io.out(formatCopySummary(summary, blobDir));
        } finally {
          await target.close();
        }
      } finally {
        await source.close();
      }
    },
  },

  // The desktop update feed (issue 21): publish-update, update-status, update-rollout, update-pause/-resume, update-point-back.
  ...updateVerbs(actor),
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
  let store: ServerStore | undefined;
  try {
    // Every argument is checked before the store is touched.
    const options: Record<string, { type: 'string' | 'boolean' }> = {
      data: { type: 'string' },
      'database-url': { type: 'string' },
      'blob-dir': { type: 'string' },
      json: { type: 'boolean' },
    };
    for (const o of run.options) options[o] = { type: 'string' };
    for (const o of run.flags ?? []) options[o] = { type: 'boolean' };
    const { values, positionals } = parseArgs({ args: rest, options, allowPositionals: run.positional === true });
    if (positionals.length > 1) throw new UsageError(`多余的参数“${positionals.slice(1).join(' ')}”。运行 ${CMD} help 查看用法。`);
    if (positionals[0] !== undefined && values.username === undefined) values.username = positionals[0];
    const loc = adminLocation(values, env);
    const prepared = await run.prepare?.(values, env);
    if (run.standalone) {
      await run.standalone(loc, values, io, env);
      return 0;
    }
    store = await openServerStore(loc);
    await run.run!(store.db, values, io, prepared, { ...loc, store });
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
    await store?.close();
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
