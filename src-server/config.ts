import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CodedError } from '../src-shared/coded-error.js';

/**
 * The server's settings: flags win over environment variables, which win over the defaults. Every bad
 * value is refused at start with one Chinese line that names the setting and says what it accepts.
 */
export interface ServerConfig {
  port: number;
  host: string;
  /** Absolute. Holds server.sqlite3 (unless databaseUrl says otherwise) and, by default, the blob files. */
  dataDir: string;
  /**
   * PostgreSQL instead of the SQLite file (DATABASE_URL / --database-url, postgres://user:pass@host:5432/db):
   * for several server processes behind a load balancer on one database. null: SQLite in dataDir.
   */
  databaseUrl: string | null;
  /** Absolute. The uploaded files (BLOB_DIR / --blob-dir); a folder all server processes share. Default: dataDir/blobs. */
  blobDir: string;
  /** Largest JSON body, in bytes. */
  jsonBodyLimit: number;
  /** Largest blob upload (photo, evidence file), in bytes. */
  blobBodyLimit: number;
  /** How long a login token is valid, in milliseconds. */
  tokenTtlMs: number;
  /** Wrong passwords in a row that lock an account... */
  lockoutMaxFailures: number;
  /** ...for this long, in milliseconds. */
  lockoutMs: number;
  /**
   * Different user names with a wrong password from one address within lockoutMs before the address is
   * throttled (password spraying). Generous: one person's typos count once, and lock only their own name.
   */
  ipMaxUsers: number;
  /**
   * The reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs; Fastify's trustProxy).
   * Empty: the socket's address is the client's, and X-Forwarded-For is ignored.
   */
  trustProxy: string[];
  /** 1: the unit's own judicial bureau decides (Fujian); 2: the county first, then the city (Guangxi). */
  reviewStages: 1 | 2;
  /** The photo spec profile in force (resources/photo-specs.json); '' = the file's active one. */
  photoSpec: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** HTTPS with these PEM files (absolute paths; read and checked at start, src-server/tls.ts); null: plain HTTP. */
  tls: TlsFiles | null;
  /** Bytes a unit may have uploaded that none of its batches names yet (PUT /blobs refuses more). */
  blobQuotaBytes: number;
  /** ...and how many such files. */
  blobQuotaFiles: number;
  /** Uploaded files no batch has named for this many days are removed (gc-blobs, and daily by the server). */
  blobGcDays: number;
}

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

/**
 * The folder holding package.json, out/ and resources/: the repository, or the deployed checkout.
 * Found upwards from this module, so it is the same from source (src-server/) and from the bundle
 * (out/server/main.js, scripts/build-server.mjs).
 */
export const REPO_ROOT = findAppRoot(path.dirname(fileURLToPath(import.meta.url)));

function findAppRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

/** The data folder's name under the system's or the user's data folder. */
export const DATA_FOLDER_NAME = 'zfbm-sync';

/** A folder this process can write to, or create. */
function writableOrCreatable(dir: string): boolean {
  try {
    if (fs.existsSync(dir)) {
      fs.accessSync(dir, fs.constants.W_OK);
      return fs.statSync(dir).isDirectory();
    }
    fs.accessSync(path.dirname(dir), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the data lives when neither --data nor DATA_DIR says: outside the code, so that replacing the
 * program never touches it. Linux: /var/lib/zfbm-sync when this user may write there (a service
 * account, root), else $XDG_DATA_HOME/zfbm-sync or ~/.local/share/zfbm-sync; Windows:
 * %ProgramData%\zfbm-sync; macOS: ~/Library/Application Support/zfbm-sync.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  canWrite: (dir: string) => boolean = writableOrCreatable,
): string {
  const home = env.HOME?.trim() || os.homedir();
  if (platform === 'win32') {
    const base = env.ProgramData?.trim() || env.PROGRAMDATA?.trim() || 'C:\\ProgramData';
    return path.win32.join(base, DATA_FOLDER_NAME);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', DATA_FOLDER_NAME);
  const system = path.posix.join('/var/lib', DATA_FOLDER_NAME);
  if (canWrite(system)) return system;
  const xdg = env.XDG_DATA_HOME?.trim();
  return path.posix.join(xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.local', 'share'), DATA_FOLDER_NAME);
}

const MB = 1024 * 1024;
export const DEFAULTS = {
  port: 8720,
  host: '127.0.0.1',
  jsonBodyLimit: 5 * MB,
  blobBodyLimit: 20 * MB,
  tokenTtlHours: 12,
  lockoutMaxFailures: 5,
  lockoutMinutes: 15,
  ipMaxUsers: 100,
  trustProxy: '',
  reviewStages: 1,
  photoSpec: '',
  logLevel: 'info',
  blobQuota: '2gb',
  blobQuotaFiles: 20_000,
  blobGcDays: 30,
} as const;

/** A setting that cannot be used; the message is Chinese and says what to write instead. */
export class ConfigError extends CodedError<'config'> {
  override name = 'ConfigError';
  constructor(message: string) {
    super('config', message, { userFacing: true });
  }
}

export const SERVER_USAGE =
  '用法：npm run server -- [--port <端口>] [--host <地址>] [--data <数据文件夹>] [--database-url <PostgreSQL 地址>] [--blob-dir <文件存放文件夹>] [--json-limit <大小>] [--blob-limit <大小>] [--review-stages 1|2] [--photo-spec <照片规格>] [--tls-cert <证书文件> --tls-key <私钥文件>]';

/** node:util parseArgs's English error, in Chinese. */
export function argsErrorMessage(e: unknown): string {
  const code = (e as { code?: string }).code ?? '';
  const msg = e instanceof Error ? e.message : String(e);
  const opt = (/'(-[^']*)'/.exec(msg)?.[1] ?? /"(-[^"]*)"/.exec(msg)?.[1])?.split(' ')[0];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `不认识的选项 ${opt ?? ''}`.trim();
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `选项 ${opt ?? ''} 后面缺少值，或不该带值`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `多余的参数 ${/'([^']*)'/.exec(msg)?.[1] ?? ''}`.trim();
  return `参数有误（${msg}）`;
}

/** "5mb", "20 MB", "512k", "1048576" -> bytes; NaN when unreadable. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb)?\s*$/i.exec(text);
  if (!m) return Number.NaN;
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? MB : unit === 'g' ? 1024 * MB : 1;
  return Math.round(Number(m[1]) * factor);
}

const intIn = (min: number, max: number, what: string, hint: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${what}必须是整数，${hint}`)
    .transform(Number)
    .pipe(z.number().min(min, `${what}不能小于 ${min}，${hint}`).max(max, `${what}不能大于 ${max}，${hint}`));

const size = (what: string, hint: string) =>
  z
    .string()
    .transform((s) => parseSize(s))
    .pipe(
      z
        .number({ error: `${what}写法不对，${hint}` })
        .refine((n) => n >= 1024 && n <= 1024 * MB, `${what}应在 1KB 到 1GB 之间，${hint}`),
    );

/** "10.0.0.1", "::1", "10.0.0.0/8", "fd00::/8": what proxy-addr (Fastify's trustProxy) accepts. */
function isAddressOrCidr(text: string): boolean {
  const [addr = '', bits, ...rest] = text.split('/');
  const family = net.isIP(addr);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const configInputSchema = z.object({
  port: intIn(0, 65535, '端口（PORT / --port）', '请写 1 到 65535 之间的整数，例如 8720。'),
  host: z
    .string()
    .trim()
    .min(1, '监听地址（HOST / --host）不能为空，例如 127.0.0.1（只允许本机访问）或 0.0.0.0（允许局域网访问）。')
    .regex(/^[A-Za-z0-9.:\-[\]]+$/, '监听地址（HOST / --host）写法不对，请写 IP 地址或主机名，例如 127.0.0.1 或 0.0.0.0。'),
  dataDir: z.string().trim().min(1, '数据文件夹（DATA_DIR / --data）不能为空，请写一个文件夹路径。'),
  databaseUrl: z
    .string()
    .trim()
    .refine((s) => s === '' || DATABASE_URL_PATTERN.test(s), databaseUrlProblem('数据库地址（DATABASE_URL / --database-url）')),
  blobDir: z.string(),
  jsonBodyLimit: size('JSON 请求大小上限（JSON_BODY_LIMIT / --json-limit）', '请写例如 5mb 或 512kb。'),
  blobBodyLimit: size('文件上传大小上限（BLOB_BODY_LIMIT / --blob-limit）', '请写例如 20mb。'),
  tokenTtlHours: z.coerce
    .number({ error: '登录有效期（TOKEN_TTL_HOURS）必须是数字，例如 12。' })
    .positive('登录有效期（TOKEN_TTL_HOURS）必须大于 0，例如 12。')
    .max(24 * 30, '登录有效期（TOKEN_TTL_HOURS）不能超过 720 小时（30 天），例如 12。'),
  lockoutMaxFailures: intIn(1, 100, '锁定前允许的连续输错次数（LOCKOUT_MAX_FAILURES）', '例如 5。'),
  lockoutMinutes: z.coerce
    .number({ error: '锁定时长（LOCKOUT_MINUTES）必须是数字，例如 15。' })
    .positive('锁定时长（LOCKOUT_MINUTES）必须大于 0，例如 15。')
    .max(24 * 60, '锁定时长（LOCKOUT_MINUTES）不能超过 1440 分钟，例如 15。'),
  ipMaxUsers: intIn(1, 100_000, '同一地址允许输错密码的不同用户名个数（LOGIN_IP_MAX_USERS）', '例如 100。'),
  trustProxy: z
    .string()
    .transform((s) => s.split(',').map((t) => t.trim()).filter((t) => t !== ''))
    .refine(
      (list) => list.every(isAddressOrCidr),
      '受信任的反向代理（TRUST_PROXY）应为逗号分隔的 IP 地址或网段，例如 127.0.0.1 或 10.0.0.0/8,192.168.1.10；不在反向代理后面时请不要设置。',
    ),
  reviewStages: z.enum(['1', '2'], { error: '审核级数（REVIEW_STAGES / --review-stages）只能是 1（本级司法局一级审核，如福建）或 2（县级初审、市级终审，如广西）。' }).transform(Number),
  photoSpec: z
    .string()
    .trim()
    .regex(/^([a-z][a-z0-9-]*)?$/, '照片规格（PHOTO_SPEC / --photo-spec）应为 resources/photo-specs.json 里的名称，例如 fujian 或 guangxi。'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: '日志级别（LOG_LEVEL）只能是 fatal、error、warn、info、debug、trace 或 silent。',
  }),
  blobQuota: z
    .string()
    .transform((s) => parseSize(s))
    .pipe(
      z
        .number({ error: '每个单位未提交文件的总量上限（BLOB_QUOTA）写法不对，请写例如 2gb 或 500mb。' })
        .refine((n) => n >= MB && n <= 1024 * 1024 * MB, '每个单位未提交文件的总量上限（BLOB_QUOTA）应在 1MB 到 1024GB 之间，例如 2gb。'),
    ),
  blobQuotaFiles: intIn(1, 10_000_000, '每个单位未提交文件的个数上限（BLOB_QUOTA_FILES）', '例如 20000。'),
  blobGcDays: intIn(1, 3650, '未被批次使用的文件保留天数（BLOB_GC_DAYS）', '例如 30。'),
});

/**
 * Reads the settings from flags (`--port`, `--host`, `--data`, `--json-limit`, `--blob-limit`,
 * `--review-stages`, `--photo-spec`, `--tls-cert`, `--tls-key`, `--database-url`, `--blob-dir`) and the environment
 * (PORT, HOST, DATA_DIR, DATABASE_URL, BLOB_DIR,
 * JSON_BODY_LIMIT, BLOB_BODY_LIMIT, REVIEW_STAGES, PHOTO_SPEC, TLS_CERT, TLS_KEY, TOKEN_TTL_HOURS,
 * LOCKOUT_MAX_FAILURES, LOCKOUT_MINUTES, LOGIN_IP_MAX_USERS, TRUST_PROXY, LOG_LEVEL, BLOB_QUOTA, BLOB_QUOTA_FILES,
 * BLOB_GC_DAYS). A relative data directory or TLS file is taken from `cwd`; without --data / DATA_DIR
 * the data directory is defaultDataDir(env). Throws ConfigError.
 */
export function loadConfig(argv: readonly string[] = [], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): ServerConfig {
  let flags: Record<string, string | undefined>;
  try {
    flags = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        'database-url': { type: 'string' },
        'blob-dir': { type: 'string' },
        'json-limit': { type: 'string' },
        'blob-limit': { type: 'string' },
        'review-stages': { type: 'string' },
        'photo-spec': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new ConfigError(`启动参数有误：${argsErrorMessage(e)}。${SERVER_USAGE}`);
  }
  const pick = (flag: string | undefined, envValue: string | undefined, fallback: string | number): string => {
    const v = flag ?? (envValue !== undefined && envValue.trim() !== '' ? envValue : undefined);
    return v === undefined ? String(fallback) : v;
  };
  const input = {
    port: pick(flags.port, env.PORT, DEFAULTS.port),
    host: pick(flags.host, env.HOST, DEFAULTS.host),
    dataDir: flags.data ?? (env.DATA_DIR?.trim() ? env.DATA_DIR : defaultDataDir(env)),
    databaseUrl: flags['database-url'] ?? env.DATABASE_URL ?? '',
    blobDir: flags['blob-dir'] ?? env.BLOB_DIR ?? '',
    jsonBodyLimit: pick(flags['json-limit'], env.JSON_BODY_LIMIT, DEFAULTS.jsonBodyLimit),
    blobBodyLimit: pick(flags['blob-limit'], env.BLOB_BODY_LIMIT, DEFAULTS.blobBodyLimit),
    tokenTtlHours: pick(undefined, env.TOKEN_TTL_HOURS, DEFAULTS.tokenTtlHours),
    lockoutMaxFailures: pick(undefined, env.LOCKOUT_MAX_FAILURES, DEFAULTS.lockoutMaxFailures),
    lockoutMinutes: pick(undefined, env.LOCKOUT_MINUTES, DEFAULTS.lockoutMinutes),
    ipMaxUsers: pick(undefined, env.LOGIN_IP_MAX_USERS, DEFAULTS.ipMaxUsers),
    trustProxy: env.TRUST_PROXY ?? DEFAULTS.trustProxy,
    reviewStages: pick(flags['review-stages'], env.REVIEW_STAGES, DEFAULTS.reviewStages),
    photoSpec: flags['photo-spec'] ?? env.PHOTO_SPEC ?? DEFAULTS.photoSpec,
    logLevel: pick(undefined, env.LOG_LEVEL, DEFAULTS.logLevel),
    blobQuota: pick(undefined, env.BLOB_QUOTA, DEFAULTS.blobQuota),
    blobQuotaFiles: pick(undefined, env.BLOB_QUOTA_FILES, DEFAULTS.blobQuotaFiles),
    blobGcDays: pick(undefined, env.BLOB_GC_DAYS, DEFAULTS.blobGcDays),
  };
  const parsed = configInputSchema.safeParse(input, { error: (iss) => `设置“${String(iss.path?.[0] ?? '')}”的值不对，请检查。` });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.message}（收到的是“${String(input[issue.path[0] as keyof typeof input] ?? '')}”）`);
  }
  const c = parsed.data;
  return {
    port: c.port,
    host: c.host,
    dataDir: path.resolve(cwd, c.dataDir),
    databaseUrl: c.databaseUrl === '' ? null : c.databaseUrl,
    blobDir: resolveBlobDir(c.blobDir, path.resolve(cwd, c.dataDir), cwd),
    jsonBodyLimit: c.jsonBodyLimit,
    blobBodyLimit: c.blobBodyLimit,
    tokenTtlMs: Math.round(c.tokenTtlHours * 3_600_000),
    lockoutMaxFailures: c.lockoutMaxFailures,
    lockoutMs: Math.round(c.lockoutMinutes * 60_000),
    ipMaxUsers: c.ipMaxUsers,
    trustProxy: c.trustProxy,
    reviewStages: c.reviewStages as 1 | 2,
    photoSpec: c.photoSpec,
    logLevel: c.logLevel,
    tls: tlsSetting(flags['tls-cert'], flags['tls-key'], env, cwd),
    blobQuotaBytes: c.blobQuota,
    blobQuotaFiles: c.blobQuotaFiles,
    blobGcDays: c.blobGcDays,
  };
}

/**
 * TLS_CERT / --tls-cert and TLS_KEY / --tls-key: both or neither. Only the paths here; the files are
 * read and checked at start (readTlsFiles in tls.ts), so that a bad one stops the server there.
 */
function tlsSetting(certFlag: string | undefined, keyFlag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): TlsFiles | null {
  if (certFlag?.trim() === '' || keyFlag?.trim() === '') throw new ConfigError('证书文件（--tls-cert）和私钥文件（--tls-key）不能为空，请写 PEM 文件的路径。');
  const cert = certFlag ?? (env.TLS_CERT?.trim() || undefined);
  const key = keyFlag ?? (env.TLS_KEY?.trim() || undefined);
  if (cert === undefined && key === undefined) return null;
  if (cert === undefined || key === undefined) {
    throw new ConfigError(
      `启用 HTTPS 需要同时设置证书和私钥：只设置了${cert === undefined ? '私钥（TLS_KEY / --tls-key）' : '证书（TLS_CERT / --tls-cert）'}，还缺${cert === undefined ? '证书（TLS_CERT / --tls-cert）' : '私钥（TLS_KEY / --tls-key）'}。两个都写上 PEM 文件的路径，或都不写（用 HTTP）。`,
    );
  }
  return { certFile: path.resolve(cwd, cert), keyFile: path.resolve(cwd, key) };
}

/** What DATABASE_URL / --database-url / --to accept: a postgres:// (or postgresql://) URL without spaces. */
export const DATABASE_URL_PATTERN = /^postgres(ql)?:\/\/\S+$/;

/** The Chinese line for a database address that is not one; `what` names the setting. */
export function databaseUrlProblem(what: string): string {
  return `${what}应为 postgres://用户名:密码@主机:端口/数据库名，例如 postgres://zfbm:密码@10.0.0.5:5432/zfbm；用内置的 SQLite 时请不要设置。`;
}

/** The blob folder from `--blob-dir` / BLOB_DIR (`given`, '' when neither), else `<dataDir>/blobs`; absolute. */
export function resolveBlobDir(given: string, dataDir: string, cwd = process.cwd()): string {
  return given.trim() === '' ? path.join(dataDir, 'blobs') : path.resolve(cwd, given.trim());
}

/** The data directory from `--data`, else DATA_DIR, else defaultDataDir(); absolute. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const v = flag ?? (env.DATA_DIR !== undefined && env.DATA_DIR.trim() !== '' ? env.DATA_DIR : undefined);
  if (v !== undefined && v.trim() === '') throw new ConfigError('数据文件夹（--data）不能为空，请写一个文件夹路径。');
  return path.resolve(cwd, v ?? defaultDataDir(env));
}

/** The defaults with a data directory: what tests and tools start from. */
export function defaultConfig(dataDir: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...loadConfig([], { DATA_DIR: dataDir }), ...overrides };
}
