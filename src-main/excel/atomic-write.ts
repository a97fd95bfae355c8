import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { writeFileDurably } from '../../src-node/durable-write.js';
import { CodedError } from '../../src-shared/coded-error.js';

/**
 * A workbook or file we write could not be written. `message` is one line of Chinese that says what
 * to do; the CLI prints it and exits 2, the app shows it in a dialog.
 */
export class OutputFileError extends CodedError {
  override name = 'OutputFileError';
  constructor(code: string, message: string) {
    super(code, message, { userFacing: true });
  }
}

/**
 * Writes `workbook` to `file` so that `file` is either the complete new workbook or untouched:
 * written to a temporary file beside it, flushed to disk, then renamed over it. On any error the
 * temporary file is removed and an OutputFileError in Chinese is thrown.
 */
export async function writeWorkbookAtomically(workbook: ExcelJS.Workbook, file: string): Promise<void> {
  await writeBytesAtomically(async () => Buffer.from(await workbook.xlsx.writeBuffer()), file);
}

/** The same for bytes made by `make` (a streamed workbook's zip): complete or untouched, errors in Chinese. */
export async function writeBytesAtomically(make: () => Promise<Uint8Array>, file: string): Promise<void> {
  const target = path.resolve(file);
  try {
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
      throw new OutputFileError('is_directory', `“${file}”是一个文件夹，请给出要保存的文件名，如 采集表.xlsx。`);
    }
    await writeFileDurably(target, await make(), { hidden: true });
  } catch (e) {
    throw e instanceof OutputFileError ? e : outputError(e, file);
  }
}

/**
 * Before long work (an export of thousands of rows), the failures that are certain already: the
 * folder is missing, or `file` is a folder. The rest (a locked file, a full disk) show at the write.
 */
export function checkOutputPath(file: string): void {
  const target = path.resolve(file);
  let folder: fs.Stats;
  try {
    folder = fs.statSync(path.dirname(target));
  } catch (e) {
    throw outputError(e, file);
  }
  if (!folder.isDirectory()) throw outputError(Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }), file);
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    throw new OutputFileError('is_directory', `“${file}”是一个文件夹，请给出要保存的文件名，如 采集表.xlsx。`);
  }
}

function outputError(e: unknown, file: string): OutputFileError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? 'unknown';
  const dir = path.dirname(path.resolve(file));
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new OutputFileError(code, `无法保存“${file}”：文件夹“${dir}”不存在。请先建好文件夹，或换一个保存位置。`);
    case 'EACCES':
    case 'EPERM':
    case 'EBUSY':
      return new OutputFileError(code, `无法保存“${file}”：文件正被 Excel 或 WPS 打开，或没有写入这个位置的权限。请关闭该文件或换一个保存位置后再试。`);
    case 'EROFS':
      return new OutputFileError(code, `无法保存“${file}”：这个位置是只读的。请换一个保存位置。`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new OutputFileError(code, `无法保存“${file}”：磁盘空间不足。请清理磁盘或换一个保存位置。`);
    default:
      return new OutputFileError(code, `无法保存“${file}”（${e instanceof Error ? e.message : String(e)}）。请换一个保存位置后再试。`);
  }
}
