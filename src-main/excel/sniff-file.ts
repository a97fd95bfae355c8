import fs from 'node:fs';
import path from 'node:path';
import { WorkbookError } from './workbook-error.js';
import { sniffTableFile } from '../../src-node/table-sniff.js';
import type { TableFormat } from '../../src-shared/table-formats.js';

/**
 * What a file really is, from its first bytes, never from its name: a renamed .xls, a password-
 * protected workbook or a Word document must get a clear message instead of a parser's stack trace.
 * 'xls' is any compound file (Excel 97-2003 .xls, WPS's .et); an .et that is xlsx inside is 'xlsx'.
 */
export type FileKind = TableFormat;

/** The password message, for every format (the .xls/.ods reader finds FILEPASS and encrypted .ods). */
export function encryptedError(name: string): WorkbookError {
  return new WorkbookError('encrypted', `“${name}”设置了打开密码，无法读取。请在 Excel 或 WPS 中打开它，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）并保存后再导入。`);
}

export function sniffFile(file: string): FileKind {
  const name = path.basename(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new WorkbookError('not_found', `找不到文件“${name}”，请检查文件路径是否正确。`);
  }
  if (!stat.isFile()) throw new WorkbookError('not_found', `“${name}”不是文件，请选择填好的采集表（.xlsx）。`);
  if (stat.size === 0) throw new WorkbookError('empty', `文件“${name}”是空的（0 字节），请重新保存采集表后再导入。`);

  // The bytes are judged by src-node/table-sniff.ts, which the server's record imports share.
  const sniff = sniffTableFile(file);
  const ext = path.extname(file).toLowerCase();
  if (sniff.kind === 'xlsx' || sniff.kind === 'ods') return sniff.kind;
  if (sniff.kind === 'ole_encrypted') throw encryptedError(name);
  // Excel 97-2003 .xls or WPS's .et: read by read-legacy.ts (a password inside is found there).
  if (sniff.kind === 'ole') return 'xls';
  if (ext === '.csv' || ext === '.txt') {
    // UTF-16 text has NUL bytes; anything else with NULs is binary.
    if (sniff.kind !== 'text') throw new WorkbookError('not_workbook', `“${name}”不是文本格式的 CSV 文件，请选择填好的采集表（.xlsx 或 .csv）。`);
    return 'csv';
  }
  throw new WorkbookError('not_workbook', `“${name}”不是 Excel 工作簿，无法读取。请选择填好的采集表（.xlsx），或在 Excel/WPS 中另存为 .xlsx 后再导入。`);
}
