import ExcelJS from 'exceljs';
import type { BatchKind, FieldKey } from '../../src-shared/domain/person.js';
import type { CodeTable, CodeTables } from '../../src-shared/rules/code-tables.js';
import {
  RENEWAL_TEMPLATE_TITLE,
  SEQ_HEADER,
  TEMPLATE_TITLE,
  photoColumnPrompt,
  templateColumns,
  templateFooter,
  templateNotes,
  type TemplateColumn,
  type TemplateContact,
} from '../../src-shared/template.js';
import { photoFileWords, type PhotoFileWords } from '../../src-shared/photo-file-words.js';

/**
 * The layout of the official collection template (附件2 of the Fujian manual) on an exceljs
 * worksheet: merged title, header, pre-numbered data rows, the numbered notes and the
 * 联系方式/日期/填报人 footer, with everything that keeps a clerk's Excel from spoiling the data:
 * text format on IDs and codes, date format on dates, drop-down lists from a hidden code-table
 * sheet, input prompts, frozen header, A4 landscape print set-up.
 *
 * The empty template and the error report (the clerk's rows handed back with the wrong cells
 * marked) both use it, so the report opens exactly like the template the clerk knows.
 */

export const TEMPLATE_SHEET_NAME = '采集表';
export const RENEWAL_TEMPLATE_SHEET_NAME = '换证人员采集表';
/** The hidden sheet holding the drop-down lists. */
export const CODE_SHEET_NAME = '代码表';
/** Pre-numbered data rows in the empty template: "ready for a few hundred rows". */
export const DEFAULT_TEMPLATE_ROWS = 300;

export const TITLE_ROW = 1;
export const HEADER_ROW = 2;
export const FIRST_DATA_ROW = 3;
/** 序号 is column A; the template columns start at B. */
export const SEQ_COLUMN = 1;

/** Excel rejects a workbook whose validation texts are longer than these (it calls the file damaged). */
const MAX_PROMPT = 255;
const MAX_PROMPT_TITLE = 32;
const MAX_ERROR = 225;
const MAX_ERROR_TITLE = 32;

export interface TemplateLayoutOptions {
  kind: BatchKind;
  tables: CodeTables;
  /** Data rows laid out (numbered 1..rows, formatted, validated). 0 is allowed. */
  rows: number;
  /** Defaults to 采集表 (换证人员采集表 for a renewal list). */
  sheetName?: string;
  /** The photo file type of the spec in force, for the 照片 prompt and note ①; either format when not given. */
  photo?: PhotoFileWords;
  /** The clerk's 联系人 and 联系电话 for the footer; blanks to fill by hand when not given. */
  contact?: TemplateContact;
}

export interface TemplateLayout {
  sheet: ExcelJS.Worksheet;
  kind: BatchKind;
  /** The template columns in sheet order; column i is at sheet column i + 2. */
  columns: readonly TemplateColumn[];
  titleRow: number;
  headerRow: number;
  firstDataRow: number;
  /** The last pre-numbered row (firstDataRow - 1 when rows is 0). */
  lastDataRow: number;
  /** The row of the first note (注：①…). */
  notesRow: number;
  footerRow: number;
  /** 1-based sheet column of a field; throws for a field this kind of template does not have. */
  columnOf(key: FieldKey): number;
  /** The cell of a field in data row `index` (0-based: index 0 is the row numbered 1). */
  dataCell(index: number, key: FieldKey): ExcelJS.Cell;
}

/**
 * exceljs 4.4 keeps a worksheet's validations in `dataValidations` (keyed by cell or range address)
 * but leaves it out of its type declarations.
 */
export interface SheetValidations {
  add(address: string, validation: ExcelJS.DataValidation): void;
  /** Read back: one entry per cell address, ranges expanded. */
  model: Record<string, ExcelJS.DataValidation | undefined>;
}
export function validationsOf(sheet: ExcelJS.Worksheet): SheetValidations {
  return (sheet as unknown as { dataValidations: SheetValidations }).dataValidations;
}

/** A drop-down list kept on the code-table sheet and reachable through a defined name. */
interface ListSource {
  name: string;
  values: string[];
  /** The column on the code sheet. */
  col: number;
}

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const GENDER_VALUES = ['男', '女'];

/**
 * Lays the template out on a new worksheet of `workbook` (added now, so call it before adding other
 * sheets if the template should be the first one — the reader takes the first sheet with a header),
 * and the code-table sheet after it if the workbook has none yet.
 */
export function addTemplateSheet(workbook: ExcelJS.Workbook, opts: TemplateLayoutOptions): TemplateLayout {
  const rows = Math.max(0, Math.floor(opts.rows));
  const photo = opts.photo ?? photoFileWords();
  const notes = templateNotes(photo);
  const columns = templateColumns(opts.kind).map((c) => (c.key === 'photo' ? { ...c, prompt: photoColumnPrompt(photo) } : c));
  const lastCol = SEQ_COLUMN + columns.length;
  const lastDataRow = FIRST_DATA_ROW + rows - 1;
  const notesRow = lastDataRow + 1;
  const footerRow = notesRow + notes.length;
  const sheetName = opts.sheetName ?? (opts.kind === 'renewal' ? RENEWAL_TEMPLATE_SHEET_NAME : TEMPLATE_SHEET_NAME);

  const sheet = workbook.addWorksheet(sheetName, {
    views: [{ state: 'frozen', xSplit: 3, ySplit: HEADER_ROW, topLeftCell: 'D3', activeCell: 'B3' }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages down as the rows need
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  const lists = ensureCodeSheet(workbook, opts.tables);

  // Widths from the column table; 序号 is narrow.
  sheet.getColumn(SEQ_COLUMN).width = 6;
  columns.forEach((c, i) => (sheet.getColumn(i + 2).width = c.width));
  const totalWidth = 6 + columns.reduce((s, c) => s + c.width, 0);

  // Title.
  sheet.mergeCells(TITLE_ROW, 1, TITLE_ROW, lastCol);
  const title = sheet.getCell(TITLE_ROW, 1);
  title.value = opts.kind === 'renewal' ? RENEWAL_TEMPLATE_TITLE : TEMPLATE_TITLE;
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(TITLE_ROW).height = 32;

  // Header, with each column's input prompt.
  const headerRow = sheet.getRow(HEADER_ROW);
  headerRow.height = 48;
  const seqHeader = headerRow.getCell(SEQ_COLUMN);
  seqHeader.value = SEQ_HEADER;
  styleHeader(seqHeader);
  validationsOf(sheet).add(seqHeader.address, promptOnly('序号', '已预先编好，从第 1 行起逐行填写，不要留空行。'));
  columns.forEach((c, i) => {
    const cell = headerRow.getCell(i + 2);
    cell.value = c.header;
    styleHeader(cell);
    validationsOf(sheet).add(cell.address, promptOnly(promptTitle(c), columnPrompt(c, opts.tables)));
  });

  // Data rows: numbered, bordered, text or date formatted.
  for (let r = FIRST_DATA_ROW; r <= lastDataRow; r++) {
    const row = sheet.getRow(r);
    const seq = row.getCell(SEQ_COLUMN);
    seq.value = r - FIRST_DATA_ROW + 1;
    seq.border = BORDER;
    seq.alignment = { horizontal: 'center', vertical: 'middle' };
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 2);
      cell.border = BORDER;
      cell.alignment = { vertical: 'middle' };
      if (c.cell === 'textCode') cell.numFmt = '@';
      else if (c.cell === 'date') cell.numFmt = 'yyyy-mm-dd';
    });
  }

  // One validation per column over all data rows: a drop-down, a length check or just the prompt.
  if (rows > 0) {
    columns.forEach((c, i) => {
      const letter = colLetter(i + 2);
      const range = `${letter}${FIRST_DATA_ROW}:${letter}${lastDataRow}`;
      validationsOf(sheet).add(range, dataValidation(c, opts.tables, lists, `${letter}${FIRST_DATA_ROW}`));
    });
  }

  // The notes, the first one prefixed 注：, then the footer; each merged across the table.
  notes.forEach((note, i) => {
    const r = notesRow + i;
    sheet.mergeCells(r, 1, r, lastCol);
    const cell = sheet.getCell(r, 1);
    cell.value = i === 0 ? `注：${note}` : note;
    cell.alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
    sheet.getRow(r).height = 16 * linesNeeded(String(cell.value), totalWidth) + 2;
  });
  sheet.mergeCells(footerRow, 1, footerRow, lastCol);
  const footer = sheet.getCell(footerRow, 1);
  footer.value = templateFooter(opts.contact);
  footer.alignment = { horizontal: 'left', vertical: 'middle' };
  footer.font = { bold: true };
  sheet.getRow(footerRow).height = 24;

  const colIndex = new Map<FieldKey, number>(columns.map((c, i) => [c.key, i + 2]));
  const columnOf = (key: FieldKey): number => {
    const col = colIndex.get(key);
    if (col === undefined) throw new Error(`the ${opts.kind} template has no column ${key}`);
    return col;
  };
  return {
    sheet,
    kind: opts.kind,
    columns,
    titleRow: TITLE_ROW,
    headerRow: HEADER_ROW,
    firstDataRow: FIRST_DATA_ROW,
    lastDataRow,
    notesRow,
    footerRow,
    columnOf,
    dataCell: (index, key) => sheet.getCell(FIRST_DATA_ROW + index, columnOf(key)),
  };
}

/** Adds the hidden 代码表 sheet with every drop-down list (once per workbook) and names each list. */
function ensureCodeSheet(workbook: ExcelJS.Workbook, tables: CodeTables): Map<string, ListSource> {
  const wanted: Array<{ name: string; title: string; values: string[]; names?: string[] }> = [];
  for (const [tableName, table] of Object.entries(tables) as Array<[string, CodeTable]>) {
    if (!hasDropDown(table)) continue;
    wanted.push({
      name: listName(tableName),
      title: table.valueForm === 'code' ? `${table.title}代码` : table.title,
      values: table.entries.map((e) => (table.valueForm === 'code' ? e.code : e.name)),
      ...(table.valueForm === 'code' ? { names: table.entries.map((e) => e.name) } : {}),
    });
  }
  wanted.push({ name: listName('gender'), title: '性别', values: GENDER_VALUES });

  const lists = new Map<string, ListSource>();
  const existing = workbook.getWorksheet(CODE_SHEET_NAME);
  let col = 1;
  const sheet = existing ?? workbook.addWorksheet(CODE_SHEET_NAME, { state: 'hidden' });
  for (const w of wanted) {
    lists.set(w.name, { name: w.name, values: w.values, col });
    col += w.names ? 3 : 2;
  }
  if (existing) return lists;

  sheet.getRow(1).font = { bold: true };
  for (const w of wanted) {
    const list = lists.get(w.name)!;
    sheet.getColumn(list.col).width = Math.max(10, ...w.values.map((v) => v.length * 2 + 2));
    sheet.getCell(1, list.col).value = w.title;
    w.values.forEach((v, i) => {
      const cell = sheet.getCell(i + 2, list.col);
      cell.numFmt = '@';
      cell.value = v;
    });
    if (w.names) {
      sheet.getColumn(list.col + 1).width = Math.max(10, ...w.names.map((v) => v.length * 2 + 2));
      sheet.getCell(1, list.col + 1).value = '名称';
      w.names.forEach((v, i) => (sheet.getCell(i + 2, list.col + 1).value = v));
    }
    const letter = colLetter(list.col);
    workbook.definedNames.add(`'${CODE_SHEET_NAME}'!$${letter}$2:$${letter}$${w.values.length + 1}`, list.name);
  }
  sheet.getCell(1, col).value = '本页是采集表下拉列表的数据，请勿修改。';
  return lists;
}

/** Single-choice tables with known entries get a drop-down; 执法岗位 (several codes) and an empty 职级代码 table do not. */
function hasDropDown(table: CodeTable): boolean {
  return table.entries.length > 0 && table.multiple !== true;
}

function listName(table: string): string {
  return `list_${table}`;
}

function dataValidation(c: TemplateColumn, tables: CodeTables, lists: Map<string, ListSource>, topLeft: string): ExcelJS.DataValidation {
  const prompt = columnPrompt(c, tables);
  const base = { allowBlank: true, showInputMessage: true, promptTitle: clamp(promptTitle(c), MAX_PROMPT_TITLE), prompt: clamp(prompt, MAX_PROMPT) };
  const table = c.table ? tables[c.table] : undefined;
  if (table && hasDropDown(table)) {
    return {
      ...base,
      type: 'list',
      formulae: [lists.get(listName(c.table!))!.name],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: clamp(`${c.header}填写有误`, MAX_ERROR_TITLE),
      error: clamp(listError(c, table), MAX_ERROR),
    };
  }
  if (c.key === 'gender') {
    return {
      ...base,
      type: 'list',
      formulae: [lists.get(listName('gender'))!.name],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '性别填写有误',
      error: '性别只能填“男”或“女”，请从下拉列表中选择；也可以不填，软件会按身份证号自动判断。',
    };
  }
  if (c.key === 'idNumber') {
    return {
      ...base,
      type: 'custom',
      formulae: [`OR(LEN(${topLeft})=18,LEN(${topLeft})=15)`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '身份证号位数不对',
      error: clamp('身份证号应为 18 位（老身份证为 15 位），末位 X 大写，号码前后不要有空格。请核对后重新输入。', MAX_ERROR),
    };
  }
  return promptOnly(promptTitle(c), prompt);
}

/** A validation that checks nothing and shows the prompt when the cell is selected. */
function promptOnly(title: string, prompt: string): ExcelJS.DataValidation {
  // exceljs writes type 'any' as a validation without a type, which is how Excel stores "任何值".
  return { type: 'any' as ExcelJS.DataValidation['type'], formulae: [], showInputMessage: true, promptTitle: clamp(title, MAX_PROMPT_TITLE), prompt: clamp(prompt, MAX_PROMPT) };
}

function promptTitle(c: TemplateColumn): string {
  return `${c.header}（${c.required ? '必填' : '选填'}）`;
}

/** The column's prompt from the column table, plus what the clerk needs from the code table. */
export function columnPrompt(c: TemplateColumn, tables: CodeTables): string {
  let text = c.prompt;
  const table = c.table ? tables[c.table] : undefined;
  if (table && hasDropDown(table)) {
    if (table.valueForm === 'code') text += `。代码：${table.entries.map((e) => `${e.code} ${e.name}`).join('、')}`;
    text += '。本列可点单元格右侧的小箭头从下拉列表中选择';
  } else if (c.key === 'gender') {
    text += '。可从下拉列表选择 男 或 女';
  }
  if (c.cell === 'textCode' && !text.includes('文本')) text += '。本列为文本格式，开头的 0 会保留，请直接输入';
  return text + '。';
}

function listError(c: TemplateColumn, table: CodeTable): string {
  if (table.valueForm === 'code') {
    const e = table.entries[0]!;
    return `“${c.header}”只填代码，不填名称，如 ${e.code}（${e.name}）。请点单元格右侧的小箭头，从下拉列表中选择。`;
  }
  return `“${c.header}”只能填下拉列表中的内容（${c.prompt}）。请点单元格右侧的小箭头，从下拉列表中选择。`;
}

function styleHeader(cell: ExcelJS.Cell): void {
  cell.font = { bold: true };
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  cell.border = BORDER;
  cell.fill = HEADER_FILL;
}

/** Lines a wrapped note needs in merged cells `width` characters wide (a Chinese character is about 2). */
function linesNeeded(text: string, width: number): number {
  let units = 0;
  for (const ch of text) units += ch.charCodeAt(0) > 0xff ? 2 : 1.1;
  return Math.max(1, Math.ceil(units / (width * 0.95)));
}

function clamp(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/** 1 -> A, 27 -> AA. */
export function colLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
