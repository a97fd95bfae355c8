import fs from 'node:fs';
import zlib from 'node:zlib';
import * as XLSX from '@e965/xlsx';
import type { SheetRows, SourceRow } from './table-source.js';
import { CodedError } from '../src-shared/coded-error.js';

/**
 * The workbook formats exceljs cannot read — Excel 97-2003 .xls (BIFF in a compound file), WPS's .et
 * (the same container; an .et that is really xlsx inside goes to the xlsx reader, the caller sniffs
 * by magic bytes) and OpenDocument .ods — read with SheetJS CE (@e965/xlsx), and handed back as rows
 * of exceljs-like cell values, so each reader's own cell normalisation applies unchanged: text stays
 * text, numbers stay numbers (an ID Excel turned into a number stays a number, a code that lost its
 * leading zero stays 2), and a number under a date format becomes a Date at UTC midnight of the
 * calendar day Excel shows, corrected for the 1904 date system — what exceljs gives for an .xlsx.
 *
 * SheetJS reads a whole file into memory, so the work is bounded before it parses anything: the
 * file's size (LEGACY_MAX_BYTES), the number of cells that hold something (counted from the BIFF
 * records, or from the OpenDocument XML with its repeat counts), the inflated size of an .ods, and
 * the text of one cell (Excel's 32,767 characters). Past a bound, or for an encrypted or damaged
 * file, it throws LegacyWorkbookError; each caller says it in its own Chinese words.
 *
 * Shared by the desktop's template reader and, when it wants them, the sync server's record imports.
 */

export type LegacyFormat = 'xls' | 'ods';

/** SheetJS holds the whole file and every cell in memory: a real template is far below this. */
export const LEGACY_MAX_BYTES = 50 * 1024 * 1024;
/** Cells that hold something, in all sheets (a 50,000-person template has about 1 million). */
export const LEGACY_MAX_CELLS = 3_000_000;
/** Excel's own limit on the text of one cell. */
export const LEGACY_MAX_CELL_CHARS = 32_767;
/** Inflated bytes of all parts of an .ods together. */
export const LEGACY_MAX_INFLATED_BYTES = 400 * 1024 * 1024;

export type LegacyErrorKind = 'too_large' | 'too_many_cells' | 'huge_cell' | 'encrypted' | 'corrupt';

export class LegacyWorkbookError extends CodedError<LegacyErrorKind> {
  override name = 'LegacyWorkbookError';
  constructor(
    readonly kind: LegacyErrorKind,
    message: string,
  ) {
    super(kind, message, { userFacing: true });
  }
}

/** A cell as exceljs would hand it over, with the number format it shows under. */
export interface LegacyCell {
  value: string | number | boolean | Date;
  numFmt?: string;
}

export interface LegacyRow {
  /** The row number Excel shows (1-based). */
  number: number;
  /** `cells[i]` is column i+1; null where the cell is empty. */
  cells: Array<LegacyCell | null>;
}

export interface LegacySheet {
  name: string;
  rows(): Iterable<LegacyRow>;
}

export interface LegacyWorkbook {
  format: LegacyFormat;
  /** Serial dates count from 1904 (old Mac Excel). */
  date1904: boolean;
  sheets: LegacySheet[];
}

/** Reads `source` (a path or the bytes) as `format`; throws LegacyWorkbookError. */
export function readLegacyWorkbook(source: string | Buffer, format: LegacyFormat): LegacyWorkbook {
  const size = typeof source === 'string' ? fs.statSync(source).size : source.length;
  if (size > LEGACY_MAX_BYTES) throw new LegacyWorkbookError('too_large', `文件有 ${(size / 1024 / 1024).toFixed(1)} MB，超过 ${LEGACY_MAX_BYTES / 1024 / 1024} MB 的上限`);
  const buf = typeof source === 'string' ? fs.readFileSync(source) : source;

  if (format === 'xls') precheckBiff(buf);
  else precheckOds(buf);

  let wb: XLSX.WorkBook;
  // SheetJS writes its doubts to console.error ("ODS number format may be incorrect" for every
  // conditional format LibreOffice writes); the CLI's stderr is one line for the clerk. read() is
  // synchronous, so nothing else runs while it is quiet.
  const consoleError = console.error;
  console.error = () => undefined;
  try {
    wb = XLSX.read(buf, {
      type: 'buffer',
      dense: true,
      cellNF: true,
      cellText: false,
      cellDates: false,
      cellStyles: false,
      cellHTML: false,
      cellFormula: false,
      bookVBA: false,
      // SheetJS would also guess CSV, HTML, SYLK… out of anything; only these two are wanted.
      WTF: false,
    });
  } catch (e) {
    throw fromSheetJs(e);
  } finally {
    console.error = consoleError;
  }
  const date1904 = wb.Workbook?.WBProps?.date1904 === true;
  const sheets = wb.SheetNames.map((name): LegacySheet => ({ name, rows: () => sheetRows(wb.Sheets[name], date1904) }));
  return { format, date1904, sheets };
}

function fromSheetJs(e: unknown): LegacyWorkbookError {
  if (e instanceof LegacyWorkbookError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (/password|encrypt/i.test(msg)) return new LegacyWorkbookError('encrypted', '文件设置了打开密码。');
  // SheetJS's own words are English parser detail; the clerk is told what it means.
  return new LegacyWorkbookError('corrupt', '文件结构无法解析，可能只下载或复制了一部分');
}

const tooManyCells = () =>
  new LegacyWorkbookError('too_many_cells', `文件中填了内容的单元格超过 ${LEGACY_MAX_CELLS.toLocaleString('en-US')} 个，不是正常的采集表。`);
const hugeCell = () => new LegacyWorkbookError('huge_cell', `文件中有异常巨大的单元格（超过 ${LEGACY_MAX_CELL_CHARS} 个字符，Excel 本身也不允许），不是正常的表格。`);

// ---------------------------------------------------------------------------------------------------
// Bounds checked before SheetJS parses anything

/** BIFF record types of cells that hold a value (blanks are not kept). */
const BIFF_CELL = new Set([0x0203 /* NUMBER */, 0x00fd /* LABELSST */, 0x027e /* RK */, 0x0205 /* BOOLERR */, 0x0006 /* FORMULA */, 0x0204 /* LABEL */, 0x00d6 /* RSTRING */]);
const BIFF_MULRK = 0x00bd;
const BIFF_FILEPASS = 0x002f;

/** Counts the cells of every sheet in the Workbook stream, and finds FILEPASS (a password). */
function precheckBiff(buf: Buffer): void {
  let stream: Uint8Array | undefined;
  try {
    const cfb = XLSX.CFB.read(buf, { type: 'buffer' }) as { FileIndex: Array<{ name: string; content?: Uint8Array }> };
    if (cfb.FileIndex.some((f) => f.name === 'EncryptionInfo' || f.name === 'EncryptedPackage')) {
      throw new LegacyWorkbookError('encrypted', '文件设置了打开密码。');
    }
    stream = cfb.FileIndex.find((f) => f.name === 'Workbook' || f.name === 'Book')?.content;
  } catch (e) {
    throw fromSheetJs(e);
  }
  // No workbook stream: SheetJS says what it is (or is not).
  if (!stream) return;
  const data = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
  let cells = 0;
  for (let at = 0; at + 4 <= data.length; ) {
    const type = data.readUInt16LE(at);
    const len = data.readUInt16LE(at + 2);
    if (type === BIFF_FILEPASS) throw new LegacyWorkbookError('encrypted', '文件设置了打开密码。');
    if (BIFF_CELL.has(type)) cells += 1;
    else if (type === BIFF_MULRK && len >= 6) cells += Math.floor((len - 6) / 6);
    if (cells > LEGACY_MAX_CELLS) throw tooManyCells();
    at += 4 + len;
  }
}

/**
 * An .ods is a zip: every entry is inflated here with a bound on the total (SheetJS would inflate
 * them without one), and content.xml's cells are counted with their repeat counts (one XML cell may
 * stand for a million rows times a thousand columns).
 */
function precheckOds(buf: Buffer): void {
  const entries = zipEntries(buf);
  let budget = LEGACY_MAX_INFLATED_BYTES;
  for (const e of entries) {
    const data = inflateEntry(buf, e, budget);
    budget -= data.length;
    if (e.name === 'META-INF/manifest.xml' && data.includes('encryption-data')) {
      throw new LegacyWorkbookError('encrypted', '文件设置了打开密码。');
    }
    if (e.name === 'content.xml') countOdsCells(data.toString('utf8'));
  }
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function zipEntries(buf: Buffer): ZipEntry[] {
  const corrupt = () => new LegacyWorkbookError('corrupt', '压缩目录不完整（文件可能只下载或复制了一部分）');
  // End of central directory: 22 bytes plus a comment of at most 65,535.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) throw corrupt();
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const localOffset = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    out.push({ name, method, compressedSize, localOffset });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function inflateEntry(buf: Buffer, e: ZipEntry, budget: number): Buffer {
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) throw new LegacyWorkbookError('corrupt', `压缩包中的“${e.name}”不完整`);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) {
    if (data.length > budget) throw new LegacyWorkbookError('too_large', '解压后异常巨大，不是正常的表格');
    return data;
  }
  if (e.method !== 8) throw new LegacyWorkbookError('corrupt', `压缩包中的“${e.name}”用了不支持的压缩方式`);
  try {
    return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new LegacyWorkbookError('too_large', '解压后异常巨大，不是正常的表格');
    }
    throw new LegacyWorkbookError('corrupt', `压缩包中的“${e.name}”已损坏`);
  }
}

const ODS_TAG = /<table:(table-row|table-cell|covered-table-cell)\b([^>]*)>/g;

function countOdsCells(xml: string): void {
  let rowRepeat = 1;
  let cells = 0;
  for (const m of xml.matchAll(ODS_TAG)) {
    const attrs = m[2]!;
    if (m[1] === 'table-row') {
      rowRepeat = Number(/number-rows-repeated="(\d+)"/.exec(attrs)?.[1] ?? 1);
      continue;
    }
    // A self-closing cell without a value is blank (formatting only); SheetJS keeps no cell for it.
    if (attrs.endsWith('/') && !attrs.includes('value-type=')) continue;
    const colRepeat = Number(/number-columns-repeated="(\d+)"/.exec(attrs)?.[1] ?? 1);
    cells += rowRepeat * colRepeat;
    if (cells > LEGACY_MAX_CELLS) throw tooManyCells();
  }
}

// ---------------------------------------------------------------------------------------------------
// Cells as exceljs hands them over

/** BIFF error codes as Excel shows them. */
const ERRORS: Record<number, string> = { 0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A', 0x2b: '#GETTING_DATA' };

function* sheetRows(ws: XLSX.WorkSheet | undefined, date1904: boolean): Iterable<LegacyRow> {
  const data = (ws as { '!data'?: Array<Array<XLSX.CellObject | undefined> | undefined> } | undefined)?.['!data'];
  if (!data) return;
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    if (!row || row.length === 0) continue;
    const cells: Array<LegacyCell | null> = new Array<LegacyCell | null>(row.length).fill(null);
    let any = false;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      const value = cell ? cellValue(cell, date1904) : null;
      if (value === null) continue;
      cells[c] = typeof cell!.z === 'string' ? { value, numFmt: cell!.z } : { value };
      any = true;
    }
    if (any) yield { number: r + 1, cells };
  }
}

function cellValue(cell: XLSX.CellObject, date1904: boolean): LegacyCell['value'] | null {
  const v = cell.v;
  switch (cell.t) {
    case 's': {
      const text = typeof v === 'string' ? v : String(v ?? '');
      if (text.length > LEGACY_MAX_CELL_CHARS) throw hugeCell();
      return text;
    }
    case 'n':
      if (typeof v !== 'number' || !Number.isFinite(v)) return null;
      return typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z) ? serialToDate(v, date1904) : v;
    case 'b':
      return v === true;
    case 'd':
      // With cellDates off SheetJS gives serials; a Date here is local wall-clock time.
      return v instanceof Date ? new Date(Date.UTC(v.getFullYear(), v.getMonth(), v.getDate(), v.getHours(), v.getMinutes(), v.getSeconds())) : null;
    case 'e':
      return typeof v === 'number' ? (ERRORS[v] ?? '#ERROR') : String(v ?? '#ERROR');
    default:
      return null;
  }
}

/** As exceljs does it: the serial's calendar day and time at UTC. */
function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

// ---------------------------------------------------------------------------------------------------
// As a table-source.ts TableSource, for the shared reader (desktop template, server records)

/** Rows handed on per batch, as the xlsx source does. */
const BATCH_ROWS = 500;

/**
 * The workbook as table-source.ts's boundary: sheets of SourceRow batches, each value exceljs-like
 * (a date cell already a Date, with its number format). Parsing happens here, synchronously, and
 * throws LegacyWorkbookError.
 */
export function legacyTableSource(source: string | Buffer, format: LegacyFormat): { format: LegacyFormat; date1904(): boolean; sheets: AsyncIterable<SheetRows> } {
  const wb = readLegacyWorkbook(source, format);
  async function* batches(sheet: LegacySheet): AsyncIterable<readonly SourceRow[]> {
    let batch: SourceRow[] = [];
    for (const row of sheet.rows()) {
      const cells = row.cells;
      batch.push({ number: row.number, values: cells.map((c) => c?.value ?? null), numFmt: (col) => cells[col - 1]?.numFmt });
      if (batch.length >= BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  async function* sheets(): AsyncIterable<SheetRows> {
    for (const sheet of wb.sheets) yield { name: sheet.name, rows: batches(sheet) };
  }
  return { format, date1904: () => wb.date1904, sheets: sheets() };
}
