import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FieldKey } from '../../src-shared/domain/person.js';
import {
  BASE_COLUMNS,
  RENEWAL_COLUMNS,
  RENEWAL_TEMPLATE_TITLE,
  SEQ_HEADER,
  TEMPLATE_FOOTER,
  TEMPLATE_NOTES,
  TEMPLATE_TITLE,
  type TemplateColumn,
} from '../../src-shared/template.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { addTemplateSheet, OutputFileError, writeCollectionTemplate } from '../../src-main/excel/template-writer.js';
import { makeId } from '../helpers/ids.js';
import { NO_SOFFICE_REASON, SOFFICE, sofficeConvert } from '../helpers/libreoffice.js';
import { runCli, validateJson } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * The official collection template (附件2) as `cli template` writes it: read back with exceljs,
 * read by the project's own reader, filled as a clerk would, and opened (and typed into) by
 * LibreOffice.
 */
const dir = tempDir('zfbm-template-');
const file = (name: string) => path.join(dir, name);
const tables = loadCodeTables();

/** Cells that must stay text: the ID and every code column. */
const TEXT_KEYS: FieldKey[] = ['certNo', 'idNumber', 'political', 'rankCode', 'posts'];
const DATE_KEYS: FieldKey[] = ['certExpiry', 'birthDate', 'validFrom'];
/** The drop-down lists the template must offer, and what each must hold. */
const LISTS: Partial<Record<FieldKey, string[]>> = {
  gender: ['男', '女'],
  ethnicity: tables.ethnicity.entries.map((e) => e.name),
  political: tables.political.entries.map((e) => e.code),
  education: tables.education.entries.map((e) => e.name),
  isLawMajor: ['是', '否'],
  hasLegalQualification: ['是', '否'],
  examCategory: tables.examCategory.entries.map((e) => e.name),
};

type Validation = ExcelJS.DataValidation & { type: string };
function validations(ws: ExcelJS.Worksheet): Record<string, Validation | undefined> {
  return (ws as unknown as { dataValidations: { model: Record<string, Validation | undefined> } }).dataValidations.model;
}

async function load(f: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(f);
  return wb;
}

/** The template sheet (the first one) and the 1-based column of each header text on row 2. */
function templateSheet(wb: ExcelJS.Workbook): { ws: ExcelJS.Worksheet; col: (c: TemplateColumn | FieldKey) => number } {
  const ws = wb.worksheets[0]!;
  const headers = (ws.getRow(2).values as ExcelJS.CellValue[]).map((v) => (v === undefined || v === null ? '' : plainText(v)));
  const col = (c: TemplateColumn | FieldKey) => {
    const header = typeof c === 'string' ? [...BASE_COLUMNS, ...RENEWAL_COLUMNS].find((x) => x.key === c)!.header : c.header;
    const i = headers.indexOf(header);
    if (i < 1) throw new Error(`no column ${header}`);
    return i;
  };
  return { ws, col };
}

/** The values a list validation offers: its formula names a range (directly or by defined name). */
function listValues(wb: ExcelJS.Workbook, formula: string): string[] {
  let ref = formula.replace(/^=/, '');
  const named = wb.definedNames.model.find((d) => d.name === ref);
  if (named) ref = named.ranges[0]!;
  const m = /^'?(.+?)'?!\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  if (!m) throw new Error(`not a range: ${formula} (${ref})`);
  const sheet = wb.getWorksheet(m[1]!)!;
  const out: string[] = [];
  for (let r = Number(m[3]); r <= Number(m[5]); r++) out.push(String(sheet.getCell(`${m[2]}${r}`).value));
  return out;
}

function plainText(v: ExcelJS.CellValue): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return String(v);
}

/** Checks everything a clerk relies on in a freshly written (or re-saved) template. */
function expectTemplateLayout(wb: ExcelJS.Workbook, kind: 'new' | 'renewal', rows = 300): void {
  const columns = kind === 'renewal' ? [...BASE_COLUMNS, ...RENEWAL_COLUMNS] : BASE_COLUMNS;
  const { ws, col } = templateSheet(wb);
  const lastCol = columns.length + 1;
  // Title, merged across the table.
  expect(ws.getCell('A1').value).toBe(kind === 'renewal' ? RENEWAL_TEMPLATE_TITLE : TEMPLATE_TITLE);
  expect(ws.getCell(1, lastCol).master.address).toBe('A1');
  // The header, exactly the official texts in order.
  expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([SEQ_HEADER, ...columns.map((c) => c.header)]);
  // Pre-numbered rows, nothing else in them.
  for (let i = 1; i <= rows; i++) expect(ws.getCell(i + 2, 1).value).toBe(i);
  for (const c of columns) expect(ws.getCell(3, col(c)).value).toBeNull();
  // The notes, then the footer.
  const notesRow = rows + 3;
  TEMPLATE_NOTES.forEach((note, i) => expect(ws.getCell(notesRow + i, 1).value).toBe(i === 0 ? `注：${note}` : note));
  expect(ws.getCell(notesRow + TEMPLATE_NOTES.length, 1).value).toBe(TEMPLATE_FOOTER);
  // Text format on the ID and code columns, date format on dates, in the first and last data rows.
  for (const r of [3, rows + 2]) {
    for (const c of columns) {
      const numFmt = ws.getCell(r, col(c)).numFmt;
      if (TEXT_KEYS.includes(c.key) || c.key === 'originalCertNo') expect(numFmt, c.header).toBe('@');
      else if (DATE_KEYS.includes(c.key)) expect(numFmt, c.header).toMatch(/^yyyy\\?-mm\\?-dd$/);
      else expect(numFmt ?? 'General', c.header).not.toBe('@');
    }
  }
  // Drop-downs on exactly the coded single-choice columns, holding the right values.
  const dv = validations(ws);
  for (const c of columns) {
    const first = dv[ws.getCell(3, col(c)).address];
    const last = dv[ws.getCell(rows + 2, col(c)).address];
    const wanted = LISTS[c.key];
    if (wanted) {
      expect(first?.type, c.header).toBe('list');
      expect(last?.formulae, c.header).toEqual(first?.formulae);
      expect(listValues(wb, String(first!.formulae[0])), c.header).toEqual(wanted);
      expect(first?.showErrorMessage, c.header).toBe(true);
      expect(first?.error, c.header).toMatch(/下拉列表/);
    } else {
      expect(first?.type, c.header).not.toBe('list');
    }
  }
  // Every header cell prompts with the column's own hint.
  for (const c of columns) {
    const v = dv[ws.getCell(2, col(c)).address];
    expect(v?.showInputMessage, c.header).toBe(true);
    expect(v?.prompt, c.header).toContain(c.prompt);
    expect(v?.promptTitle, c.header).toContain(c.header);
    expect(v!.prompt!.length).toBeLessThanOrEqual(255);
  }
}

function expectSheetSetup(wb: ExcelJS.Workbook, kind: 'new' | 'renewal'): void {
  const columns = kind === 'renewal' ? [...BASE_COLUMNS, ...RENEWAL_COLUMNS] : BASE_COLUMNS;
  const { ws, col } = templateSheet(wb);
  // The code-table sheet is there for the lists but hidden.
  expect(wb.worksheets.map((s) => [s.name, s.state])).toEqual([[ws.name, 'visible'], ['代码表', 'hidden']]);
  // The header stays in view while scrolling.
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  // A4 landscape, one page wide, the header on every page.
  expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' });
  for (const c of columns) expect(ws.getColumn(col(c)).width, c.header).toBe(c.width);
  // 执法岗位 takes several codes: a prompt that lists them, no list that would refuse 01,02.
  const posts = validations(ws)[ws.getCell(3, col('posts')).address];
  expect(posts?.prompt).toMatch(/01.*02.*逗号/);
  // 政治面貌 holds the bare code; the names are in the prompt.
  const political = validations(ws)[ws.getCell(2, col('political')).address];
  for (const e of tables.political.entries) expect(political?.prompt).toContain(`${e.code} ${e.name}`);
}

/** Fills data rows of a written template with exceljs, every value a string, as a clerk's Excel would. */
async function fillTemplate(src: string, dst: string, people: Array<Partial<Record<FieldKey, string>>>): Promise<void> {
  const wb = await load(src);
  const { ws, col } = templateSheet(wb);
  people.forEach((p, i) => {
    for (const [key, value] of Object.entries(p)) ws.getCell(3 + i, col(key as FieldKey)).value = value;
  });
  await wb.xlsx.writeFile(dst);
}

let seq = 301;
function person(overrides: Partial<Record<FieldKey, string>> = {}): Partial<Record<FieldKey, string>> {
  seq += 2;
  return {
    county: '福州市',
    name: '林晓燕',
    photo: '',
    agency: '福州市市场监督管理局',
    idNumber: makeId('19880712', String(seq)),
    ethnicity: '汉族',
    birthDate: '1988-07-12',
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

/** A valid ID whose check character is X, and its birth date. */
function idEndingInX(): { id: string; birth: string } {
  for (let s = 100; s < 1000; s++) {
    const id = makeId('19760229', String(s));
    if (id.endsWith('X')) return { id, birth: '1976-02-29' };
  }
  throw new Error('no X');
}

describe('cli template', () => {
  it('writes the template for new applicants: title, header, numbered rows, notes, formats, lists, prompts, print set-up', async () => {
    const f = file('采集表.xlsx');
    const r = await runCli(['template', f]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^已生成采集表模板：/);
    expect(r.stdout).toContain(f);
    const wb = await load(f);
    expectTemplateLayout(wb, 'new');
    expectSheetSetup(wb, 'new');
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('writes the renewal (换证) template with 原证件号码 and 原发证单位', async () => {
    const f = file('换证.xlsx');
    const r = await runCli(['template', f, '--renewal']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^已生成换证人员采集表模板：/);
    const wb = await load(f);
    expectTemplateLayout(wb, 'renewal');
    expectSheetSetup(wb, 'renewal');
    const { ws, col } = templateSheet(wb);
    expect(col('originalCertNo')).toBe(BASE_COLUMNS.length + 2);
    expect(col('originalAgency')).toBe(BASE_COLUMNS.length + 3);
    expect(ws.getCell(3, col('originalCertNo')).numFmt).toBe('@');
  });

  it('overwrites an older template in place', async () => {
    const f = file('again.xlsx');
    fs.writeFileSync(f, 'old');
    expect((await runCli(['template', f])).code).toBe(0);
    expectTemplateLayout(await load(f), 'new');
  });

  it('wrong arguments and unusable targets: exit 2, one Chinese line, nothing written', async () => {
    for (const args of [['template'], ['template', file('a.xlsx'), file('b.xlsx')], ['template', file('模板.xls')], ['template', file('x.xlsx'), '--bogus']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
      expect(r.stderr).not.toMatch(/\s+at\s+\S+\s+\(/);
    }
    const noDir = await runCli(['template', path.join(dir, 'no-such-folder', 't.xlsx')]);
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toMatch(/文件夹.*不存在/);
    fs.mkdirSync(file('a-folder.xlsx'));
    const isDir = await runCli(['template', file('a-folder.xlsx')]);
    expect(isDir.code).toBe(2);
    expect(isDir.stderr).toMatch(/是一个文件夹/);
    expect(fs.existsSync(file('模板.xls'))).toBe(false);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('is listed in help', async () => {
    const r = await runCli(['help']);
    expect(r.stdout).toMatch(/template <保存为\.xlsx> \[--renewal\]/);
  });
});

describe('writeCollectionTemplate and the reusable layout', () => {
  afterEach(() => vi.restoreAllMocks());

  it('never leaves a half-written file: when the final rename fails (Excel holds the file), the old file is untouched and no temp file is left', async () => {
    const f = file('locked.xlsx');
    fs.writeFileSync(f, 'the clerk’s open workbook');
    vi.spyOn(fs.promises, 'rename').mockRejectedValueOnce(Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' }));
    const err = await writeCollectionTemplate(f, { kind: 'new', tables }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputFileError);
    expect((err as Error).message).toMatch(/正被 Excel 或 WPS 打开.*关闭/);
    expect(fs.readFileSync(f, 'utf8')).toBe('the clerk’s open workbook');
    expect(fs.readdirSync(dir).filter((n) => n.includes('locked.xlsx') && n !== 'locked.xlsx')).toEqual([]);
  });

  it('lays out any number of rows and tells a caller where each field is', async () => {
    const wb = new ExcelJS.Workbook();
    const layout = addTemplateSheet(wb, { kind: 'renewal', tables, rows: 5 });
    expect(layout).toMatchObject({ titleRow: 1, headerRow: 2, firstDataRow: 3, lastDataRow: 7, notesRow: 8, footerRow: 18 });
    expect(layout.columnOf('county')).toBe(2);
    expect(layout.columnOf('idNumber')).toBe(8);
    expect(layout.columnOf('originalAgency')).toBe(BASE_COLUMNS.length + 3);
    expect(layout.dataCell(4, 'idNumber').address).toBe('H7');
    expect(layout.sheet.getCell(2, layout.columnOf('originalCertNo')).value).toBe('原证件号码');
    expect(() => addTemplateSheet(new ExcelJS.Workbook(), { kind: 'new', tables, rows: 1 }).columnOf('originalCertNo')).toThrow();
    const f = file('five.xlsx');
    await wb.xlsx.writeFile(f);
    expectTemplateLayout(await load(f), 'renewal', 5);
  });
});

describe('the template read by the project’s own reader', () => {
  it('the empty template has no people in it: the numbered rows are not rows', async () => {
    for (const [name, args] of [['empty-new.xlsx', []], ['empty-renewal.xlsx', ['--renewal']]] as const) {
      const f = file(name);
      expect((await runCli(['template', f, ...args])).code).toBe(0);
      const r = await validateJson(f);
      expect(r.rows).toEqual([]);
      expect(r.summary).toMatchObject({ rows: 0, valid: 0, invalid: 0 });
    }
  });

  it('filled as a clerk fills it (text in every cell), it validates without a finding', async () => {
    const src = file('to-fill.xlsx');
    expect((await runCli(['template', src])).code).toBe(0);
    const x = idEndingInX();
    const people = [
      person(),
      person({ name: '欧阳娜娜', idNumber: x.id, birthDate: x.birth, political: '13', ethnicity: '畲族', posts: '02', education: '大学专科' }),
      person({ name: '王强', political: '02', rankCode: '010101', hasLegalQualification: '是', examCategory: '专业法律知识考试', certNo: '0350001' }),
    ];
    const filled = file('filled.xlsx');
    await fillTemplate(src, filled, people);
    const r = await validateJson(filled);
    expect(r.rows.map((row) => row.row)).toEqual([3, 4, 5]);
    expect(r.rows.map((row) => row.idNumber)).toEqual(people.map((p) => p.idNumber));
    expect(r.rows[1]!.idNumber).toMatch(/X$/);
    for (const row of r.rows) expect(row.issues, `row ${row.row}`).toEqual([]);
    expect(r.summary).toMatchObject({ rows: 3, valid: 3, invalid: 0 });
    // And it imports into the store with no error in any row: each person waits only for a photo.
    const imported = await runCli(['import', '--data', file('filled-data'), filled, '--json']);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ unchanged: false, batch: { persons: 3, invalid: 3, noPhoto: 3 } });
  });

  it('the renewal template filled with the original certificate validates without a finding', async () => {
    const src = file('to-fill-renewal.xlsx');
    expect((await runCli(['template', src, '--renewal'])).code).toBe(0);
    const filled = file('filled-renewal.xlsx');
    await fillTemplate(src, filled, [person({ originalCertNo: '闽0101002', originalAgency: '福州市司法局' })]);
    const r = await validateJson(filled);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]!.issues).toEqual([]);
  });
});

describe.skipIf(!SOFFICE)('the template in LibreOffice', () => {
  it('saved again by LibreOffice it keeps the drop-downs with their values and the text format', async () => {
    const src = file('for-lo.xlsx');
    expect((await runCli(['template', src])).code).toBe(0);
    const loDir = path.join(dir, 'lo-resave');
    fs.mkdirSync(loDir);
    const resaved = sofficeConvert(src, 'xlsx:Calc MS Excel 2007 XML', loDir);
    const wb = await load(resaved);
    const { ws, col } = templateSheet(wb);
    // LibreOffice may store a header as rich text (one run per script); the text is unchanged.
    expect((ws.getRow(2).values as ExcelJS.CellValue[]).slice(1).map(plainText)).toEqual([SEQ_HEADER, ...BASE_COLUMNS.map((c) => c.header)]);
    const dv = validations(ws);
    for (const [key, wanted] of Object.entries(LISTS)) {
      for (const r of [3, 302]) {
        const v = dv[ws.getCell(r, col(key as FieldKey)).address];
        expect(v?.type, `${key} row ${r}`).toBe('list');
        expect(listValues(wb, String(v!.formulae[0])), key).toEqual(wanted);
      }
    }
    for (const key of TEXT_KEYS) for (const r of [3, 302]) expect(ws.getCell(r, col(key)).numFmt, `${key} row ${r}`).toBe('@');
    expect(wb.getWorksheet('代码表')?.state).toBe('hidden');
    expect((await validateJson(resaved)).summary.rows).toBe(0);
  });

  it('printed by LibreOffice it comes out on A4 landscape pages, without the hidden code-table sheet', async () => {
    const src = file('for-print.xlsx');
    await writeCollectionTemplate(src, { kind: 'new', tables, rows: 10 });
    const pdfDir = path.join(dir, 'lo-pdf');
    fs.mkdirSync(pdfDir);
    const pdf = fs.readFileSync(sofficeConvert(src, 'pdf', pdfDir)).toString('latin1');
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
    expect(boxes.length).toBeGreaterThan(0);
    for (const box of boxes) expect(box).toEqual([842, 595]);
    // Ten rows, the notes and the footer fit one page wide and tall; the 代码表 would add pages.
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
  });

  it('an 18-digit ID typed into the ID column in LibreOffice stays 18 digits (a General cell beside it loses them)', async () => {
    const src = file('for-typing.xlsx');
    expect((await runCli(['template', src])).code).toBe(0);
    const wb0 = await load(src);
    const { col } = templateSheet(wb0);
    const x = idEndingInX();
    const digits = makeId('19830517', '135');
    const people = [
      person({ name: '陈建国', idNumber: digits, birthDate: '1983-05-17', political: '03', rankCode: '020201', posts: '01' }),
      person({ name: '郑丽', idNumber: x.id, birthDate: x.birth, ethnicity: '回族', education: '硕士研究生' }),
    ];
    const control = `${colName(BASE_COLUMNS.length + 4)}3`;
    const typed: Array<[string, string]> = [];
    people.forEach((p, i) => {
      for (const [key, value] of Object.entries(p)) if (value) typed.push([`${colName(col(key as FieldKey))}${3 + i}`, value]);
    });
    typed.push([control, digits]);
    const out = typeIntoWithLibreOffice(src, typed, path.join(dir, 'lo-typed'));

    const wb = await load(out);
    const { ws } = templateSheet(wb);
    expect(ws.getCell(3, col('idNumber')).value).toBe(digits);
    expect(ws.getCell(4, col('idNumber')).value).toBe(x.id);
    expect(ws.getCell(3, col('political')).value).toBe('03');
    expect(ws.getCell(3, col('rankCode')).value).toBe('020201');
    // The same digits typed into a cell without the text format became a number: the format is what saved them.
    const lost = ws.getCell(control).value;
    expect(typeof lost).toBe('number');
    expect(String(BigInt(Math.round(lost as number)))).not.toBe(digits);

    const r = await validateJson(out);
    expect(r.rows.map((row) => row.idNumber)).toEqual([digits, x.id]);
    for (const row of r.rows) expect(row.issues, `row ${row.row}: ${row.issues.map((i) => i.message).join(' ')}`).toEqual([]);
  });
});
if (!SOFFICE) console.warn(`skipped the LibreOffice template tests: ${NO_SOFFICE_REASON}`);

function colName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Types `cells` into `src` through LibreOffice's own input line and saves the result as .xlsx: a
 * Basic macro in a private LibreOffice profile moves to each cell (.uno:GoToCell) and enters the
 * text as a user's keystrokes would (.uno:EnterString), so LibreOffice applies the cell's number
 * format, turning what looks like a number into one unless the cell is text. Needs nothing beyond
 * LibreOffice Calc (no python3-uno).
 */
function typeIntoWithLibreOffice(src: string, cells: Array<[string, string]>, workDir: string): string {
  fs.mkdirSync(workDir, { recursive: true });
  const profile = path.join(workDir, 'profile');
  const run = (args: string[]) => execFileSync(SOFFICE!, ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, ...args], { stdio: 'pipe', timeout: 120_000 });
  // A first start creates the profile (and its default Standard library, which it would overwrite).
  run(['--terminate_after_init']);
  const module = path.join(profile, 'user', 'basic', 'Standard', 'Module1.xba');
  if (!fs.existsSync(module)) throw new Error(`LibreOffice did not create ${module}`);
  fs.writeFileSync(module, basicModule('Module1', TYPE_CELLS_MACRO));
  const out = path.join(workDir, 'typed.xlsx');
  const job = path.join(workDir, 'job.txt');
  fs.writeFileSync(job, [src, out, ...cells.map(([ref, value]) => `${ref}\t${value}`)].join('\n') + '\n');
  run([`macro:///Standard.Module1.TypeCells("${job}")`]);
  const result = fs.existsSync(job + '.result') ? fs.readFileSync(job + '.result', 'utf8') : 'the macro did not run';
  if (result !== 'ok') throw new Error(`LibreOffice macro: ${result}`);
  return out;
}

function basicModule(name: string, code: string): string {
  const escaped = code.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n' +
    `<script:module xmlns:script="http://openoffice.org/2000/script" script:name="${name}" script:language="StarBasic">${escaped}</script:module>\n`
  );
}

/** Job file (UTF-8): source path, output path, then one "A1<TAB>text" line per cell. Writes "ok" or the error to <job>.result. */
const TYPE_CELLS_MACRO = `
Sub TypeCells(jobFile As String)
  Dim result As String
  result = "ok"
  Dim sfa As Object
  sfa = createUnoService("com.sun.star.ucb.SimpleFileAccess")
  On Error GoTo Failed
  Dim inp As Object
  inp = createUnoService("com.sun.star.io.TextInputStream")
  inp.setInputStream(sfa.openFileRead(ConvertToURL(jobFile)))
  inp.setEncoding("UTF-8")
  Dim src As String
  Dim dst As String
  src = inp.readLine()
  dst = inp.readLine()
  Dim props(0) As New com.sun.star.beans.PropertyValue
  props(0).Name = "Hidden"
  props(0).Value = True
  Dim doc As Object
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), "_blank", 0, props())
  Dim frame As Object
  frame = doc.getCurrentController().getFrame()
  Dim dispatcher As Object
  dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
  Dim args(0) As New com.sun.star.beans.PropertyValue
  Dim line As String
  Dim tabAt As Integer
  Do While Not inp.isEOF()
    line = inp.readLine()
    ' At the end of the stream readLine keeps the line break.
    Do While Right(line, 1) = Chr(10) Or Right(line, 1) = Chr(13)
      line = Left(line, Len(line) - 1)
    Loop
    tabAt = InStr(line, Chr(9))
    If tabAt > 0 Then
      args(0).Name = "ToPoint"
      args(0).Value = Left(line, tabAt - 1)
      dispatcher.executeDispatch(frame, ".uno:GoToCell", "", 0, args())
      args(0).Name = "StringName"
      args(0).Value = Mid(line, tabAt + 1)
      dispatcher.executeDispatch(frame, ".uno:EnterString", "", 0, args())
    End If
  Loop
  inp.closeInput()
  Dim store(0) As New com.sun.star.beans.PropertyValue
  store(0).Name = "FilterName"
  store(0).Value = "Calc MS Excel 2007 XML"
  doc.storeToURL(ConvertToURL(dst), store())
  doc.close(True)
  GoTo Finish
Failed:
  result = "error " & Err & " at line " & Erl & ": " & Error$
  Resume Finish
Finish:
  On Error Resume Next
  Dim res As Object
  res = createUnoService("com.sun.star.io.TextOutputStream")
  res.setOutputStream(sfa.openFileWrite(ConvertToURL(jobFile & ".result")))
  res.setEncoding("UTF-8")
  res.writeString(result)
  res.closeOutput()
  StarDesktop.terminate()
End Sub
`;
