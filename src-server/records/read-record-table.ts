import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decodeCsv } from '../../src-node/csv-text.js';
import { csvErrorLine, csvSource, isFormulaCell, plainCell, readTable, xlsxSource, HEADER_SEARCH_ROWS, type SourceRow, type TableSource } from '../../src-node/table-source.js';
import { TableLimitError } from '../../src-node/table-limits.js';
import type { FileType } from '../../src-shared/file-type.js';
import { SNIFF_HEAD_BYTES, sniffTableBytes } from '../../src-node/table-sniff.js';
// One limit for a file read by the admin command line and one uploaded in the console.
import { ADMIN_RECORD_FILE_MAX_BYTES } from '../../src-shared/contract/sync-admin.js';
import { numberText } from '../../src-shared/rules/cell.js';
import { CodedError } from '../../src-shared/coded-error.js';

/**
 * Reads a table exported by the study platform (人员学习记录, 人员考试成绩) from .xlsx or .csv: finds
 * the header row by its texts (a title row above it is common; columns in any order), and hands back
 * every later non-blank row as raw cells keyed by column. Nothing is interpreted here beyond what
 * the file format needs: dates Excel stored as dates become "YYYY-MM-DD HH:mm:ss" text, numbers stay
 * numbers (so an ID number Excel turned into a number can be recognised as such by the caller).
 *
 * Every problem with the file as a whole is a RecordFileError with one Chinese line that says what to
 * do; the admin command prints it and exits 2.
 *
 * The reading itself — xlsx rows streamed and bounded, CSV decoded and its separator sniffed, the
 * header searched (also across two rows), the sheet with the most rows chosen — is the desktop's
 * too: src-node/table-source.ts. This file is the records' spec and messages.
 */

/** What a cell holds once read: text, a number Excel stored, TRUE/FALSE, or nothing. */
export type RawCell = string | number | boolean | null;

export interface ColumnSpec {
  key: string;
  /** The header texts that name this column; the first is the manual's. */
  headers: readonly string[];
  /** Every column with this header, in order (学习总时长 appears three times). */
  repeated?: boolean;
}

export interface TableSpec {
  /** For messages: 人员学习记录, 人员考试成绩. */
  title: string;
  columns: readonly ColumnSpec[];
  /** Keys of the columns without which the file is refused. */
  required: readonly string[];
}

export interface TableRow {
  /** The row number Excel shows (1-based); for CSV, the record number. */
  row: number;
  /** Cells by column key; a repeated column has one entry per occurrence. */
  cells: Record<string, RawCell[]>;
}

export interface RecordTable {
  fileName: string;
  sha256: string;
  size: number;
  format: 'xlsx' | 'csv';
  sheet?: string;
  headerRow: number;
  /** Keys of the spec's columns found in the header. */
  found: string[];
  /** Every header text of the header row, normalised (to tell one export from another). */
  headerTexts: string[];
  rows: TableRow[];
}

export type RecordFileErrorCode =
  | 'not_found'
  | 'too_large'
  | 'empty'
  | 'not_table'
  | 'encrypted'
  | 'xls'
  | 'ods'
  | 'corrupt'
  | 'missing_columns'
  | 'no_rows'
  | 'wrong_table';

export class RecordFileError extends CodedError<RecordFileErrorCode> {
  override name = 'RecordFileError';
  constructor(code: RecordFileErrorCode, message: string) {
    super(code, message, { userFacing: true });
  }
}

export { HEADER_SEARCH_ROWS };

const SEQ_HEADER = '序号';
const ALL_SPACE = /[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]+/g;

/** A header cell as compared: full-width to half-width, every kind of space removed. */
export function normalizeHeaderText(text: string): string {
  return text.normalize('NFKC').replace(ALL_SPACE, '');
}

/** The header line a file should have, for messages: "序号、姓名、身份证号、…". */
export function expectedHeaderLine(spec: TableSpec): string {
  const names = [SEQ_HEADER];
  for (const c of spec.columns) names.push(...Array<string>(c.repeated ? 3 : 1).fill(c.headers[0]!));
  return names.join('、');
}

function headerNames(spec: TableSpec, keys: readonly string[]): string {
  return keys.map((k) => `“${spec.columns.find((c) => c.key === k)?.headers[0] ?? k}”`).join('、');
}

// ---------------------------------------------------------------------------------------------------
// Header search, shared by both formats

interface HeaderFound {
  row: number;
  columns: Map<string, number[]>;
  /** Header cells recognised (a repeated column counts each time). */
  recognised: number;
  texts: string[];
  sheet?: string;
}

class HeaderSearch {
  private readonly byText = new Map<string, ColumnSpec>();
  /** The row that looked most like the header, for the message when none is complete. */
  best: { recognised: number; keys: Set<string> } = { recognised: 0, keys: new Set() };

  constructor(private readonly spec: TableSpec) {
    for (const c of spec.columns) for (const h of c.headers) this.byText.set(normalizeHeaderText(h), c);
  }

  /** A row's texts (texts[i] is column i+1) as the header, when it has every required column. */
  match(texts: readonly string[]): HeaderFound | undefined {
    const columns = new Map<string, number[]>();
    let recognised = 0;
    texts.forEach((text, i) => {
      const col = this.byText.get(normalizeHeaderText(text));
      if (!col) return;
      const cols = columns.get(col.key) ?? [];
      if (cols.length > 0 && !col.repeated) return;
      cols.push(i + 1);
      columns.set(col.key, cols);
      recognised += 1;
    });
    if (recognised > this.best.recognised) this.best = { recognised, keys: new Set(columns.keys()) };
    if (!this.spec.required.every((k) => columns.has(k))) return undefined;
    return { row: 0, columns, recognised, texts: texts.map(normalizeHeaderText).filter((t) => t !== '') };
  }

  /** The refusal when no row had every required column. */
  failure(fileName: string): RecordFileError {
    const missing = this.spec.required.filter((k) => !this.best.keys.has(k));
    const expected = `${this.spec.title}的表头应为：${expectedHeaderLine(this.spec)}（其中${headerNames(this.spec, this.spec.required)}必须有，列的顺序不限，表头上方可以有标题行）`;
    const where = this.best.recognised >= 2 ? '表头' : `前 ${HEADER_SEARCH_ROWS} 行`;
    return new RecordFileError(
      'missing_columns',
      `“${fileName}”的${where}中缺少${headerNames(this.spec, missing)}列，无法导入。${expected}。请从学习平台重新导出${this.spec.title}，或补上这些列后再导入。`,
    );
  }
}

function isBlank(cells: readonly RawCell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.replace(ALL_SPACE, '') === ''));
}

function headerText(cell: RawCell): string {
  if (cell === null) return '';
  return typeof cell === 'string' ? cell : String(cell);
}

function pickCells(header: HeaderFound, values: readonly RawCell[]): Record<string, RawCell[]> {
  const cells: Record<string, RawCell[]> = {};
  for (const [key, cols] of header.columns) cells[key] = cols.map((c) => values[c - 1] ?? null);
  return cells;
}

// ---------------------------------------------------------------------------------------------------
// The file as a whole

const KIND_NAME: Partial<Record<FileType, string>> = {
  pdf: 'PDF 文件',
  jpeg: 'JPEG 图片',
  png: 'PNG 图片',
  webp: 'WebP 图片',
  gif: 'GIF 图片',
  bmp: 'BMP 图片',
  tiff: 'TIFF 图片',
  heic: 'HEIC 图片',
  avif: 'AVIF 图片',
};

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function readFileChecked(file: string, name: string): Buffer {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new RecordFileError('not_found', `找不到文件“${file}”，请检查 --file 后面的路径是否正确。`);
  }
  if (!stat.isFile()) throw new RecordFileError('not_found', `“${file}”不是文件，请用 --file 指定从学习平台导出的 .xlsx 或 .csv 文件。`);
  if (stat.size === 0) throw new RecordFileError('empty', `文件“${name}”是空的（0 字节），请从学习平台重新导出后再导入。`);
  if (stat.size > ADMIN_RECORD_FILE_MAX_BYTES) {
    throw new RecordFileError(
      'too_large',
      `文件“${name}”有 ${megabytes(stat.size)}，超过了 ${megabytes(ADMIN_RECORD_FILE_MAX_BYTES)} 的上限。请按地区或时间段分成几个文件，分别导入。`,
    );
  }
  return fs.readFileSync(file);
}

/** Reads the table `spec` describes from an .xlsx or .csv file; throws RecordFileError for an unusable file. */
export async function readRecordTable(file: string, spec: TableSpec): Promise<RecordTable> {
  const fileName = path.basename(file);
  const buf = readFileChecked(file, fileName);
  const sha256 = crypto.createHash('sha256').update(buf).digest('hex');
  const base = { fileName, sha256, size: buf.length };
  // The bytes are judged by src-node/table-sniff.ts, which the desktop's template reader shares.
  const { kind, fileType } = sniffTableBytes(buf.subarray(0, SNIFF_HEAD_BYTES), () => buf);
  const ext = path.extname(file).toLowerCase();
  const asXlsx = `请在 Excel 或 WPS 中打开它，“另存为” Excel 工作簿（*.xlsx）或 CSV 文件后再导入`;

  if (kind === 'ods') throw new RecordFileError('ods', `“${fileName}”是 OpenDocument 表格（.ods），${asXlsx}。`);
  if (kind === 'xlsx') return { ...base, format: 'xlsx', ...(await readRows(xlsxSource(buf), fileName, spec)) };
  if (kind === 'ole_encrypted') {
    throw new RecordFileError(
      'encrypted',
      `“${fileName}”设置了打开密码，无法读取。请在 Excel 或 WPS 中打开它，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）并保存后再导入。`,
    );
  }
  if (kind === 'ole') throw new RecordFileError('xls', `“${fileName}”是旧版 Excel 97-2003 格式（.xls）${ext === '.xls' ? '' : '（只是改了扩展名）'}，${asXlsx}。`);
  const kindName = KIND_NAME[fileType];
  if (kindName !== undefined) {
    throw new RecordFileError('not_table', `“${fileName}”实际是${kindName}，不是 Excel 工作簿或 CSV 文件。请选择从学习平台导出的${spec.title}（.xlsx 或 .csv）。`);
  }
  if (kind === 'binary') {
    throw new RecordFileError('not_table', `“${fileName}”不是 Excel 工作簿或文本格式的 CSV 文件，无法读取。请选择从学习平台导出的${spec.title}（.xlsx 或 .csv）。`);
  }
  const text = decodeCsv(buf);
  if (/^\s*<(!doctype\s+html|html|table|\?xml)/i.test(text.slice(0, 512))) {
    // Web systems often save an HTML or XML table under an .xls name.
    throw new RecordFileError('not_table', `“${fileName}”是网页格式的表格（只是扩展名像 Excel），无法直接读取。${asXlsx}。`);
  }
  if (ext !== '.csv' && ext !== '.txt') {
    throw new RecordFileError('not_table', `“${fileName}”不是 Excel 工作簿，无法读取。请选择从学习平台导出的${spec.title}（.xlsx 或 .csv）。`);
  }
  if (text.replace(ALL_SPACE, '').replace(/[,;\t]/g, '') === '') {
    throw new RecordFileError('empty', `文件“${fileName}”里没有内容，请从学习平台重新导出${spec.title}后再导入。`);
  }
  return { ...base, format: 'csv', ...(await readRows(csvSource(file, ADMIN_RECORD_FILE_MAX_BYTES), fileName, spec)) };
}

type Body = Pick<RecordTable, 'headerRow' | 'found' | 'headerTexts' | 'rows'> & { sheet?: string };

function body(header: HeaderFound, rows: TableRow[]): Body {
  return {
    ...(header.sheet !== undefined ? { sheet: header.sheet } : {}),
    headerRow: header.row,
    found: [...header.columns.keys()],
    headerTexts: header.texts,
    rows,
  };
}

/** `="0123"`: how some systems force Excel to show a value as text. */
const EXCEL_TEXT_FORMULA = /^="(.*)"$/s;

function csvCell(field: unknown): RawCell {
  const text = typeof field === 'string' ? field : '';
  const m = EXCEL_TEXT_FORMULA.exec(text.trim());
  const v = m ? m[1]! : text;
  return v === '' ? null : v;
}

/** A row's cells as read: CSV fields stay text (`="0123"` unwrapped); xlsx cells as toRawCell makes them. */
function rowCells(source: TableSource, row: SourceRow): RawCell[] {
  if (source.format === 'csv') return row.values.map(csvCell);
  const date1904 = source.date1904();
  return row.values.map((v, i) => (v === undefined || v === null ? null : toRawCell(v, () => row.numFmt?.(i + 1), date1904)));
}

/** The table out of a source (src-node/table-source.ts), with the records' header spec and messages. */
async function readRows(source: TableSource, fileName: string, spec: TableSpec): Promise<Body> {
  const search = new HeaderSearch(spec);
  const rows: TableRow[] = [];
  let sheets = 0;
  let found;
  try {
    found = await readTable(
      {
        ...source,
        sheets: (async function* () {
          for await (const s of source.sheets) {
            sheets += 1;
            yield s;
          }
        })(),
      },
      {
        text: (v) => headerText(source.format === 'csv' ? csvCell(v) : toRawCell(v, () => undefined, false)),
        matchHeader: (texts) => search.match(texts),
        score: (h) => h.recognised,
        row(h, row) {
          const values = rowCells(source, row);
          return isBlank(values) ? undefined : { row: row.number, cells: pickCells(h, values) };
        },
        ambiguous: (list) =>
          new RecordFileError(
            'wrong_table',
            `“${fileName}”有几个工作表都是${spec.title}（${list.map((s) => `“${s.name}” ${s.rows} 行`).join('，')}），无法确定导入哪一个。请每个文件只放一个工作表后再导入。`,
          ),
      },
      { onHeader: () => undefined, onRow: (r) => rows.push(r) },
    );
  } catch (e) {
    if (e instanceof RecordFileError) throw e;
    if (e instanceof TableLimitError) {
      throw new RecordFileError(
        'too_large',
        e.kind === 'huge_cell'
          ? `文件中有异常巨大的单元格（“${fileName}”的某个单元格超过 32767 个字符），不是学习平台导出的${spec.title}，无法导入。`
          : `文件解压后异常巨大（“${fileName}”），不是学习平台导出的${spec.title}，无法导入。`,
      );
    }
    if (source.format === 'csv') {
      const line = csvErrorLine(e);
      throw new RecordFileError(
        'corrupt',
        `“${fileName}”${line !== undefined ? `第 ${line} 行附近` : ''}的 CSV 格式有误（引号不成对或列分隔有问题），无法读取。请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。`,
      );
    }
    const msg = e instanceof Error ? e.message : String(e);
    throw new RecordFileError(
      'corrupt',
      `“${fileName}”已损坏或不是完整的 Excel 工作簿（${msg.length > 80 ? msg.slice(0, 80) + '…' : msg}），无法读取。请在 Excel 或 WPS 中打开并重新“另存为” .xlsx 后再导入。`,
    );
  }
  if (sheets === 0) {
    throw new RecordFileError('not_table', `“${fileName}”是压缩文件，但不是 Excel 工作簿。请选择从学习平台导出的${spec.title}（.xlsx 或 .csv）。`);
  }
  if (!found) throw search.failure(fileName);
  return body({ ...found.header, row: found.headerRow, ...(found.sheet !== undefined ? { sheet: found.sheet } : {}) }, rows);
}

function toRawCell(value: unknown, numFmt: () => string | undefined, date1904: boolean): RawCell {
  // exceljs leaves a formula's cached result a serial number even under a date format.
  if (isFormulaCell(value) && typeof value.result === 'number') {
    const fmt = numFmt();
    if (isDateFormat(fmt)) return dateText(serialToDate(value.result, date1904), fmt);
  }
  const v = plainCell(value);
  return v instanceof Date ? dateText(v, numFmt()) : v;
}

function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

function stripFormatLiterals(fmt: string): string {
  return fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, '');
}

function isDateFormat(fmt: string | undefined): boolean {
  return fmt !== undefined && /[ymdhs]/i.test(stripFormatLiterals(fmt)) && !/^general$/i.test(fmt);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A date Excel stored: exceljs builds it at UTC from the serial, so the UTC fields are the wall-clock
 * time shown in Excel. "YYYY-MM-DD HH:mm:ss" (milliseconds only when there are some); a date-only
 * format at midnight stays "YYYY-MM-DD".
 */
function dateText(d: Date, numFmt: string | undefined): string {
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const ms = d.getUTCMilliseconds();
  const midnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && ms === 0;
  const hasTime = numFmt !== undefined && /[hs]/i.test(stripFormatLiterals(numFmt));
  if (midnight && !hasTime && numFmt !== undefined) return date;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${date} ${time}${ms !== 0 ? '.' + pad(ms, 3) : ''}`;
}

const EDGE_SPACE = /^[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]+|[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]+$/g;

/**
 * A cell as the text the platform wrote: ends trimmed (exports pad with spaces and tabs), nothing else
 * changed (full-width brackets in a unit's name stay full-width); numbers as Excel shows them.
 */
export function cellText(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (typeof cell === 'number') {
    // Excel keeps 15 significant digits; 0.1 + 0.2 written by a program must not become 0.30000000000000004.
    return Number.isInteger(cell) ? numberText(cell) : String(Number(cell.toPrecision(15)));
  }
  return cell.replace(EDGE_SPACE, '');
}
