import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Issue } from '../../src-shared/domain/issue.js';
import type { PhotoSpec } from '../../src-shared/photo-spec.js';
import { fixPhoto } from '../photos/fix-photo.js';
import { formatBytes } from '../photos/inspect-photo.js';
import { getPhotoSpec, PhotoSpecError } from '../../src-node/reference/photo-specs.js';
import { UsageError } from './usage-error.js';
import type { CliIo } from './io.js';
import type { CliDeps } from './cli-deps.js';
import { photosImportCommand } from './photos-import-command.js';

export const PHOTOS_USAGE = '用法：npm run -s cli -- photos fix <照片文件夹> --out <输出文件夹> [--photo-spec <照片规格>] [--json]';

/** Files above this are no head photo (a 200-megapixel phone JPEG is about 60 MB). */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

interface FileOutcome {
  /** The entry's name in the input folder. */
  file: string;
  /** The fixed copy's name in the output folder; null when none was written. */
  output: string | null;
  /** False when the photo already met the spec and was copied as it was. */
  changed: boolean;
  actions: string[];
  /** What is still wrong with the copy, or why there is none. */
  unfixable: Issue[];
  /** Why nothing was written (Chinese), when nothing was. */
  skipped?: string;
}

interface Prepared {
  file: string;
  bytes?: Buffer;
  /** Set when the file could not even be read. */
  skipped?: string;
}

/** A name as it may be printed on one terminal line (control characters shown as '?'). */
function shown(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f]/g, '?');
}

function sameFile(a: string, b: string): boolean {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

async function readPhoto(dir: string, file: string): Promise<Prepared> {
  const full = path.join(dir, file);
  try {
    // lstat: a link is never followed (it could point anywhere, e.g. ../x.jpg).
    const st = await fs.promises.lstat(full);
    if (!st.isFile()) return { file, skipped: '不是普通文件（文件夹或快捷方式），已跳过' };
    if (st.size > MAX_INPUT_BYTES) {
      return { file, skipped: `文件有 ${formatBytes(st.size)}，不是正常的证件照（应远小于 ${formatBytes(MAX_INPUT_BYTES)}），已跳过；请换一张照片` };
    }
    const handle = await fs.promises.open(full, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    try {
      return { file, bytes: await handle.readFile() };
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const why = code === 'EACCES' || code === 'EPERM' ? '没有读取权限' : code === 'ENOENT' ? '文件已不存在' : `读取出错（${code || String(e)}）`;
    return { file, skipped: `无法读取这个文件：${why}，已跳过；请检查文件是否被其他程序占用或已被移走` };
  }
}

async function fixOne(dir: string, file: string, spec: PhotoSpec): Promise<{ outcome: FileOutcome; bytes: Buffer | null }> {
  const read = await readPhoto(dir, file);
  if (!read.bytes) return { outcome: { file, output: null, changed: false, actions: [], unfixable: [], skipped: read.skipped! }, bytes: null };
  const fixed = await fixPhoto({ bytes: read.bytes, fileName: file }, spec);
  if (!fixed.bytes) {
    return { outcome: { file, output: null, changed: false, actions: [], unfixable: fixed.unfixable, skipped: '未能修正，已跳过' }, bytes: null };
  }
  const base = path.basename(file, path.extname(file)) || path.basename(file);
  const output = fixed.changed ? base + fixed.extension : file;
  return { outcome: { file, output, changed: fixed.changed, actions: fixed.actions, unfixable: fixed.unfixable }, bytes: fixed.bytes };
}

/**
 * Writes a new file and never replaces one: written aside, then hard-linked into place (link fails
 * when the name exists, atomically); where links are unsupported (FAT drives) an exclusive copy.
 */
async function writeNew(dir: string, name: string, bytes: Buffer): Promise<'written' | 'exists'> {
  const target = path.join(dir, name);
  if (path.dirname(target) !== dir) throw new Error(`unsafe output name ${name}`);
  const tmp = path.join(dir, `.zfbm-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  await fs.promises.writeFile(tmp, bytes, { flag: 'wx' });
  try {
    try {
      await fs.promises.link(tmp, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return 'exists';
      await fs.promises.copyFile(tmp, target, fs.constants.COPYFILE_EXCL).catch((e2: NodeJS.ErrnoException) => {
        if (e2.code === 'EEXIST') throw Object.assign(new Error('exists'), { code: 'EEXIST' });
        throw e2;
      });
    }
    return 'written';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw e;
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

function textFor(o: FileOutcome): string {
  const lines: string[] = [];
  if (!o.output) {
    lines.push(`✘ ${shown(o.file)}：${o.skipped ?? '未能修正，已跳过'}`);
    for (const i of o.unfixable) lines.push(`    ${i.message}`);
    return lines.join('\n');
  }
  const target = o.output === o.file ? shown(o.file) : `${shown(o.file)} → ${shown(o.output)}`;
  lines.push(o.unfixable.length ? `⚠ ${target}（已保存，但仍有问题需要处理）` : `✔ ${target}`);
  for (const a of o.actions) lines.push(`    ${a}`);
  for (const i of o.unfixable) lines.push(`    仍需处理：${i.message}`);
  return lines.join('\n');
}

/** `photos fix <dir> --out <dir> [--photo-spec <name>] [--json]`: fixed copies of a folder of photos. */
export async function photosCommand(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'import') return photosImportCommand(rest, io, deps);
  if (sub !== 'fix') {
    throw new UsageError(sub ? `不认识的 photos 子命令“${shown(sub)}”，可用的是 fix（修正照片）和 import（导入照片）。${PHOTOS_USAGE}` : `请给出子命令 fix 或 import。${PHOTOS_USAGE}`);
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { out: { type: 'string' }, 'photo-spec': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new UsageError(`请给出一个照片文件夹。${PHOTOS_USAGE}`);
  if (!values.out) throw new UsageError(`请用 --out 指定保存修正后照片的文件夹（不能是照片所在的文件夹）。${PHOTOS_USAGE}`);
  let spec: PhotoSpec;
  try {
    spec = getPhotoSpec(values['photo-spec']);
  } catch (e) {
    if (e instanceof PhotoSpecError) throw new UsageError(e.message);
    throw e;
  }
  const inDir = path.resolve(positionals[0]!);
  const outDir = path.resolve(values.out);
  let inStat: fs.Stats;
  try {
    inStat = fs.statSync(inDir);
  } catch {
    throw new UsageError(`找不到照片文件夹“${shown(inDir)}”，请检查路径是否正确。`);
  }
  if (!inStat.isDirectory()) throw new UsageError(`“${shown(inDir)}”不是文件夹；请给出存放照片的文件夹。${PHOTOS_USAGE}`);
  if (fs.existsSync(outDir)) {
    if (!fs.statSync(outDir).isDirectory()) throw new UsageError(`--out 给出的“${shown(outDir)}”是一个文件，不是文件夹；请换一个文件夹。`);
    if (sameFile(inDir, outDir)) throw new UsageError('--out 不能是照片所在的文件夹（原始照片不会被覆盖）；请另选一个文件夹保存修正后的照片。');
  }
  try {
    fs.mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new UsageError(`无法创建输出文件夹“${shown(outDir)}”（${(e as NodeJS.ErrnoException).code ?? String(e)}）；请检查路径和权限，或换一个文件夹。`);
  }
  const realOut = fs.realpathSync(outDir);

  // Only names as the folder lists them (never a path), sorted for a stable report.
  const names = fs
    .readdirSync(inDir)
    .map((n) => path.basename(n))
    .filter((n) => n !== '.' && n !== '..')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const outcomes: FileOutcome[] = [];
  const concurrency = Math.max(1, Math.min(os.availableParallelism(), 8));
  const pending: Array<Promise<{ outcome: FileOutcome; bytes: Buffer | null }> | undefined> = [];
  let started = 0;
  const startUpTo = (limit: number) => {
    while (started < names.length && started < limit) {
      const i = started++;
      pending[i] = fixOne(inDir, names[i]!, spec);
    }
  };
  startUpTo(concurrency);
  // Results are written and reported in name order (the same names always win a clash), with at most
  // `concurrency` photos in work ahead of the writer.
  for (let i = 0; i < names.length; i++) {
    const { outcome, bytes } = await pending[i]!;
    pending[i] = undefined;
    startUpTo(i + 1 + concurrency);
    if (bytes && outcome.output) {
      const written = await writeNew(realOut, outcome.output, bytes);
      if (written === 'exists') {
        outcome.skipped = `输出文件夹中已有“${shown(outcome.output)}”，没有覆盖；请换一个空文件夹作 --out，或先移走旧文件（同名照片请先改名）`;
        outcome.output = null;
        outcome.actions = [];
        outcome.unfixable = [];
      }
    }
    outcomes.push(outcome);
    if (!values.json) await io.out(textFor(outcome) + '\n');
  }

  const saved = outcomes.filter((o) => o.output);
  const withProblems = saved.filter((o) => o.unfixable.length > 0);
  const failed = outcomes.filter((o) => !o.output);
  if (values.json) {
    await io.out(
      JSON.stringify(
        {
          input: inDir,
          out: realOut,
          spec: spec.name,
          files: outcomes,
          summary: { files: outcomes.length, saved: saved.length, withProblems: withProblems.length, failed: failed.length },
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  if (outcomes.length === 0) {
    await io.out(`文件夹“${shown(inDir)}”中没有文件；请检查是否选对了照片文件夹。\n`);
    return 0;
  }
  const parts = [`共 ${outcomes.length} 个文件：${saved.length} 个已按“${spec.title}”修正并保存到“${shown(realOut)}”`];
  if (withProblems.length) parts.push(`其中 ${withProblems.length} 个仍有无法自动修正的问题（标 ⚠）`);
  if (failed.length) parts.push(`${failed.length} 个未能修正或无法读取，已跳过（标 ✘）`);
  const next =
    withProblems.length || failed.length
      ? '请按上面每张照片的说明处理标 ⚠ 和 ✘ 的照片（如重新拍摄或换背景），再运行本命令；原始照片没有被改动。'
      : '修正后的照片都符合要求，可以直接用于报名；原始照片没有被改动。';
  await io.out(`${parts.join('，')}。\n${next}\n`);
  return 0;
}
