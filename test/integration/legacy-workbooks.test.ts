import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_COLUMNS } from '../../src-shared/template.js';
import { writeCollectionTemplate } from '../../src-main/excel/template-writer.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { openStore } from '../../src-main/store/open-store.js';
import { RegistrationService } from '../../src-main/services/registration-service.js';
import { LEGACY_MAX_CELLS, LegacyWorkbookError, legacyTableSource, readLegacyWorkbook } from '../../src-node/legacy-workbook-rows.js';
import { validRow, type RowInput } from '../helpers/template-workbook.js';
import { runCli, validateJson, type JsonReport } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { NO_SOFFICE_REASON, SOFFICE, sofficeConvert } from '../helpers/libreoffice.js';

/**
 * Issue 14: the template handed out or saved as .xls (Excel 97-2003), .et (WPS) or .ods is read as
 * the .xlsx is — same rows, same row numbers, same findings, the same batch on import — and a
 * locked, damaged or oversized one is refused with one Chinese line and exit 2. The files are made
 * by LibreOffice from the official template filled the way a clerk's Excel fills it.
 */
const dir = tempDir('zfbm-legacy-');
const file = (name: string) => path.join(dir, name);
const tables = loadCodeTables();

if (!SOFFICE) console.warn(`skipped the .xls/.et/.ods tests that need LibreOffice: ${NO_SOFFICE_REASON}`);

/** The manual's sample row: fails only its check digit. */
const MANUAL_SAMPLE: RowInput = {
  county: '福州市', name: '蔡亿斌', agency: '福州市儿童公园管理处', idNumber: '820102198906169620', gender: '女', ethnicity: '汉族',
  birthDate: '1989-06-16', political: '02', education: '大学专科', major: '法学', rankCode: '020201', isLawMajor: '是',
  hasLegalQualification: '是', posts: '02', examCategory: '综合法律知识考试',
};

/** Several people with the Excel habits of DOMAIN.md: a number where text belongs, a real date. */
const PEOPLE: RowInput[] = [
  validRow({ name: '欧阳娜娜' }),
  // An ID typed into a General cell: Excel keeps 15 significant digits.
  validRow({ idNumber: 350102199103051000 }),
  // Codes typed as numbers lost their leading zeros.
  validRow({ political: 2, rankCode: 20201, posts: 1.02 }),
  // A real Excel date under a date format, and a bare serial (1991-03-05) in a General cell.
  validRow({ birthDate: new Date(Date.UTC(1991, 2, 5)) }),
  validRow({ birthDate: 33302 }),
  MANUAL_SAMPLE,
  validRow({ ethnicity: '', gender: '女' }),
];

/** Fills the official template (as `template` writes it) the way Excel would store what was typed. */
async function fillOfficialTemplate(out: string, rows: RowInput[], blankBefore: number[] = []): Promise<void> {
  const empty = file(`empty-${path.basename(out)}`);
  await writeCollectionTemplate(empty, { kind: 'new', tables });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(empty);
  const ws = wb.worksheets[0]!;
  let r = 3;
  rows.forEach((row, i) => {
    if (blankBefore.includes(i)) r += 1;
    BASE_COLUMNS.forEach((c, k) => {
      const v = row[c.key];
      if (v === undefined || v === '') return;
      const cell = ws.getCell(r, k + 2);
      cell.value = v;
      // What Excel does to a number typed into a text-formatted column: the cell becomes General.
      // (A fresh style each: exceljs shares one style object among the cells it read.)
      if (typeof v === 'number') cell.style = { ...cell.style, numFmt: 'General' };
      // A date typed into a General cell: Excel stores the serial under a date format.
      if (v instanceof Date) cell.style = { ...cell.style, numFmt: 'yyyy-mm-dd' };
    });
    r += 1;
  });
  await wb.xlsx.writeFile(out);
}

const summary = (r: JsonReport) => r.rows.map((x) => ({ row: x.row, idNumber: x.idNumber, issues: x.issues }));

function expectCleanFailure(r: { code: number; stdout: string; stderr: string }, mustMention: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\s+at\s+\S+\s+\(|Error:|[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}/);
  expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
  expect(r.stderr).toMatch(mustMention);
}

describe.skipIf(!SOFFICE)('.xls, .et and .ods read as the .xlsx is', () => {
  let xlsx: string;
  let xls: string;
  let et: string;
  let ods: string;
  let reference: JsonReport;

  beforeAll(async () => {
    xlsx = file('采集表.xlsx');
    await fillOfficialTemplate(xlsx, PEOPLE, [3]);
    const lo = file('lo');
    fs.mkdirSync(lo);
    xls = sofficeConvert(xlsx, 'xls', lo);
    ods = sofficeConvert(xlsx, 'ods', lo);
    et = file('采集表-wps.et');
    fs.copyFileSync(xls, et);
    reference = await validateJson(xlsx);
  }, 240_000);

  it('the .xlsx itself has what the test needs', () => {
    const codes = reference.rows.map((r) => r.issues.map((i) => `${i.field}:${i.code}:${i.severity}`));
    expect(reference.rows.map((r) => r.row)).toEqual([3, 4, 5, 7, 8, 9, 10]);
    expect(codes[0]).toEqual([]);
    expect(codes[1]).toEqual(['idNumber:id.excel_precision:error']);
    expect(codes[2]).toEqual(expect.arrayContaining(['political:code.padded:fixed', 'rankCode:code.padded:fixed', 'posts:code.padded:fixed']));
    expect(codes[3]).toEqual([]);
    expect(codes[4]).toEqual(['birthDate:date.format:fixed']);
    expect(codes[5]).toEqual(['idNumber:id.checksum:error']);
    expect(codes[6]).toContain('ethnicity:required:error');
  });

  it.each([
    ['.xls saved by LibreOffice', () => xls, 'xls'],
    ['.et (WPS, the same compound file)', () => et, 'xls'],
    ['.ods saved by LibreOffice', () => ods, 'ods'],
  ])('%s: the same rows, row numbers and findings', async (_label, f, format) => {
    const r = (await validateJson(f())) as JsonReport & { format: string };
    expect(r.file).toBe(path.basename(f()));
    expect(r.format).toBe(format);
    expect(summary(r)).toEqual(summary(reference));
    expect(r.summary).toEqual(reference.summary);
  });

  it('an .xls renamed .xlsx is read by what it is, not by its name', async () => {
    const renamed = file('改了名字.xlsx');
    fs.copyFileSync(xls, renamed);
    expect(summary(await validateJson(renamed))).toEqual(summary(reference));
  });

  it('an .et that is xlsx inside (WPS can save either) goes to the xlsx reader', async () => {
    const etXlsx = file('wps-xlsx-inside.et');
    fs.copyFileSync(xlsx, etXlsx);
    const r = (await validateJson(etXlsx)) as JsonReport & { format: string };
    expect(r.format).toBe('xlsx');
    expect(summary(r)).toEqual(summary(reference));
  });

  it('import of the .xls creates the same batch content as the .xlsx', async () => {
    const a = await runCli(['import', '--data', file('data-xlsx'), xlsx, '--json']);
    const b = await runCli(['import', '--data', file('data-xls'), xls, '--json']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const batchA = JSON.parse(a.stdout) as { batch: Record<string, unknown> };
    const batchB = JSON.parse(b.stdout) as { batch: Record<string, unknown> };
    for (const k of ['kind', 'persons', 'invalid', 'status']) expect(batchB.batch[k]).toEqual(batchA.batch[k]);
    const people = (data: string) => {
      const db = openStore(data);
      try {
        const svc = new RegistrationService(db, { tables, actor: { name: '测试', now: () => new Date() }, today: () => '2026-11-23' });
        const [batch] = svc.listBatches();
        return svc.listPersons(batch!.number).map((p) => ({ row: p.rowNumber, raw: p.raw, fields: p.fields, issues: p.issues, errors: p.errorCount }));
      } finally {
        db.close();
      }
    };
    const fromXls = people(file('data-xls'));
    expect(fromXls).toHaveLength(PEOPLE.length);
    expect(fromXls).toEqual(people(file('data-xlsx')));
  });

  it('dates of a 1904-system workbook', async () => {
    const src = file('mac-1904.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['序号', ...BASE_COLUMNS.map((c) => c.header)]);
    // In the 1904 system 1991-03-05 is serial 31840; typed into a General cell it stays a number.
    const rows = [validRow({ birthDate: new Date(Date.UTC(1991, 2, 5)) }), validRow({ birthDate: 31840 }), validRow()];
    rows.forEach((row, i) => {
      const added = ws.addRow([i + 1, ...BASE_COLUMNS.map((c) => row[c.key] ?? null)]);
      if (row.birthDate instanceof Date) added.getCell(BASE_COLUMNS.findIndex((c) => c.key === 'birthDate') + 2).numFmt = 'yyyy-mm-dd';
    });
    await wb.xlsx.writeFile(src);
    const lo = file('lo-1904');
    fs.mkdirSync(lo);
    const a = await validateJson(src);
    const b = await validateJson(sofficeConvert(src, 'xls', lo));
    expect(summary(b)).toEqual(summary(a));
    expect(b.rows.map((r) => r.issues.map((i) => `${i.code}:${i.fixed ?? ''}`))).toEqual([[], ['date.format:1991-03-05'], []]);
  });

  it('as a TableSource (table-source.ts): the same rows, a date cell a Date with its format', async () => {
    const src = legacyTableSource(xls, 'xls');
    expect(src.date1904()).toBe(false);
    const rows: Array<{ number: number; values: readonly unknown[]; fmt: string | undefined }> = [];
    for await (const sheet of src.sheets) {
      if (sheet.name === '代码表') continue;
      for await (const batch of sheet.rows) for (const r of batch) rows.push({ number: r.number, values: r.values, fmt: r.numFmt?.(11) });
    }
    const birth = BASE_COLUMNS.findIndex((c) => c.key === 'birthDate') + 1;
    const dated = rows.find((r) => r.values[birth] instanceof Date)!;
    expect(dated.number).toBe(7);
    expect((dated.values[birth] as Date).toISOString()).toBe('1991-03-05T00:00:00.000Z');
    expect(dated.fmt).toMatch(/yy/i);
    expect(rows.find((r) => r.number === 4)!.values[BASE_COLUMNS.findIndex((c) => c.key === 'idNumber') + 1]).toBe(350102199103051000);
  });

  it('a password-protected .xls (FILEPASS) gets the password message', async () => {
    const locked = file('加密.xls');
    fs.writeFileSync(locked, withFilePass(fs.readFileSync(xls)));
    expectCleanFailure(await runCli(['validate', locked, '--json']), /密码/);
    const asEt = file('加密.et');
    fs.copyFileSync(locked, asEt);
    expectCleanFailure(await runCli(['validate', asEt]), /密码/);
  });

  it('an encrypted .ods gets the password message', async () => {
    const locked = file('加密.ods');
    fs.writeFileSync(locked, withOdsEncryption(fs.readFileSync(ods)));
    expectCleanFailure(await runCli(['validate', locked]), /密码/);
  });

  it('a truncated .xls, a truncated .ods and garbage behind the .xls signature: plain Chinese, exit 2', async () => {
    const buf = fs.readFileSync(xls);
    fs.writeFileSync(file('半截.xls'), buf.subarray(0, Math.floor(buf.length / 2)));
    expectCleanFailure(await runCli(['validate', file('半截.xls')]), /损坏|不完整/);
    const o = fs.readFileSync(ods);
    fs.writeFileSync(file('半截.ods'), o.subarray(0, Math.floor(o.length / 2)));
    expectCleanFailure(await runCli(['validate', file('半截.ods')]), /损坏|不完整/);
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(garbage);
    fs.writeFileSync(file('乱码.xls'), garbage);
    expectCleanFailure(await runCli(['validate', file('乱码.xls')]), /损坏|不完整/);
  });

  it('an .ods whose repeated cells stand for millions of cells is refused before SheetJS builds them', () => {
    const bomb = withOdsContent(fs.readFileSync(ods), (xml) =>
      xml.replace(
        '</table:table>',
        '<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>',
      ),
    );
    let err: unknown;
    try {
      readLegacyWorkbook(bomb, 'ods');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LegacyWorkbookError);
    expect((err as LegacyWorkbookError).kind).toBe('too_many_cells');
    expect((err as Error).message).toContain(LEGACY_MAX_CELLS.toLocaleString('en-US'));
  });

  it('a cell longer than Excel allows is refused', () => {
    const huge = withOdsContent(fs.readFileSync(ods), (xml) => xml.replace('王小明', 'x'.repeat(40_000)));
    const readAll = () => {
      for (const sheet of readLegacyWorkbook(huge, 'ods').sheets) for (const row of sheet.rows()) void row;
    };
    expect(readAll).toThrow(/32767/);
  });
});

describe('legacy formats: bounds that need no LibreOffice', () => {
  it('an .xls over 50 MB is refused before it is parsed, in Chinese', async () => {
    const big = file('很大.xls');
    const fd = fs.openSync(big, 'w');
    fs.writeSync(fd, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    fs.ftruncateSync(fd, 51 * 1024 * 1024);
    fs.closeSync(fd);
    expectCleanFailure(await runCli(['validate', big]), /50 MB.*另存为/);
  });
});

// ---------------------------------------------------------------------------------------------------
// Fixtures made here: LibreOffice cannot save with a password from the command line.

interface CfbEntry {
  name: string;
  content?: Uint8Array;
}
const CFB = XLSX.CFB as {
  read(b: Buffer, o: { type: 'buffer' }): { FileIndex: CfbEntry[] };
  write(c: unknown, o: { type: 'buffer'; fileType?: 'cfb' }): Buffer;
};

/** The .xls with a FILEPASS record (XOR obfuscation, as Excel 95 and "weak" passwords write) after its BOF. */
function withFilePass(xls: Buffer): Buffer {
  const cfb = CFB.read(xls, { type: 'buffer' });
  const wb = cfb.FileIndex.find((f) => f.name === 'Workbook')!;
  const stream = Buffer.from(wb.content!);
  const bofLen = stream.readUInt16LE(2);
  const filePass = Buffer.alloc(10);
  filePass.writeUInt16LE(0x002f, 0);
  filePass.writeUInt16LE(6, 2);
  filePass.writeUInt16LE(0, 4); // wEncryptionType 0: XOR obfuscation
  filePass.writeUInt16LE(0x1234, 6); // key
  filePass.writeUInt16LE(0x5678, 8); // verifier
  wb.content = Buffer.concat([stream.subarray(0, 4 + bofLen), filePass, stream.subarray(4 + bofLen)]);
  return Buffer.from(CFB.write(cfb, { type: 'buffer', fileType: 'cfb' }));
}

/** Rewrites one part of the .ods zip; written again stored, mimetype first, as ODF requires. */
function rewriteOds(ods: Buffer, part: string, change: (text: string) => string): Buffer {
  const cfb = CFB.read(ods, { type: 'buffer' }) as unknown as { FullPaths: string[]; FileIndex: CfbEntry[] };
  const parts = new Map<string, Buffer>();
  cfb.FullPaths.forEach((p, i) => {
    const name = p.replace(/^Root Entry\//, '');
    const content = cfb.FileIndex[i]!.content;
    if (name && !name.endsWith('/') && !name.startsWith('\u0001') && content) parts.set(name, Buffer.from(content));
  });
  parts.set(part, Buffer.from(change(parts.get(part)!.toString('utf8')), 'utf8'));
  const names = ['mimetype', ...[...parts.keys()].filter((n) => n !== 'mimetype')];
  return storedZip(names.map((n) => [n, parts.get(n)!] as const));
}

function storedZip(entries: ReadonlyArray<readonly [string, Buffer]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const n = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** The manifest of an ODF package whose content.xml is encrypted (what LibreOffice writes with a password). */
function withOdsEncryption(ods: Buffer): Buffer {
  return rewriteOds(ods, 'META-INF/manifest.xml', (xml) =>
    xml.replace(
      /(<manifest:file-entry manifest:full-path="content.xml"[^>]*?)\/>/,
      '$1><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAA"/></manifest:encryption-data></manifest:file-entry>',
    ),
  );
}

function withOdsContent(ods: Buffer, change: (xml: string) => string): Buffer {
  return rewriteOds(ods, 'content.xml', change);
}
