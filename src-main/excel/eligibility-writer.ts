import type ExcelJS from 'exceljs';
import type { EligibilityPersonRow } from '../../src-shared/contract/desktop-training-api.js';
import { setCellText } from '../../src-node/excel-text.js';
import { breathe, streamedWorkbook } from './streamed-workbook.js';

/**
 * 导出培训达标情况 (人员记录): per approved person, 已学学时/要求, 模拟考试/要求 and 可打印准考证, as the
 * screen shows them, one row each, laid out for A4 landscape like the other exports. ID numbers are
 * text (a number would keep 15 digits and lose a final X).
 */

export interface EligibilitySheetOptions {
  /** The search in words, '' for all. */
  filterText: string;
  exportedAt: string;
  total: number;
  pages: Iterable<EligibilityPersonRow[]>;
  onProgress?: (done: number) => void;
}

export const ELIGIBILITY_SHEET_NAME = '培训达标情况';
export const ELIGIBILITY_TITLE = '学员培训达标情况（打印准考证条件）';

const COLUMNS: ReadonlyArray<{ header: string; width: number; value: (r: EligibilityPersonRow, seq: number) => string | number }> = [
  { header: '序号', width: 6, value: (_r, seq) => seq },
  { header: '姓名', width: 11, value: (r) => r.name },
  { header: '身份证号', width: 21, value: (r) => r.idNumber },
  { header: '所在单位', width: 26, value: (r) => r.agency },
  { header: '考试', width: 26, value: (r) => r.examName || '（未指定考试，按默认要求）' },
  { header: '已学学时', width: 10, value: (r) => r.studyHours },
  { header: '要求学时', width: 10, value: (r) => r.rule.studyHours },
  { header: '模拟考试次数', width: 12, value: (r) => r.mockExams },
  { header: '要求次数', width: 10, value: (r) => r.rule.mockExams },
  { header: '可打印准考证', width: 13, value: (r) => (r.eligible ? '可打印' : '不可打印') },
  { header: '还差', width: 22, value: (r) => r.missing },
];
const LAST_COLUMN = 'K';
const HEADER_ROW = 3;
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export async function writeEligibility(file: string, opts: EligibilitySheetOptions): Promise<number> {
  const { workbook, save } = streamedWorkbook(ELIGIBILITY_TITLE);
  const sheet = workbook.addWorksheet(ELIGIBILITY_SHEET_NAME, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    pageSetup: {
      paperSize: 9,
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
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));

  const title = sheet.getRow(1);
  title.getCell(1).value = ELIGIBILITY_TITLE;
  title.getCell(1).font = { bold: true, size: 16 };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 30;
  sheet.mergeCells(`A1:${LAST_COLUMN}1`);
  title.commit();

  const info = sheet.getRow(2);
  info.getCell(1).value = `导出时间：${opts.exportedAt}　共 ${opts.total} 人　${opts.filterText ? `查询条件：${opts.filterText}` : '全部审核通过的人员'}　学时和模拟考试按学习平台同步来的学习记录统计`;
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
          setCellText(cell, v);
        }
        cell.border = BORDER;
        cell.alignment = { vertical: 'middle', horizontal: typeof v === 'number' ? 'center' : 'left' };
      });
      if (!r.eligible) row.getCell(10).font = { color: { argb: 'FFC00000' } };
      row.commit();
    }
    opts.onProgress?.(written);
    await breathe();
  }
  if (written === 0) {
    sheet.getRow(HEADER_ROW + 1).getCell(1).value = '没有符合条件的人员。';
    sheet.mergeCells(`A${HEADER_ROW + 1}:${LAST_COLUMN}${HEADER_ROW + 1}`);
  }
  sheet.pageSetup.printArea = `A1:${LAST_COLUMN}${HEADER_ROW + Math.max(written, 1)}`;
  sheet.autoFilter = `A${HEADER_ROW}:${LAST_COLUMN}${HEADER_ROW + Math.max(written, 1)}`;
  sheet.commit();
  await save(file);
  return written;
}
