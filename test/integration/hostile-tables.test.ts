import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src-main/store/open-store.js';
import { MAX_TEMPLATE_ROWS, MAX_TEMPLATE_TEXT_CHARS } from '../../src-main/excel/template-table.js';
import { TEMPLATE_TITLE, templateColumns } from '../../src-shared/template.js';
import { cliArgv, cliEnv, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { validRow, writeTemplate, type RowInput } from '../helpers/template-workbook.js';
import { hugeInlineCell, repeated, writeXlsxParts } from '../helpers/hostile-tables.js';

/**
 * Issue 14, hostile templates: the CLI as a child process against files no spreadsheet program
 * writes (a 500-million-character cell, zip bombs, a 600 MB CSV) and against real clerks' habits (a
 * title line above a CSV header, a 填写说明 sheet with the manual's sample before the real sheet, a
 * two-row header, a template with nobody in it). Exit 2 with one Chinese line, memory bounded, the
 * store untouched; or the right sheet and columns read.
 */
const dir = tempDir('zfbm-hostile-');
const file = (name: string) => path.join(dir, name);
/** Peak memory any input may cost the CLI. */
const MAX_RSS_MB = 400;

interface Measured {
  code: number;
  stdout: string;
  stderr: string;
  maxRssMB: number;
}

/** The CLI under /usr/bin/time, for the child's peak resident memory. */
function runMeasured(args: string[]): Promise<Measured> {
  const rssFile = file(`rss-${process.hrtime.bigint()}.txt`);
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/time',
      ['-f', '%M', '-o', rssFile, process.execPath, ...cliArgv(args)],
      { cwd: REPO_ROOT, env: cliEnv(), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const kb = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        resolve({ code, stdout, stderr, maxRssMB: kb / 1024 });
      },
    );
  });
}

/** Exit 2, nothing on stdout, one line of Chinese on stderr without English (product names aside). */
function expectRefused(r: { code: number; stdout: string; stderr: string }, mustMention: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(mustMention);
  const names = /Excel|WPS|CSV|MB|[\w-]*\.(xlsx|csv)/g;
  expect(r.stderr.replace(names, '')).not.toMatch(/[A-Za-z]{2,}/);
}

function storeSnapshot(data: string): { integrity: string; batches: number; persons: number } {
  const db = new Database(path.join(data, DB_FILE), { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      ...(db.prepare('SELECT (SELECT COUNT(*) FROM batches) AS batches, (SELECT COUNT(*) FROM persons) AS persons').get() as { batches: number; persons: number }),
    };
  } finally {
    db.close();
  }
}

/** A data directory holding one imported batch of two people, to see that a refused import leaves it as it was. */
async function dataDirWithBatch(): Promise<string> {
  const data = fs.mkdtempSync(path.join(dir, 'data-'));
  const f = file(`seed-${path.basename(data)}.xlsx`);
  await writeTemplate(f, [validRow(), validRow()]);
  expect((await runCli(['import', '--data', data, f])).code).toBe(0);
  return data;
}

describe('files past every bound: exit 2, one Chinese line, memory bounded, the store unchanged', () => {
  it('a 1.5 MB-class workbook with one 500-million-character cell', async () => {
    const f = file('巨大单元格.xlsx');
    await writeXlsxParts(f, hugeInlineCell(500_000_000));
    expect(fs.statSync(f).size).toBeLessThan(2 * 1024 * 1024);
    const r = await runMeasured(['validate', f, '--json']);
    // Its sheet declares 500 MB at a ratio of a thousand: refused before inflating.
    expectRefused(r, /文件解压后异常巨大/);
    expect(r.maxRssMB).toBeLessThan(MAX_RSS_MB);

    const data = await dataDirWithBatch();
    const before = storeSnapshot(data);
    const imp = await runMeasured(['import', '--data', data, f]);
    expectRefused(imp, /异常巨大/);
    expect(imp.maxRssMB).toBeLessThan(MAX_RSS_MB);
    expect(storeSnapshot(data)).toEqual({ ...before, integrity: 'ok' });
  }, 120_000);

  it('a cell of 2 million random characters (no zip trick: it compresses poorly) is refused as a huge cell', async () => {
    const f = file('长单元格.xlsx');
    const text = crypto.randomBytes(1_500_000).toString('base64');
    await writeXlsxParts(f, `<row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row>`);
    const r = await runMeasured(['validate', f]);
    expectRefused(r, /文件中有异常巨大的单元格/);
    expect(r.maxRssMB).toBeLessThan(MAX_RSS_MB);
    // The same text as a shared string.
    const g = file('长共享字符串.xlsx');
    await writeXlsxParts(g, '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', `<si><t>${text}</t></si>`);
    expectRefused(await runCli(['validate', g]), /文件中有异常巨大的单元格/);
  }, 120_000);

  it('an ASCII zip bomb in the shared strings (300 million characters of one letter)', async () => {
    const f = file('压缩炸弹-文字.xlsx');
    await writeXlsxParts(f, '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', repeated('A', 300_000_000));
    const r = await runMeasured(['validate', f]);
    expectRefused(r, /异常巨大/);
    expect(r.maxRssMB).toBeLessThan(MAX_RSS_MB);
  }, 120_000);

  it('a zip bomb of well-formed rows (a sheet inflating a thousandfold) is stopped by its ratio', async () => {
    const f = file('压缩炸弹-行.xlsx');
    await writeXlsxParts(f, repeated('<row r="1"><c r="A1"><v>1</v></c></row>', 10_000_000));
    const t0 = Date.now();
    const r = await runMeasured(['validate', f]);
    expectRefused(r, /文件解压后异常巨大/);
    expect(r.maxRssMB).toBeLessThan(MAX_RSS_MB);
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 120_000);

  it('a 600 MB CSV is refused before it is read, saying the limit', async () => {
    const f = file('巨大.csv');
    const out = fs.createWriteStream(f);
    const line = '1,福州市,王小明,,福州市市场监督管理局,,,350102199103051013,男,汉族,1991-03-05,01,,大学本科,法学,020201,是,否,01,综合法律知识考试\n';
    await new Promise<void>((resolve, reject) => {
      repeated(line, Math.ceil((600 * 1024 * 1024) / Buffer.byteLength(line))).pipe(out).on('finish', resolve).on('error', reject);
    });
    const r = await runMeasured(['validate', f]);
    expectRefused(r, /100 MB 的上限/);
    expect(r.maxRssMB).toBeLessThan(MAX_RSS_MB);
    fs.rmSync(f);
  }, 120_000);
});

describe('more people or text than one file may hold', () => {
  const cols = templateColumns('new');
  const header = ['序号', ...cols.map((c) => c.header)].join(',');
  const writeCsv = async (f: string, rows: number, line: (i: number) => string) => {
    const out = fs.createWriteStream(f);
    out.write(header + '\n');
    for (let i = 0; i < rows; i++) if (!out.write(line(i))) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((r) => out.end(() => r()));
  };

  it(`more than ${MAX_TEMPLATE_ROWS} people is refused, saying to split the file`, async () => {
    const f = file('六万多人.csv');
    const row = validRow({ posts: '01' });
    const rest = cols.map((c) => String(row[c.key] ?? '')).join(',');
    await writeCsv(f, MAX_TEMPLATE_ROWS + 1, (i) => `${i + 1},${rest}\n`);
    const r = await runMeasured(['validate', f]);
    expectRefused(r, /一个文件最多 6 万人/);
    expect(r.maxRssMB).toBeLessThan(MAX_RSS_MB);
  }, 120_000);

  it('rows of long but legal cells past the text budget are refused before memory runs out', async () => {
    const f = file('文字太多.csv');
    const cell = 'A'.repeat(30_000);
    const cells = cols.map(() => cell).join(',');
    await writeCsv(f, Math.ceil(MAX_TEMPLATE_TEXT_CHARS / (30_000 * cols.length)) + 5, (i) => `${i + 1},${cells}\n`);
    const r = await runMeasured(['validate', f]);
    expectRefused(r, /文件中的文字异常多/);
    expect(r.maxRssMB).toBeLessThan(MAX_RSS_MB);
  }, 120_000);
});

describe('what clerks really hand in', () => {
  it('a CSV whose first line is a title without separators is read', async () => {
    const f = file('标题行.csv');
    const cols = templateColumns('new');
    const row = validRow({ posts: '01' });
    const lines = [TEMPLATE_TITLE, ['序号', ...cols.map((c) => c.header)].join(','), ['1', ...cols.map((c) => String(row[c.key] ?? ''))].join(',')];
    fs.writeFileSync(f, '\ufeff' + lines.join('\r\n') + '\r\n');
    const r = await runCli(['validate', f, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { headerRow: number; rows: Array<{ row: number; issues: unknown[] }> };
    expect(report.headerRow).toBe(2);
    expect(report.rows).toEqual([expect.objectContaining({ row: 3, issues: [] })]);
  });

  it('a tab-separated CSV with a title line reads its tabs, not the commas inside 执法岗位', async () => {
    const f = file('制表符.csv');
    const cols = templateColumns('new');
    const row = validRow({ posts: '01,02' });
    const lines = [TEMPLATE_TITLE, ['序号', ...cols.map((c) => c.header)].join('\t'), ['1', ...cols.map((c) => String(row[c.key] ?? ''))].join('\t')];
    fs.writeFileSync(f, lines.join('\n') + '\n');
    const r = await runCli(['validate', f, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { rows: Array<{ issues: unknown[] }> }).rows).toEqual([expect.objectContaining({ issues: [] })]);
  });

  it('填写说明 first with the manual’s sample row, the real people on the next sheet: the people are read', async () => {
    const f = file('填写说明在前.xlsx');
    const wb = new ExcelJS.Workbook();
    const cols = templateColumns('new');
    const header = ['序号', ...cols.map((c) => c.header)];
    const sample: RowInput = {
      county: '福州市', name: '蔡亿斌', agency: '福州市儿童公园管理处', idNumber: '820102198906169620', gender: '女', ethnicity: '汉族',
      birthDate: '1989-06-16', political: '02', education: '大学专科', major: '法学', rankCode: '020201', isLawMajor: '是',
      hasLegalQualification: '是', posts: '02', examCategory: '综合法律知识考试',
    };
    const manual = wb.addWorksheet('填写说明');
    manual.addRow(['填写说明：请按下面的示例填写，真实人员填在“采集表”工作表中。']);
    manual.addRow(header);
    manual.addRow([1, ...cols.map((c) => sample[c.key] ?? null)]);
    const data = wb.addWorksheet('采集表');
    data.addRow([TEMPLATE_TITLE]);
    data.addRow(header);
    const people = [validRow(), validRow(), validRow()];
    people.forEach((p, i) => data.addRow([i + 1, ...cols.map((c) => p[c.key] ?? null)]));
    await wb.xlsx.writeFile(f);

    const r = await runCli(['validate', f, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { sheet: string; skippedSheets: unknown; rows: Array<{ idNumber: string; issues: unknown[] }> };
    expect(report.sheet).toBe('采集表');
    expect(report.skippedSheets).toEqual([{ name: '填写说明', rows: 0 }]);
    expect(report.rows.map((x) => x.idNumber)).toEqual(people.map((p) => p.idNumber));
    for (const row of report.rows) expect(row.issues).toEqual([]);

    const human = await runCli(['validate', f]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('工作表“采集表”');
    expect(human.stdout).toMatch(/另有工作表 “填写说明”（0 人）.*未读取/);
  });

  it('a two-row header (证件信息 merged over 证编号 and 证有效期截止日) reads the sub-header columns', async () => {
    const f = file('两行表头.xlsx');
    const cols = templateColumns('new');
    const certNo = cols.findIndex((c) => c.key === 'certNo') + 2;
    const certExpiry = cols.findIndex((c) => c.key === 'certExpiry') + 2;
    expect(certExpiry).toBe(certNo + 1);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow([TEMPLATE_TITLE]);
    const upper = ['序号', ...cols.map((c) => c.header)];
    upper[certNo - 1] = '证件信息';
    upper[certExpiry - 1] = null as unknown as string;
    ws.addRow(upper);
    const lower: Array<string | null> = upper.map(() => null);
    lower[certNo - 1] = '证编号';
    lower[certExpiry - 1] = '证有效期截止日';
    ws.addRow(lower);
    // Every other header cell spans both rows, as a merged cell does: the value sits in the upper row.
    for (let c = 1; c <= upper.length; c++) if (c !== certNo && c !== certExpiry) ws.mergeCells(2, c, 3, c);
    ws.mergeCells(2, certNo, 2, certExpiry);
    const person = validRow({ certNo: 'FJ2024-001', certExpiry: '2024年13月45日' });
    ws.addRow([1, ...cols.map((c) => person[c.key] ?? null)]);
    await wb.xlsx.writeFile(f);

    const r = await runCli(['validate', f, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { headerRow: number; rows: Array<{ row: number; issues: Array<{ field: string; code: string }> }> };
    expect(report.headerRow).toBe(3);
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]!.row).toBe(4);
    // The 有效期 column was read: its impossible date is a finding (a dropped column would say nothing).
    expect(report.rows[0]!.issues).toEqual([expect.objectContaining({ field: 'certExpiry', code: 'date.format' })]);
  });

  it('a template with nobody in it: validate reports 0 rows, import refuses and makes no batch', async () => {
    const f = file('空模板.xlsx');
    expect((await runCli(['template', f])).code).toBe(0);
    const v = await runCli(['validate', f, '--json']);
    expect(v.code, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ rows: [], summary: { rows: 0, valid: 0, invalid: 0 } });
    const human = await runCli(['validate', f]);
    expect(human.stdout).toContain('表头下面没有填写任何人员');

    const data = await dataDirWithBatch();
    const before = storeSnapshot(data);
    const imp = await runCli(['import', '--data', data, f]);
    expectRefused(imp, /没有填写任何人员.*未创建批次/);
    expect(storeSnapshot(data)).toEqual({ ...before, integrity: 'ok' });
  });
});

describe('the server’s record imports read through the same bounds and header search', () => {
  it('a huge cell and a zip bomb are refused in Chinese; a CSV title line and a second sheet are no obstacle', async () => {
    const { readRecordTable, RecordFileError } = await import('../../src-server/records/read-record-table.js');
    const { EXAM_SCORES } = await import('../../src-server/records/record-kinds.js');
    const refused = async (f: string) => {
      const e = await readRecordTable(f, EXAM_SCORES.spec).then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(RecordFileError);
      return (e as Error).message;
    };
    const cell = file('成绩-长单元格.xlsx');
    await writeXlsxParts(cell, `<row r="1"><c r="A1" t="inlineStr"><is><t>${crypto.randomBytes(300_000).toString('base64')}</t></is></c></row>`);
    expect(await refused(cell)).toMatch(/^文件中有异常巨大的单元格/);
    const bomb = file('成绩-炸弹.xlsx');
    await writeXlsxParts(bomb, repeated('<row r="1"><c r="A1"><v>1</v></c></row>', 2_000_000));
    expect(await refused(bomb)).toMatch(/^文件解压后异常巨大/);

    const csv = file('成绩.csv');
    fs.writeFileSync(csv, '人员考试成绩导出\n序号;姓名;身份证号;考试成绩\n1;王小明;350102199103051013;86\n');
    const t = await readRecordTable(csv, EXAM_SCORES.spec);
    expect(t.headerRow).toBe(2);
    expect(t.rows).toEqual([{ row: 3, cells: expect.objectContaining({ name: ['王小明'], score: ['86'] }) }]);

    const two = file('成绩-两个表.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRows([['姓名', '身份证号'], ['示例', '110105194912310021']]);
    wb.addWorksheet('成绩').addRows([['姓名', '身份证号', '考试成绩'], ['甲', '350102199103051013', 90], ['乙', '11010519491231002X', 70]]);
    await wb.xlsx.writeFile(two);
    const r = await readRecordTable(two, EXAM_SCORES.spec);
    expect(r.sheet).toBe('成绩');
    expect(r.rows).toHaveLength(2);
  });
});

