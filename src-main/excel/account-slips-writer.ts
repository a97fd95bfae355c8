import type ExcelJS from 'exceljs';
import type { StudyAccountRow } from '../../src-shared/contract/desktop-records-api.js';
import { breathe, streamedWorkbook } from './streamed-workbook.js';

/**
 * 打印账号条 (人员管理): one slip per approved person to cut out and hand over — 姓名, 身份证号, 学习账号,
 * 初始密码, the 学习平台 address when the clerk gave one (else a line to write it on) and
 * “首次登录须修改密码”. Eight slips per A4 page (two across, four down), each framed by a dashed cut
 * line, a page break after every fourth pair so a slip is never split across pages, whatever the
 * program that prints it (Excel, WPS, LibreOffice).
 *
 * Why an .xlsx and not a PDF or a print window: the clerk prints from Excel or WPS every day, the file
 * can be kept and printed again, it needs nothing but the backend (no Electron print API; the same in
 * the window and in browser mode), and the sizes below are in points, which every spreadsheet prints
 * as given. The scale is fixed at 100 % (no fit-to-page, which would shrink the slips and make Excel
 * ignore the page breaks).
 */

export interface SlipsOptions {
  /** The 学习平台 address, '' when unknown (the slip then has a line to write it on). */
  platformUrl: string;
  total: number;
  pages: Iterable<StudyAccountRow[]>;
  onProgress?: (done: number) => void;
}

export interface SlipsSummary {
  slips: number;
  /** A4 pages the slips print on. */
  sheets: number;
}

export const SLIPS_SHEET_NAME = '账号条';
export const SLIP_TITLE = '行政执法人员学习平台账号';
export const SLIP_NOTE = '首次登录须修改密码，请妥善保管。';
/** Pairs of slips (rows of two) per page. */
export const SLIP_ROWS_PER_PAGE = 4;
export const SLIPS_PER_PAGE = SLIP_ROWS_PER_PAGE * 2;

const CUT: Partial<ExcelJS.Border> = { style: 'dashed', color: { argb: 'FF7F7F7F' } };
/**
 * A slip is one column, each of its lines one cell (label and value as rich text): no merged cells,
 * which exceljs's streamed sheet checks against every earlier merge (30,000 slips took minutes).
 * In character widths of the workbook's font: about 5.3 pt each with Calibri (Excel, WPS), 7 pt
 * where it is missing and LibreOffice measures DejaVu Sans instead; 74 fit the A4 width either way.
 */
const SLOT_COLUMNS = [1, 3] as const;
const COLUMN_WIDTHS = [36, 2, 36];
/** Labels of four characters, so that the values line up under each other. */
const LABEL = { name: '姓　　名：', id: '身份证号：', user: '学习账号：', password: '初始密码：' };
/** Where no address is known: a line to write it on. */
const WRITE_ON = '______________________________';

/**
 * Text must never run past its cell: a spreadsheet prints what spills over on an extra page (and
 * LibreOffice does not always shrink to fit). So each value gets a font size it fits at, from a
 * generous estimate of its width (a CJK character 1 em, anything else 0.6 em), in the room Excel
 * gives it (the narrower of the two renderings above): 130 pt beside a label, 180 pt on a line of
 * its own. Whatever is still too long at 7 pt wraps within its line rather than spill.
 */
const BESIDE_LABEL_PT = 130;
const FULL_LINE_PT = 180;
const MIN_PT = 7;
function fittedSize(text: string, room: number, max: number): number {
  let ems = 0;
  for (const ch of text) ems += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.6;
  return ems === 0 ? max : Math.max(MIN_PT, Math.min(max, Math.floor(room / ems)));
}

type CellParts = Pick<ExcelJS.Cell, 'value' | 'font' | 'alignment'>;
type Line = { height: number; cell: (r: StudyAccountRow, url: string) => CellParts };
const LABEL_FONT: Partial<ExcelJS.Font> = { size: 11 };
const FIELD_ALIGN: Partial<ExcelJS.Alignment> = { vertical: 'middle', horizontal: 'left', indent: 1, wrapText: true };
const field = (label: string, value: string, strong = false): CellParts => ({
  value: {
    richText: [
      { text: label, font: LABEL_FONT },
      // The account and password in a typewriter face: 0 and O, 1 and l look different in it.
      { text: value, font: strong ? { size: fittedSize(value, BESIDE_LABEL_PT, 13), bold: true, name: 'Consolas' } : { size: fittedSize(value, BESIDE_LABEL_PT, 12) } },
    ],
  },
  font: LABEL_FONT,
  alignment: FIELD_ALIGN,
});
const LINES: readonly Line[] = [
  { height: 26, cell: () => ({ value: SLIP_TITLE, font: { bold: true, size: 13 }, alignment: { horizontal: 'center', vertical: 'middle' } }) },
  { height: 21, cell: (r) => field(LABEL.name, r.name) },
  { height: 21, cell: (r) => field(LABEL.id, r.idNumber) },
  { height: 21, cell: (r) => field(LABEL.user, r.username, true) },
  { height: 21, cell: (r) => field(LABEL.password, r.initialPassword, true) },
  { height: 16, cell: () => ({ value: '学习平台网址：', font: { size: 10 }, alignment: { ...FIELD_ALIGN, vertical: 'bottom' } }) },
  { height: 20, cell: (_r, url) => ({ value: url || WRITE_ON, font: { size: fittedSize(url || WRITE_ON, FULL_LINE_PT, 12) }, alignment: FIELD_ALIGN }) },
  { height: 22, cell: () => ({ value: SLIP_NOTE, font: { bold: true, size: 11, color: { argb: 'FFC00000' } }, alignment: { horizontal: 'center', vertical: 'middle' } }) },
];
/** The gap between two pairs on a page: the space between their cut lines. */
const GAP_HEIGHT = 14;

export async function writeAccountSlips(file: string, opts: SlipsOptions): Promise<SlipsSummary> {
  const { workbook, save } = streamedWorkbook('学习账号条');
  const sheet = workbook.addWorksheet(SLIPS_SHEET_NAME, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'portrait',
      scale: 100,
      fitToPage: false,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.2, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C沿虚线剪开，每人一张　第 &P 页，共 &N 页' },
  });
  sheet.columns = COLUMN_WIDTHS.map((width) => ({ width }));

  let next = 1;
  let pairs = 0;
  let slips = 0;
  /** The last row of the page's fourth pair: the page break goes there once another pair follows. */
  let pageEnd: ExcelJS.Row | undefined;

  const writePair = (pair: readonly StudyAccountRow[]) => {
    if (pageEnd) {
      pageEnd.addPageBreak();
      pageEnd = undefined;
    } else if (pairs > 0) {
      const gap = sheet.getRow(next++);
      gap.height = GAP_HEIGHT;
      gap.commit();
    }
    LINES.forEach((line, i) => {
      const row = sheet.getRow(next++);
      row.height = line.height;
      pair.forEach((r, s) => {
        const cell = row.getCell(SLOT_COLUMNS[s]!);
        const { value, font, alignment } = line.cell(r, opts.platformUrl);
        cell.value = value;
        cell.font = font;
        cell.alignment = alignment;
        // The dashed cut line around the slip.
        cell.border = { left: CUT, right: CUT, ...(i === 0 ? { top: CUT } : {}), ...(i === LINES.length - 1 ? { bottom: CUT } : {}) };
      });
      row.commit();
      if (i === LINES.length - 1 && (pairs + 1) % SLIP_ROWS_PER_PAGE === 0) pageEnd = row;
    });
    pairs += 1;
    slips += pair.length;
  };

  let held: StudyAccountRow | undefined;
  for (const page of opts.pages) {
    for (const r of page) {
      if (!held) held = r;
      else {
        writePair([held, r]);
        held = undefined;
      }
    }
    opts.onProgress?.(slips + (held ? 1 : 0));
    await breathe();
  }
  if (held) writePair([held]);
  if (slips === 0) {
    const row = sheet.getRow(1);
    row.getCell(1).value = '没有符合条件的审核通过人员。';
    row.commit();
    next = 2;
  }
  sheet.pageSetup.printArea = `A1:C${Math.max(next - 1, 1)}`;
  sheet.commit();
  await save(file);
  return { slips, sheets: Math.max(1, Math.ceil(pairs / SLIP_ROWS_PER_PAGE)) };
}
