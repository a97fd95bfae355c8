import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { encrypt } from 'officecrypto-tool';
import { describe, expect, it } from 'vitest';
import { BASE_COLUMNS } from '../../src-shared/template.js';
import { validRow, writeTemplate, type RowInput } from '../helpers/template-workbook.js';
import { runCli, validateJson } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { NO_SOFFICE_REASON, SOFFICE, sofficeConvert } from '../helpers/libreoffice.js';

/** The `validate` contract of DESIGN.md, driven as a child process. */
const dir = tempDir('zfbm-cli-');
const file = (name: string) => path.join(dir, name);

/** The example row of 附件2 in the Fujian manual, exactly as printed. */
const MANUAL_SAMPLE: RowInput = {
  county: '福州市', name: '蔡亿斌', agency: '福州市儿童公园管理处', idNumber: '820102198906169620', gender: '女', ethnicity: '汉族',
  birthDate: '1989-06-16', political: '02', education: '大学专科', major: '法学', rankCode: '020201', isLawMajor: '是',
  hasLegalQualification: '是', posts: '02', examCategory: '综合法律知识考试',
};

function expectCleanFailure(r: { code: number; stdout: string; stderr: string }, mustMention: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\s+at\s+\S+\s+\(|Error:/);
  expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
  expect(r.stderr).toMatch(mustMention);
}

describe('validate --json on a good template', () => {
  it('reports every data row with its Excel row number, valid ones with no issues', async () => {
    const f = file('good.xlsx');
    const rows = Array.from({ length: 12 }, () => validRow());
    const { rowNumbers } = await writeTemplate(f, rows);
    const r = await validateJson(f);
    expect(r.file).toBe('good.xlsx');
    expect(r.rows.map((x) => x.row)).toEqual(rowNumbers);
    expect(r.rows.map((x) => x.idNumber)).toEqual(rows.map((x) => x.idNumber));
    for (const row of r.rows) expect(row.issues).toEqual([]);
    expect(r.photos).toEqual([]);
    expect(r.summary).toEqual(expect.objectContaining({ rows: 12, valid: 12, invalid: 0 }));
  });

  it('the manual’s own sample row fails only its check digit, which should be 8', async () => {
    const f = file('manual-sample.xlsx');
    await writeTemplate(f, [MANUAL_SAMPLE]);
    const r = await validateJson(f);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]!.issues).toEqual([expect.objectContaining({ field: 'idNumber', code: 'id.checksum', severity: 'error' })]);
    expect(r.rows[0]!.issues[0]!.message).toContain('应为 8');
  });

  it('every finding names its field and says what to do, in Chinese', async () => {
    const f = file('messages.xlsx');
    await writeTemplate(f, [validRow({ ethnicity: '', political: '99', isLawMajor: '可能', idNumber: '12345' })]);
    const r = await validateJson(f);
    const issues = r.rows[0]!.issues;
    expect(issues.map((i) => i.code).sort()).toEqual(['bool.invalid', 'code.invalid', 'id.format', 'required']);
    for (const i of issues) {
      expect(i.field).toMatch(/^[a-zA-Z]+$/);
      expect(i.message).toMatch(/请/);
    }
  });

  it('the same ID twice in a file is id.duplicate on both rows, each naming the other', async () => {
    const f = file('dups.xlsx');
    const a = validRow();
    const { rowNumbers } = await writeTemplate(f, [a, validRow(), { ...a, name: '王小名' }]);
    const r = await validateJson(f);
    const dup0 = r.rows[0]!.issues.find((i) => i.code === 'id.duplicate');
    const dup2 = r.rows[2]!.issues.find((i) => i.code === 'id.duplicate');
    expect(dup0?.message).toContain(`第 ${rowNumbers[2]} 行`);
    expect(dup2?.message).toContain(`第 ${rowNumbers[0]} 行`);
    expect(r.rows[1]!.issues).toEqual([]);
  });

  it('prints a readable Chinese report without --json', async () => {
    const f = file('human.xlsx');
    const { rowNumbers } = await writeTemplate(f, [validRow(), MANUAL_SAMPLE]);
    const r = await runCli(['validate', f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`第 ${rowNumbers[1]} 行`);
    expect(r.stdout).toContain('校验码应为 8');
    expect(r.stdout).toMatch(/共 2 人：1 人无错误，1 人有错误需要修改/);
  });
});

describe('finding the header and reading cells', () => {
  it('finds the header below extra title rows, on a later sheet, with garbled or spaced header texts', async () => {
    const f = file('header.xlsx');
    await writeTemplate(f, [validRow(), validRow()], {
      titleRows: 4,
      sheetsBefore: ['填表说明'],
      headerText: { agency: '所属执法主持或照的托组织名称', idNumber: '持证人 身份证号码', county: '县（市、区）', name: '*持证人姓名' },
    });
    const r = await validateJson(f);
    expect(r.rows.map((x) => x.row)).toEqual([6, 7]);
    expect(r.rows.every((x) => x.issues.length === 0)).toBe(true);
  });

  it('reads rich text, formula results and shared strings as the text Excel shows', async () => {
    const f = file('cells.xlsx');
    const base = validRow();
    await writeTemplate(f, [
      {
        ...base,
        name: { richText: [{ text: '王', font: { bold: true } }, { text: '小明' }] },
        idNumber: { formula: `"${base.idNumber}"`, result: base.idNumber as string },
        political: { formula: 'TEXT(1,"00")', result: '01' },
      },
    ]);
    const r = await validateJson(f);
    expect(r.rows[0]!.idNumber).toBe(base.idNumber);
    expect(r.rows[0]!.issues).toEqual([]);
  });

  it('detects a renewal list by its extra columns and requires them', async () => {
    const f = file('renewal.xlsx');
    await writeTemplate(f, [validRow({ originalCertNo: '闽0101001', originalAgency: '福州市司法局' }), validRow()], { kind: 'renewal' });
    const r = await validateJson(f);
    expect(r.rows[0]!.issues).toEqual([]);
    expect(r.rows[1]!.issues.map((i) => i.code)).toEqual(['renewal.missing', 'renewal.missing']);
  });
});

describe('files that cannot be read: exit 2, one Chinese line, no stack trace', () => {
  it('a missing file', async () => {
    expectCleanFailure(await runCli(['validate', file('nope.xlsx'), '--json']), /找不到文件/);
  });

  it('an empty file', async () => {
    fs.writeFileSync(file('empty.xlsx'), '');
    expectCleanFailure(await runCli(['validate', file('empty.xlsx'), '--json']), /空的/);
  });

  it('a text file and a PNG renamed to .xlsx', async () => {
    fs.writeFileSync(file('notes.xlsx'), '这不是表格\n');
    expectCleanFailure(await runCli(['validate', file('notes.xlsx')]), /不是 Excel 工作簿/);
    fs.writeFileSync(file('photo.xlsx'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    expectCleanFailure(await runCli(['validate', file('photo.xlsx')]), /不是 Excel 工作簿/);
  });

  it('a zip that is not a workbook, and a truncated workbook', async () => {
    const good = file('for-truncation.xlsx');
    await writeTemplate(good, [validRow()]);
    const bytes = fs.readFileSync(good);
    fs.writeFileSync(file('truncated.xlsx'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    expectCleanFailure(await runCli(['validate', file('truncated.xlsx')]), /损坏|不是 Excel|没有找到采集表的表头/);
    // A zip with one text entry: stored, so it can be written by hand.
    const name = Buffer.from('readme.txt');
    const data = Buffer.from('hello');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(0, 14); // crc not checked by the sniffer; exceljs reports the entry as it is
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    fs.writeFileSync(file('other.zip.xlsx'), Buffer.concat([local, name, data]));
    expectCleanFailure(await runCli(['validate', file('other.zip.xlsx')]), /不是 Excel 工作簿|损坏/);
  });

  it('a password-protected workbook', async () => {
    const plain = file('plain.xlsx');
    await writeTemplate(plain, [validRow()]);
    fs.writeFileSync(file('locked.xlsx'), await encrypt(fs.readFileSync(plain), { password: 'abc123' }));
    expectCleanFailure(await runCli(['validate', file('locked.xlsx')]), /密码/);
  });

  it.skipIf(!SOFFICE)('an .xls made by LibreOffice, also when renamed to .xlsx, and a WPS .et, are read (issue 14; more in legacy-workbooks.test.ts)', async () => {
    const src = file('to-xls.xlsx');
    await writeTemplate(src, [validRow()]);
    const xls = sofficeConvert(src, 'xls', dir);
    fs.copyFileSync(xls, file('renamed.xlsx'));
    // WPS's own .et format is the same compound-file container as .xls.
    fs.copyFileSync(xls, file('wps.et'));
    for (const f of [xls, file('renamed.xlsx'), file('wps.et')]) {
      const r = await validateJson(f);
      expect(r.rows.map((x) => [x.row, x.issues])).toEqual([[3, []]]);
    }
  });
  if (!SOFFICE) console.warn(`skipped the LibreOffice .xls test: ${NO_SOFFICE_REASON}`);

  it('a workbook without the template header', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('工资表').addRows([['姓名', '工资'], ['张三', 5000]]);
    await wb.xlsx.writeFile(file('no-header.xlsx'));
    expectCleanFailure(await runCli(['validate', file('no-header.xlsx'), '--json']), /没有找到采集表的表头/);
  });

  it('a header that lacks required columns names them', async () => {
    const f = file('missing-cols.xlsx');
    await writeTemplate(f, [validRow()], { omit: ['ethnicity', 'political'] });
    expectCleanFailure(await runCli(['validate', f]), /缺少.*民族、政治面貌/);
  });

  it('wrong arguments', async () => {
    expectCleanFailure(await runCli(['validate']), /用法/);
    expectCleanFailure(await runCli(['frobnicate']), /不认识的命令/);
  });
});

describe('CSV as Chinese Excel and WPS save it', () => {
  const header = ['序号', ...BASE_COLUMNS.map((c) => c.header)];
  /** Quotes fields as Excel does: those holding a comma, a quote or a line break. */
  const field = (v: unknown) => {
    const t = String(v ?? '');
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  function csvText(rows: RowInput[]): string {
    const body = rows.map((r, i) => [String(i + 1), ...BASE_COLUMNS.map((c) => field(r[c.key]))].join(','));
    return ['(盖章) 市(区)行政执法人员基本信息数据元采集表', header.join(','), ...body, '注：①本表格为Excel格式表格'].join('\r\n') + '\r\n';
  }

  it.each([
    ['UTF-8 with BOM', (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')])],
    ['UTF-8 without BOM', (t: string) => Buffer.from(t, 'utf8')],
    ['GB18030 (Excel’s “CSV (逗号分隔)”)', (t: string) => iconv.encode(t, 'gb18030')],
  ])('%s', async (label, encode) => {
    const f = file(`people-${label.length}.csv`);
    const rows = [validRow({ name: '欧阳娜娜' }), validRow({ political: '2', ethnicity: '维吾尔族' }), MANUAL_SAMPLE];
    fs.writeFileSync(f, encode(csvText(rows)));
    const r = await validateJson(f);
    expect(r.rows.map((x) => x.row)).toEqual([3, 4, 5]);
    expect(r.rows[0]!.issues).toEqual([]);
    expect(r.rows[1]!.issues).toEqual([expect.objectContaining({ field: 'political', code: 'code.padded', fixed: '02' })]);
    expect(r.rows[2]!.issues.map((i) => i.code)).toEqual(['id.checksum']);
  });

  it('an ID that Excel exported in scientific notation', async () => {
    const f = file('sci.csv');
    fs.writeFileSync(f, csvText([validRow({ idNumber: '3.50102E+17' })]));
    const r = await validateJson(f);
    expect(r.rows[0]!.issues.map((i) => i.code)).toEqual(['id.excel_precision']);
  });
});

describe.skipIf(!SOFFICE)('a workbook saved again by LibreOffice', () => {
  it('reads the same as the original', async () => {
    const src = file('lo-src.xlsx');
    await writeTemplate(src, [validRow(), validRow({ political: 2 }), MANUAL_SAMPLE, validRow({ birthDate: new Date(Date.UTC(1991, 2, 5)) })]);
    const loDir = path.join(dir, 'lo');
    fs.mkdirSync(loDir);
    const resaved = sofficeConvert(src, 'xlsx:Calc MS Excel 2007 XML', loDir);
    const a = await validateJson(src);
    const b = await validateJson(resaved);
    expect(b.rows.map((x) => [x.row, x.idNumber, x.issues.map((i) => i.code)])).toEqual(a.rows.map((x) => [x.row, x.idNumber, x.issues.map((i) => i.code)]));
  });
});

describe('a large file', () => {
  it('checked partly on the rules worker gives exactly the findings of checking it inline, in row order', async () => {
    const { generateTemplate } = await import('../helpers/large-template.js');
    const f = file('large.xlsx');
    // Past the 12,000 rows that are checked inline before the worker takes over.
    await generateTemplate(f, 13_000);
    const piped = await validateJson(f);
    const inline = await validateJson(f, [], { HARNESS_INLINE_RULES: '1' });
    expect(piped.summary.rows).toBe(13_000);
    expect(piped.rows.map((r) => r.row)).toEqual(Array.from({ length: 13_000 }, (_, i) => i + 3));
    expect(piped).toEqual(inline);
    // The generator puts one of six Excel habits in every tenth row (1,300 rows). Five are reported;
    // the sixth is a real Excel date cell, which is correct as it is (217 rows).
    expect(piped.rows.filter((r) => r.issues.length > 0)).toHaveLength(1_300 - 217);
    expect(piped.summary).toMatchObject({ invalid: 217 });
  });
});
