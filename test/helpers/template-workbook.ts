import ExcelJS from 'exceljs';
import type { FieldKey } from '../../src-shared/domain/person.js';
import { TEMPLATE_FOOTER, TEMPLATE_NOTES, TEMPLATE_TITLE, templateColumns } from '../../src-shared/template.js';
import { makeId } from './ids.js';

/**
 * Writes a filled collection template the way a clerk's Excel would: title, header, data, the
 * notes and footer under it. Cell values are exceljs values, so a test can put numbers, Dates, rich
 * text or formulas exactly where Excel would.
 */

export type CellInput = ExcelJS.CellValue;
export type RowInput = Partial<Record<FieldKey, CellInput>>;

let seq = 99;
/** A row that passes every rule: a 35-year-old man as of 2026 (odd sequence digit = 男). */
export function validRow(overrides: RowInput = {}): RowInput {
  seq += 2;
  return {
    county: '福州市',
    name: '王小明',
    photo: '',
    agency: '福州市市场监督管理局',
    idNumber: makeId('19910305', String(seq).padStart(3, '0').slice(-3)),
    gender: '男',
    ethnicity: '汉族',
    birthDate: '1991-03-05',
    political: '01',
    education: '大学本科',
    major: '法学',
    rankCode: '020201',
    isLawMajor: '是',
    hasLegalQualification: '否',
    posts: '01,02',
    examCategory: '综合法律知识考试',
    ...overrides,
  };
}

export interface TemplateOptions {
  kind?: 'new' | 'renewal';
  /** Rows above the header (the title is one). */
  titleRows?: number;
  /** Replaces header texts, e.g. the garbled variant. */
  headerText?: Partial<Record<FieldKey, string>>;
  /** Leave these columns out of the header. */
  omit?: FieldKey[];
  /** Empty rows (with only a 序号) after these data indexes. */
  blankAfter?: number[];
  notes?: boolean;
  date1904?: boolean;
  /** Per-cell number formats, e.g. { birthDate: 'yyyy-mm-dd' }. */
  numFmt?: Partial<Record<FieldKey, string>>;
  sheetName?: string;
  /** Sheets placed before the data sheet. */
  sheetsBefore?: string[];
}

export async function writeTemplate(file: string, rows: RowInput[], opts: TemplateOptions = {}): Promise<{ firstDataRow: number; rowNumbers: number[] }> {
  const wb = new ExcelJS.Workbook();
  if (opts.date1904) wb.properties.date1904 = true;
  for (const name of opts.sheetsBefore ?? []) wb.addWorksheet(name).addRow(['说明', '这一页不是采集表']);
  const ws = wb.addWorksheet(opts.sheetName ?? 'Sheet1');
  const cols = templateColumns(opts.kind ?? 'new').filter((c) => !opts.omit?.includes(c.key));
  const titleRows = opts.titleRows ?? 1;
  for (let i = 0; i < titleRows; i++) ws.addRow(i === 0 ? [TEMPLATE_TITLE] : []);
  ws.addRow(['序号', ...cols.map((c) => opts.headerText?.[c.key] ?? c.header)]);
  const rowNumbers: number[] = [];
  let n = 0;
  rows.forEach((r, i) => {
    n += 1;
    const added = ws.addRow([n, ...cols.map((c) => (r[c.key] === undefined ? null : r[c.key]))]);
    rowNumbers.push(added.number);
    for (const [key, fmt] of Object.entries(opts.numFmt ?? {})) {
      const idx = cols.findIndex((c) => c.key === key);
      if (idx >= 0) added.getCell(idx + 2).numFmt = fmt;
    }
    if (opts.blankAfter?.includes(i)) ws.addRow([++n]);
  });
  if (opts.notes !== false) {
    ws.addRow([]);
    for (const note of TEMPLATE_NOTES) ws.addRow([note.startsWith('①') ? '注：' + note : note]);
    ws.addRow([TEMPLATE_FOOTER]);
  }
  await wb.xlsx.writeFile(file);
  return { firstDataRow: titleRows + 2, rowNumbers };
}
