import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
import { describe, expect, it } from 'vitest';
import { EXCEL_TEXT_MAX, TRUNCATED_MARK, capMessage, capText, hasQuotePrefix, isFormulaLike } from '../../src-node/excel-text.js';
import { writeErrorReport, SUMMARY_SHEET_NAME, type ReportPerson } from '../../src-main/excel/error-report-writer.js';
import { buildExportWorkbook } from '../../src-server/exports/export-workbook.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { emptyPersonFields } from '../../src-shared/domain/person.js';
import type { Issue } from '../../src-shared/domain/issue.js';
import { tempDir } from '../helpers/temp-dir.js';
import { NO_SOFFICE_REASON, SOFFICE } from '../helpers/libreoffice.js';

/**
 * Issue 14, part 5: workbooks we hand out (the desktop's 问题清单, the server's exports) never hold a
 * cell or comment longer than Excel's 32,767 characters, and text that starts like a formula carries
 * Excel's quote prefix, so F2 and Enter never make it live. The value itself stays as written.
 */
const root = tempDir('zfbm-excel-text-');
const file = (name: string) => path.join(root, name);

const HUGE = '长'.repeat(100_000);
const FORMULAS = ['=HYPERLINK("http://example.com/x","点我")', '+1', '@SUM(A1)', '-5', '＝1+1', '\t=1+1'];

describe('the text helper', () => {
  it('caps text at Excel’s limit with the mark, never splitting a surrogate pair', () => {
    expect(capText('abc')).toBe('abc');
    const cut = capText(HUGE);
    expect(cut.length).toBe(EXCEL_TEXT_MAX);
    expect(cut.endsWith(TRUNCATED_MARK)).toBe(true);
    const emoji = capText('😀'.repeat(20_000));
    expect(emoji.length).toBeLessThanOrEqual(EXCEL_TEXT_MAX);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('shortens a long quoted value inside a message and keeps the words around it', () => {
    const m = capMessage(`姓名“${HUGE}”含有姓名中不能出现的字符，请改正。`);
    expect(m.length).toBeLessThan(300);
    expect(m).toMatch(/^姓名“长+…（已截断）”含有姓名中不能出现的字符，请改正。$/);
    expect(capMessage('性别填的是“男”。')).toBe('性别填的是“男”。');
    expect(capMessage(`说明${HUGE}`).length).toBe(EXCEL_TEXT_MAX);
  });

  it('knows what Excel would take for a formula', () => {
    for (const f of FORMULAS) expect(isFormulaLike(f), f).toBe(true);
    for (const t of ['张三', '110101199003071234', '5', ' =1', '1-2', '', '\n']) expect(isFormulaLike(t), t).toBe(false);
  });
});

/** The xf attributes of every cell style in a written workbook, by style index. */
async function zipEntries(bytes: Buffer): Promise<Map<string, string>> {
  const dir = await unzipper.Open.buffer(bytes);
  return new Map(await Promise.all(dir.files.map(async (f) => [f.path, (await f.buffer()).toString('utf8')] as const)));
}

async function cellXfs(bytes: Buffer): Promise<string[]> {
  const styles = (await zipEntries(bytes)).get('xl/styles.xml')!;
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)![1]!;
  return [...xfs.matchAll(/<xf\b[^>]*>/g)].map((m) => m[0]);
}

/** Every cell and comment within Excel's limit; the formula-like texts as written and quote-prefixed. */
async function expectSafe(bytes: Buffer, sheetName: string): Promise<void> {
  const xfs = await cellXfs(bytes);
  expect(xfs.some((x) => /quotePrefix="1"/.test(x))).toBe(true);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const seen = new Set<string>();
  for (const ws of wb.worksheets) {
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const text = typeof cell.value === 'string' ? cell.value : '';
        expect(text.length).toBeLessThanOrEqual(EXCEL_TEXT_MAX);
        if (text.startsWith('长长长')) expect(text.endsWith(TRUNCATED_MARK)).toBe(true);
        if (ws.name !== sheetName) return;
        if (FORMULAS.includes(text)) {
          seen.add(text);
          expect(hasQuotePrefix(cell), `${text} at ${cell.address}`).toBe(true);
        } else if (text !== '') {
          expect(hasQuotePrefix(cell), `${text.slice(0, 20)} at ${cell.address}`).toBe(false);
        }
      }),
    );
  }
  expect([...seen].sort()).toEqual([...FORMULAS].sort());
  // Comments (notes) live in their own parts: each text run within the limit.
  for (const [name, xml] of await zipEntries(bytes)) {
    if (!/comments\d*\.xml$/.test(name)) continue;
    for (const m of xml.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)) expect(m[1]!.length).toBeLessThanOrEqual(EXCEL_TEXT_MAX);
  }
}

/** LibreOffice's reading of a sheet as CSV (UTF-8): the formula-like texts come back as text, not results. */
function expectLibreOfficeKeepsText(xlsx: string): void {
  const out = path.join(root, `csv-${path.basename(xlsx, '.xlsx')}`);
  fs.mkdirSync(out, { recursive: true });
  // 44 = comma, 34 = double quote, 76 = UTF-8, …, -1 = every sheet to a file of its own.
  execFileSync(
    SOFFICE!,
    ['--headless', '--norestore', `-env:UserInstallation=file://${path.join(root, '.lo-profile')}`, '--convert-to', `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1`, '--outdir', out, xlsx],
    { stdio: 'pipe', timeout: 120_000 },
  );
  const csv = fs
    .readdirSync(out)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => fs.readFileSync(path.join(out, f), 'utf8'))
    .join('\n');
  expect(csv).toContain('"=HYPERLINK(""http://example.com/x"",""点我"")"');
  expect(csv).not.toContain('点我",'); // not the HYPERLINK's result
  const fields = new Set(csv.split('\n').flatMap((line) => line.split(',')));
  for (const t of ['+1', '@SUM(A1)', '-5', '＝1+1']) expect(fields.has(t) || fields.has(`"${t}"`), t).toBe(true);
  expect(csv).toContain(TRUNCATED_MARK);
}

describe('the error report (问题清单)', () => {
  it('caps cells and comments at 32,767 characters and quote-prefixes formula-like text', async () => {
    const tables = loadCodeTables();
    const person = (id: number, name: string, major: string, issues: Issue[]): ReportPerson => {
      const fields = { ...emptyPersonFields(), name, major, idNumber: '11010119900307123X' };
      return { id, raw: { name, major }, fields, issues };
    };
    const nameIssue = (value: string): Issue => ({ field: 'name', code: 'name.invalid', severity: 'error', message: `姓名“${value}”含有姓名中不能出现的字符，请改正。`, value });
    const people = [
      person(1, HUGE, '法学', [nameIssue(HUGE)]),
      ...FORMULAS.map((f, i) => person(i + 2, f, f, [nameIssue(f)])),
    ];
    const out = file('问题清单.xlsx');
    await writeErrorReport(out, { batch: { id: 'b-1', kind: 'new', name: '测试', number: 'P-1' }, people, tables });
    const bytes = fs.readFileSync(out);
    await expectSafe(bytes, SUMMARY_SHEET_NAME);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const data = wb.worksheets[0]!;
    // The long name's comment: the message with the value shortened, far below the limit.
    const comments = [...(await zipEntries(bytes))].filter(([name]) => /comments\d*\.xml$/.test(name)).map(([, xml]) => xml).join('');
    expect(comments).toMatch(/姓名“长{150,200}…（已截断）”含有姓名中不能出现的字符，请改正。/);
    // The data sheet's cells: the formula-like ones quote-prefixed there too.
    const prefixed: string[] = [];
    data.eachRow((row) => row.eachCell((c) => {
      if (typeof c.value === 'string' && hasQuotePrefix(c)) prefixed.push(c.value);
    }));
    for (const f of FORMULAS) expect(prefixed).toContain(f);

    if (!SOFFICE) return console.warn(`skipped the LibreOffice part: ${NO_SOFFICE_REASON}`);
    expectLibreOfficeKeepsText(out);
  });
});

describe('a server export', () => {
  it('caps cells at 32,767 characters and quote-prefixes formula-like text', async () => {
    const rows = [HUGE, ...FORMULAS, '张三'];
    const bytes = await buildExportWorkbook({
      sheetName: '人员',
      title: '测试导出',
      columns: [
        { header: '姓名', width: 12, value: (r: string) => r },
        { header: '备注', width: 20, value: (r: string) => `备注${r.length}` },
      ],
      rows,
      now: new Date('2026-12-01T00:00:00Z'),
    });
    await expectSafe(bytes, '人员');
    const out = file('export.xlsx');
    fs.writeFileSync(out, bytes);
    if (!SOFFICE) return console.warn(`skipped the LibreOffice part: ${NO_SOFFICE_REASON}`);
    expectLibreOfficeKeepsText(out);
  });
});
