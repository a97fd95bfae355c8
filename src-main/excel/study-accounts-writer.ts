import type ExcelJS from 'exceljs';
import type { StudyAccountRow } from '../../src-shared/contract/desktop-records-api.js';
import { setCellText } from '../../src-node/excel-text.js';
import { breathe, streamedWorkbook } from './streamed-workbook.js';

/**
 * 导出学习账号 (人员管理): the approved people of the clerk's filter with their study accounts, one row
 * each, to hand out or file. Every value is text: an 18-digit 身份证号 as a number would keep only 15
 * digits and lose a final X (DOMAIN.md), and a password like 0123 would lose its 0. Laid out to print
 * on A4 landscape: a title, a line saying when and what was exported, the header repeated on every
 * page, the columns scaled to the page's width.
 */

export interface AccountsSheetOptions {
  /** The filter in words (姓名含“陈”…), '' for all. */
  filterText: string;
  /** When, as the clerk reads it: 2026-12-06 19:30. */
  exportedAt: string;
  total: number;
  pages: Iterable<StudyAccountRow[]>;
  /** Rows written so far, after each page. */
  onProgress?: (done: number) => void;
}

export const ACCOUNTS_SHEET_NAME = '学习账号';
export const ACCOUNTS_TITLE = '行政执法人员学习账号';

const COLUMNS: ReadonlyArray<{ header: string; width: number; value: (r: StudyAccountRow, seq: number) => string | number }> = [
  { header: '序号', width: 6, value: (_r, seq) => seq },
  { header: '姓名', width: 11, value: (r) => r.name },
  { header: '身份证号', width: 21, value: (r) => r.idNumber },
  { header: '所在单位', width: 30, value: (r) => r.agency },
  { header: '批次号', width: 19, value: (r) => r.batchNumber },
  { header: '学习账号', width: 20, value: (r) => r.username },
  { header: '初始密码', width: 14, value: (r) => r.initialPassword },
  { header: '审核通过时间', width: 19, value: (r) => r.reviewedAt.slice(0, 19).replace('T', ' ') },
];
const LAST_COLUMN = 'H';
const HEADER_ROW = 3;
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Writes the workbook to `file` durably; answers the number of people written. */
export async function writeStudyAccounts(file: string, opts: AccountsSheetOptions): Promise<number> {
  const { workbook, save } = streamedWorkbook(ACCOUNTS_TITLE);
  const sheet = workbook.addWorksheet(ACCOUNTS_SHEET_NAME, {
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
  // Text format for the whole column as well, so a number typed later in Excel stays as typed.
  sheet.columns = COLUMNS.map((c, i) => ({ width: c.width, style: i === 0 ? {} : { numFmt: '@' } }));

  const title = sheet.getRow(1);
  title.getCell(1).value = ACCOUNTS_TITLE;
  title.getCell(1).font = { bold: true, size: 16 };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 30;
  sheet.mergeCells(`A1:${LAST_COLUMN}1`);
  title.commit();

  const info = sheet.getRow(2);
  info.getCell(1).value = `导出时间：${opts.exportedAt}　共 ${opts.total} 人　${opts.filterText ? `查询条件：${opts.filterText}` : '全部审核通过的人员'}　首次登录学习平台须修改初始密码`;
  info.getCell(1).font = { size: 10, color: { argb: 'FF595959' } };
  sheet.mergeCells(`A2:${LAST_COLUMN}2`);
  info.commit();

  const header = sheet.getRow(HEADER_ROW);
  COLUMNS.forEach((c, i) => {
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
      COLUMNS.forEach((c, i) => {
        const cell = row.getCell(i + 1);
        const v = c.value(r, written);
        if (typeof v === 'number') cell.value = v;
        else {
          cell.numFmt = '@';
          // Capped at Excel's limit and quote-prefixed where it starts like a formula.
          setCellText(cell, v);
        }
        cell.border = BORDER;
        cell.alignment = { vertical: 'middle', horizontal: i === 0 ? 'center' : 'left' };
      });
      row.height = 18;
      row.commit();
    }
    opts.onProgress?.(written);
    await breathe();
  }
  if (written === 0) {
    sheet.getRow(HEADER_ROW + 1).getCell(1).value = '没有符合条件的审核通过人员。';
    sheet.mergeCells(`A${HEADER_ROW + 1}:${LAST_COLUMN}${HEADER_ROW + 1}`);
  }
  sheet.pageSetup.printArea = `A1:${LAST_COLUMN}${HEADER_ROW + Math.max(written, 1)}`;
  sheet.autoFilter = `A${HEADER_ROW}:${LAST_COLUMN}${HEADER_ROW + Math.max(written, 1)}`;
  sheet.commit();
  await save(file);
  return written;
}
