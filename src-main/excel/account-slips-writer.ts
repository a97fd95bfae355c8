import type ExcelJS from 'exceljs';
import type { StudyAccountRow } from '../../src-shared/contract/desktop-records-api.js';
import { setCellText } from '../../src-node/excel-text.js';
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
export const SLIP_NOTE = '首次登录须修改密码。请妥善保管，不要告诉他人。';
/** Pairs of slips (rows of two) per page. */
export const SLIP_ROWS_PER_PAGE = 4;
export const SLIPS_PER_PAGE = SLIP_ROWS_PER_PAGE * 2;

const CUT: Partial<ExcelJS.Border> = { style: 'dashed', color: { argb: 'FF7F7F7F' } };
const WRITE_LINE: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };
/** The two slips of a pair: their label and value columns (C is the gutter between them). */
const SLOTS = [
  { label: 1, value: 2 },
  { label: 4, value: 5 },
] as const;
/**
 * In character widths of the workbook's font: about 5.3 pt each with Calibri (Excel, WPS), 7 pt
 * where it is missing and LibreOffice measures DejaVu Sans instead. 72 fit the A4 width either way.
 */
const COLUMN_WIDTHS = [11, 24, 2, 11, 24];

type Line = { kind: 'title' } | { kind: 'field'; label: string; value: (r: StudyAccountRow, url: string) => string; strong?: boolean } | { kind: 'note' };
const LINES: ReadonlyArray<Line & { height: number }> = [
  { kind: 'title', height: 28 },
  { kind: 'field', label: '姓名', value: (r) => r.name, height: 22 },
  { kind: 'field', label: '身份证号', value: (r) => r.idNumber, height: 22 },
  { kind: 'field', label: '学习账号', value: (r) => r.username, strong: true, height: 22 },
  { kind: 'field', label: '初始密码', value: (r) => r.initialPassword, strong: true, height: 22 },
  { kind: 'field', label: '学习平台', value: (_r, url) => url, height: 22 },
  { kind: 'note', height: 22 },
];
/** The gap between two pairs on a page: the space between their cut lines. */
const GAP_HEIGHT = 18;

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
  sheet.columns = COLUMN_WIDTHS.map((width) => ({ width, style: { numFmt: '@' } }));

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
      pair.forEach((r, s) => writeLine(sheet, row, SLOTS[s]!, line, r, opts.platformUrl, i === 0, i === LINES.length - 1));
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
  sheet.pageSetup.printArea = `A1:E${Math.max(next - 1, 1)}`;
  sheet.commit();
  await save(file);
  return { slips, sheets: Math.max(1, Math.ceil(pairs / SLIP_ROWS_PER_PAGE)) };
}

/** One line of one slip: its cells, and the dashed cut line on the slip's outer edges. */
function writeLine(
  sheet: ExcelJS.Worksheet,
  row: ExcelJS.Row,
  slot: (typeof SLOTS)[number],
  line: Line,
  r: StudyAccountRow,
  url: string,
  top: boolean,
  bottom: boolean,
): void {
  const label = row.getCell(slot.label);
  const value = row.getCell(slot.value);
  const edge = (left: boolean): Partial<ExcelJS.Borders> => ({
    ...(top ? { top: CUT } : {}),
    ...(bottom ? { bottom: CUT } : {}),
    ...(left ? { left: CUT } : { right: CUT }),
  });
  // The title and the note span the slip. Merged before the row is committed (a streamed sheet
  // cannot go back); the merged-away cell then shares the label's style, so it gets its own below.
  if (line.kind !== 'field') sheet.mergeCells(row.number, slot.label, row.number, slot.value);
  if (line.kind === 'title') {
    label.value = SLIP_TITLE;
    label.font = { bold: true, size: 13 };
    label.alignment = { horizontal: 'center', vertical: 'middle' };
  } else if (line.kind === 'note') {
    label.value = SLIP_NOTE;
    label.font = { bold: true, size: 11, color: { argb: 'FFC00000' } };
    label.alignment = { horizontal: 'center', vertical: 'middle', shrinkToFit: true };
  } else {
    label.value = `${line.label}：`;
    label.alignment = { horizontal: 'right', vertical: 'middle' };
    label.font = { size: 11 };
    const text = line.value(r, url);
    value.numFmt = '@';
    setCellText(value, text);
    // The account and password in a typewriter face: 0 and O, 1 and l look different in it.
    value.font = line.strong ? { size: 13, bold: true, name: 'Consolas' } : { size: 12 };
    value.alignment = { vertical: 'middle', shrinkToFit: true };
    // No address known: a line to write it on.
    if (!text) value.border = { bottom: WRITE_LINE };
  }
  label.border = { ...label.border, ...edge(true) };
  value.style = { ...(line.kind === 'field' ? value.style : {}), border: { ...(line.kind === 'field' ? value.border : {}), ...edge(false) } };
}
