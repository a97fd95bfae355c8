import type ExcelJS from 'exceljs';
import { setCellText } from '../../src-node/excel-text.js';
import { breathe, streamedWorkbook } from './streamed-workbook.js';

/**
 * The clerk's printed lists (导出学习账号, 导出培训达标情况 …): one sheet laid out for A4 landscape — a
 * title, a line saying when and what was exported, the header repeated on every page, the columns
 * scaled to the page's width — one row per person, written page by page so a long list streams to disk
 * with its progress. Text values are text cells: an 18-digit 身份证号 as a number would keep only 15
 * digits and lose a final X (DOMAIN.md), and a password like 0123 would lose its 0.
 */

export interface PrintedListColumn<R> {
  header: string;
  width: number;
  value: (row: R, seq: number) => string | number;
}

export interface PrintedListOptions<R> {
  title: string;
  sheetName: string;
  columns: ReadonlyArray<PrintedListColumn<R>>;
  /** Line 2: when, how many, what was searched and a note. */
  infoLine: string;
  /** The one row written when no person matched. */
  emptyText: string;
  pages: Iterable<R[]>;
  /** Rows written so far, after each page. */
  onProgress?: ((done: number) => void) | undefined;
  /** Text format for whole columns (all but 序号), so a number typed later in Excel stays as typed. */
  textColumns?: boolean;
  /** A row's own touches once its cells are written (a colour for 不可打印 …). */
  styleRow?: (row: ExcelJS.Row, r: R) => void;
}

const HEADER_ROW = 3;
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Excel's letter of column n (1-based), up to ZZ. */
function columnLetter(n: number): string {
  const a = 'A'.charCodeAt(0);
  return n <= 26 ? String.fromCharCode(a + n - 1) : String.fromCharCode(a + Math.floor((n - 1) / 26) - 1) + String.fromCharCode(a + ((n - 1) % 26));
}

/** Writes the workbook to `file` durably; answers the number of rows written. */
export async function writePrintedList<R>(file: string, opts: PrintedListOptions<R>): Promise<number> {
  const last = columnLetter(opts.columns.length);
  const { workbook, save } = streamedWorkbook(opts.title);
  const sheet = workbook.addWorksheet(opts.sheetName, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.2, footer: 0.3 },
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  sheet.columns = opts.columns.map((c, i) => ({ width: c.width, ...(opts.textColumns && i > 0 ? { style: { numFmt: '@' } } : {}) }));

  const title = sheet.getRow(1);
  title.getCell(1).value = opts.title;
  title.getCell(1).font = { bold: true, size: 16 };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 30;
  sheet.mergeCells(`A1:${last}1`);
  title.commit();

  const info = sheet.getRow(2);
  info.getCell(1).value = opts.infoLine;
  info.getCell(1).font = { size: 10, color: { argb: 'FF595959' } };
  sheet.mergeCells(`A2:${last}2`);
  info.commit();

  const header = sheet.getRow(HEADER_ROW);
  opts.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.border = BORDER;
  });
  header.height = 20;
  header.commit();

  let written = 0;
  for (const page of opts.pages) {
    for (const r of page) {
      written += 1;
      const row = sheet.getRow(HEADER_ROW + written);
      opts.columns.forEach((c, i) => {
        const cell = row.getCell(i + 1);
        const v = c.value(r, written);
        if (typeof v === 'number') cell.value = v;
        else {
          cell.numFmt = '@';
          // Capped at Excel's limit and quote-prefixed where it starts like a formula.
          setCellText(cell, v);
        }
        cell.border = BORDER;
        cell.alignment = { vertical: 'middle', horizontal: typeof v === 'number' ? 'center' : 'left' };
      });
      opts.styleRow?.(row, r);
      row.height = 18;
      row.commit();
    }
    opts.onProgress?.(written);
    await breathe();
  }
  if (written === 0) {
    sheet.getRow(HEADER_ROW + 1).getCell(1).value = opts.emptyText;
    sheet.mergeCells(`A${HEADER_ROW + 1}:${last}${HEADER_ROW + 1}`);
  }
  sheet.pageSetup.printArea = `A1:${last}${HEADER_ROW + Math.max(written, 1)}`;
  sheet.autoFilter = `A${HEADER_ROW}:${last}${HEADER_ROW + Math.max(written, 1)}`;
  sheet.commit();
  await save(file);
  return written;
}
