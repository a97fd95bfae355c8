import ExcelJS from 'exceljs';
import { setCellText } from '../../src-node/excel-text.js';

/**
 * The look every export shares: one sheet with a title row (what the list is, for whom, which
 * filter), a header row, then the people. Every cell but 序号 is text (format '@' and a string
 * value), so Excel and WPS never turn an ID number into 1.1E+17 or drop the leading zero of a code;
 * empty cells in those columns stay text too when someone fills them in later (证编号).
 */

export interface ExportColumn<R> {
  header: string;
  /** In characters. */
  width: number;
  value: (row: R) => string;
}

export interface ExportSheet<R> {
  sheetName: string;
  title: string;
  columns: ReadonlyArray<ExportColumn<R>>;
  rows: readonly R[];
  now: Date;
}

export const EMPTY_EXPORT_TEXT = '没有符合条件的人员';
export const SEQ_HEADER = '序号';
const TITLE_ROW = 1;
const HEADER_ROW = 2;

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const TEXT = '@';

export async function buildExportWorkbook<R>(opts: ExportSheet<R>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '执法人员报名助手（同步服务器）';
  wb.title = opts.title;
  wb.created = opts.now;
  wb.modified = opts.now;
  const lastCol = opts.columns.length + 1;
  const ws = wb.addWorksheet(opts.sheetName, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}`, activeCell: `A${HEADER_ROW + 1}` }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      printTitlesRow: `${TITLE_ROW}:${HEADER_ROW}`,
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });

  ws.getColumn(1).width = 6;
  opts.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 2);
    col.width = c.width;
    col.numFmt = TEXT;
  });

  ws.mergeCells(TITLE_ROW, 1, TITLE_ROW, lastCol);
  const title = ws.getCell(TITLE_ROW, 1);
  setCellText(title, opts.title);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(TITLE_ROW).height = 36;

  const header = ws.getRow(HEADER_ROW);
  [SEQ_HEADER, ...opts.columns.map((c) => c.header)].forEach((text, i) => {
    const cell = header.getCell(i + 1);
    cell.value = text;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  header.height = 30;

  opts.rows.forEach((r, n) => {
    const row = ws.getRow(HEADER_ROW + 1 + n);
    const seq = row.getCell(1);
    seq.value = n + 1;
    seq.border = BORDER;
    seq.alignment = { horizontal: 'center' };
    opts.columns.forEach((c, i) => {
      const cell = row.getCell(i + 2);
      cell.numFmt = TEXT;
      // Capped at Excel's cell limit; quote-prefixed where it starts like a formula (= + - @), so that
      // F2 and Enter in Excel never turns a person's text into a live formula.
      setCellText(cell, c.value(r));
      cell.border = BORDER;
      cell.alignment = { vertical: 'top', wrapText: true };
    });
  });

  if (opts.rows.length === 0) {
    const at = HEADER_ROW + 1;
    ws.mergeCells(at, 1, at, lastCol);
    const cell = ws.getCell(at, 1);
    cell.value = EMPTY_EXPORT_TEXT;
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    cell.font = { italic: true, color: { argb: 'FF606060' } };
    ws.getRow(at).height = 24;
  }

  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW + opts.rows.length, column: lastCol } };

  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HOUR = 3_600_000;

/** The first instant (ISO, UTC) of a China day, and of the day after `to`: a half-open period. */
export function chinaDayStart(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}
export function chinaDayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + 24 * HOUR).toISOString();
}

/** A finished export: the bytes and the names to offer them under. */
export interface ExportFile {
  /** Chinese, for Content-Disposition's filename*. */
  fileName: string;
  /** ASCII only, for clients that do not read filename*. */
  asciiFileName: string;
  bytes: Buffer;
  rowCount: number;
}

/** Parts joined by _ into a name every system accepts (no \ / : * ? " < > | or control characters). */
export function xlsxFileName(parts: readonly string[]): string {
  const name = parts
    .join('_')
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return `${name}.xlsx`;
}
