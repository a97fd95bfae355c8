import fs from 'node:fs';
import path from 'node:path';
import { WorkbookError } from './workbook-error.js';

/**
 * What a file really is, from its first bytes, never from its name: a renamed .xls, a password-
 * protected workbook or a Word document must get a clear message instead of a parser's stack trace.
 * 'xls' is any compound file (Excel 97-2003 .xls, WPS's .et); an .et that is xlsx inside is 'xlsx'.
 */
export type FileKind = 'xlsx' | 'csv' | 'xls' | 'ods';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Encrypted OOXML lives in an OLE container with an "EncryptionInfo" stream (names are UTF-16LE). */
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');
const ODS_MIMETYPE = Buffer.from('application/vnd.oasis.opendocument.spreadsheet');

function readHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Searches an OLE file for the encryption stream's name; the directory sits in the first sectors. */
function oleIsEncrypted(file: string): boolean {
  const size = fs.statSync(file).size;
  // The directory of a small encrypted package is near the start; larger ones may place it anywhere.
  const buf = size <= 64 * 1024 * 1024 ? fs.readFileSync(file) : readHead(file, 8 * 1024 * 1024);
  return buf.includes(ENCRYPTION_INFO);
}

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

  const head = readHead(file, 128);
  const ext = path.extname(file).toLowerCase();
  if (head.subarray(0, 4).equals(ZIP)) {
    if (head.includes(ODS_MIMETYPE)) return 'ods';
    return 'xlsx';
  }
  if (head.subarray(0, 8).equals(OLE)) {
    if (oleIsEncrypted(file)) throw encryptedError(name);
    // Excel 97-2003 .xls or WPS's .et: read by read-legacy.ts (a password inside is found there).
    return 'xls';
  }
  if (ext === '.csv' || ext === '.txt') {
    if (head.includes(0)) {
      // UTF-16 text has NUL bytes; anything else with NULs is binary.
      const bom = head.subarray(0, 2);
      if (!(bom[0] === 0xff && bom[1] === 0xfe) && !(bom[0] === 0xfe && bom[1] === 0xff)) {
        throw new WorkbookError('not_workbook', `“${name}”不是文本格式的 CSV 文件，请选择填好的采集表（.xlsx 或 .csv）。`);
      }
    }
    return 'csv';
  }
  throw new WorkbookError('not_workbook', `“${name}”不是 Excel 工作簿，无法读取。请选择填好的采集表（.xlsx），或在 Excel/WPS 中另存为 .xlsx 后再导入。`);
}
