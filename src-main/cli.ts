import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { processIo, type CliIo } from './cli/io.js';
import { cliDeps, type CliDeps } from './cli/cli-deps.js';
import { storageFault } from './store/storage-fault.js';
import { isUserFacing } from '../src-shared/coded-error.js';

/**
 * The headless CLI (DESIGN.md, "The CLI"): for installers, administrators and automated checks.
 * Exit codes: 0 done (whatever was found in the data), 2 the input could not be used (bad file,
 * wrong arguments), 1 an internal fault. Messages are one line of Chinese, never a stack trace.
 */

/**
 * Each command's module is imported when that command runs, never at start: `validate` must not pay
 * for sharp, better-sqlite3, axios and the sync code it never uses (issue 14: a cold `validate` within
 * 1.3x of exceljs merely reading the file). Help, rare, imports them all for their usage lines.
 */
async function helpText(): Promise<string> {
  const [v, t, i, b, r, e, p, pi, s] = await Promise.all([
    import('./cli/validate-command.js'),
    import('./cli/template-command.js'),
    import('./cli/import-command.js'),
    import('./cli/batches-command.js'),
    import('./cli/report-command.js'),
    import('./cli/evidence-command.js'),
    import('./cli/photos-command.js'),
    import('./cli/photos-import-command.js'),
    import('./cli/sync-commands.js'),
  ]);
  const { VALIDATE_USAGE } = v, { TEMPLATE_USAGE } = t, { IMPORT_USAGE } = i, { BATCHES_USAGE } = b, { REPORT_USAGE } = r;
  const { EVIDENCE_USAGE } = e, { PHOTOS_USAGE } = p, { PHOTOS_IMPORT_USAGE } = pi;
  const { LOGIN_USAGE, LOGOUT_USAGE, PULL_USAGE, PUSH_USAGE, STATUS_USAGE } = s;
  return [
    '执法人员报名助手 命令行工具',
    '',
    `  ${VALIDATE_USAGE}`,
    '      检查填好的采集表，列出每一行的问题；--json 输出 JSON。',
    `  ${TEMPLATE_USAGE}\n      生成空白采集表模板（带下拉列表和填写提示）；--renewal 生成换证人员模板。`,
    `  ${IMPORT_USAGE}`,
    '      把采集表导入数据文件夹中的新批次（整个文件一次写入，同一文件不会重复导入）。',
    `  ${BATCHES_USAGE}`,
    '      列出数据文件夹中的批次。',
    `  ${REPORT_USAGE}`,
    '      导出问题清单：出错的单元格标红并附说明，改好后可直接导入更新同一批次。',
    `  ${EVIDENCE_USAGE}`,
    '      上传或查看批次的佐证资料（JPG、PNG 或 PDF，每批最多 8 个）。',
    `  ${PHOTOS_USAGE}`,
    `  ${PHOTOS_IMPORT_USAGE}`,
    '      照片导入：按“照片”列或文件名中的身份证号匹配人员，检查规格并保存；被替换的照片保留历史。',
    '      按照片规格修正一个文件夹中的照片（转正、裁剪缩放、转格式、压缩、设 DPI、去掉 EXIF），修正后的副本存入 --out，原始照片不动。',
    '',
    '同步（与审核服务器）',
    `  ${LOGIN_USAGE}`,
    `  ${LOGOUT_USAGE}`,
    `  ${PUSH_USAGE}`,
    '      提交批次：只上传服务器缺少的文件，再提交批次；网络中断会自动重试，中途退出下次继续。',
    `  ${PULL_USAGE}`,
    '      取回审核结果（退回的人员和意见）、学习账号、学习记录和考试成绩。',
    `  ${STATUS_USAGE}`,
    '',
    '退出码：0 完成；2 需要处理（参数、数据或服务器拒绝）；3 暂时无法完成（网络或服务器不可用，已保留，稍后继续）；1 程序内部错误。',
    '',
  ].join('\n');
}

type Command = (argv: string[], io: CliIo, deps: CliDeps) => Promise<number>;
const COMMANDS: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./cli/validate-command.js')).validateCommand,
  template: async () => (await import('./cli/template-command.js')).templateCommand,
  import: async () => (await import('./cli/import-command.js')).importCommand,
  batches: async () => (await import('./cli/batches-command.js')).batchesCommand,
  report: async () => (await import('./cli/report-command.js')).reportCommand,
  evidence: async () => (await import('./cli/evidence-command.js')).evidenceCommand,
  photos: async () => (await import('./cli/photos-command.js')).photosCommand,
  login: async () => (await import('./cli/sync-commands.js')).loginCommand,
  logout: async () => (await import('./cli/sync-commands.js')).logoutCommand,
  push: async () => (await import('./cli/sync-commands.js')).pushCommand,
  pull: async () => (await import('./cli/sync-commands.js')).pullCommand,
  status: async () => (await import('./cli/sync-commands.js')).statusCommand,
};

export async function runCli(argv: string[], io: CliIo, deps: CliDeps = cliDeps()): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === 'help' || verb === '--help' || verb === '-h') {
    await io.out(await helpText());
    return verb ? 0 : 2;
  }
  const load = COMMANDS[verb];
  if (!load) {
    io.err(`不认识的命令“${verb}”。可用的命令：${Object.keys(COMMANDS).join('、')}。运行 npm run -s cli -- help 查看用法。`);
    return 2;
  }
  try {
    return await (await load())(rest, io, deps);
  } catch (e) {
    // The data folder read-only, not ours to write, full, or held by another program: exit 2, in Chinese.
    const fault = storageFault(e, dataDirOf(rest));
    if (fault) {
      io.err(fault.message);
      return 2;
    }
    // An error about the user's input or files says so itself: its message is the whole story.
    if (isUserFacing(e)) {
      io.err(e.message);
      return 2;
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`命令参数有误：${e.message}。运行 npm run -s cli -- help 查看用法。`);
      return 2;
    }
    io.err(`程序内部错误，操作未完成：${e instanceof Error ? e.message : String(e)}。请把这条信息发给技术支持。`);
    if (process.env.ZFBM_DEBUG) io.err(e instanceof Error ? (e.stack ?? '') : '');
    return 1;
  }
}

/** The `--data <dir>` of a command line, if it has one (every command that uses the store takes it). */
function dataDirOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data') return argv[i + 1] !== undefined ? path.resolve(argv[i + 1]!) : undefined;
    if (a.startsWith('--data=')) return path.resolve(a.slice('--data='.length));
  }
  return undefined;
}

/**
 * Runs a command line against the real terminal and sets the exit code. `deps` are the real ones
 * unless a test harness (test/helpers/cli-harness.ts) pins today or arms a fault point.
 */
export async function main(argv: string[], deps: Partial<CliDeps> = {}): Promise<void> {
  try {
    process.exitCode = await runCli(argv, processIo(), cliDeps(deps));
  } catch (e) {
    process.stderr.write(`程序内部错误：${String(e)}\n`);
    process.exitCode = 1;
  }
}

// Run directly (node --import tsx src-main/cli.ts …); scripts/cli.mjs calls main() on the bundle.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) void main(process.argv.slice(2));
