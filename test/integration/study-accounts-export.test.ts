process.env.TZ = 'Asia/Shanghai';

import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import { insertStudyAccount } from '../../src-main/store/study-repo.js';
import type { DesktopBackend } from '../../src-main/services/desktop-backend.js';
import { DESKTOP_API, type DesktopMethod, type DesktopOutput, type Result } from '../../src-shared/contract/desktop-api.js';
import { idCheckChar } from '../../src-shared/rules/id-number.js';
import { makeBackend } from '../helpers/desktop-handlers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { PEOPLE, seedRecords } from '../helpers/records-seed.js';
import { NO_SOFFICE_REASON, SOFFICE, sofficeConvert } from '../helpers/libreoffice.js';
import { CSV_UTF8, parseCsv } from '../helpers/csv.js';

/**
 * 人员管理's 导出学习账号 and 打印账号条 through the desktop-api handlers, on a real store seeded by the
 * real import, submit and pull code (records-seed) plus an account whose ID ends in X, and on a store
 * of 1,101 accounts (three pages of reading). The files are opened by exceljs and by LibreOffice
 * (CSV for the cells, PDF for the printed pages).
 */
const root = tempDir('zfbm-accounts-export-');
const out = path.join(root, 'out');
let db: Db;
let backend: DesktopBackend;

/** A valid ID ending in the check character X (an 18-digit number would lose it, and its last 3 digits). */
function idEndingInX(): string {
  for (let seq = 100; seq < 999; seq++) {
    const first17 = `350102${'19790304'}${seq}`;
    if (idCheckChar(first17) === 'X') return first17 + 'X';
  }
  throw new Error('no X');
}
const X_ID = idEndingInX();

async function call<M extends DesktopMethod>(b: DesktopBackend, method: M, input: unknown): Promise<Result<DesktopOutput<M>>> {
  const r = (await b.handlers.handle(method, input)) as Result<DesktopOutput<M>>;
  if (r.ok) DESKTOP_API[method].output.parse(r.value);
  return r;
}
async function ok<M extends DesktopMethod>(method: M, input: unknown, b = backend): Promise<DesktopOutput<M>> {
  const r = await call(b, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

const loDir = (name: string) => {
  const d = path.join(out, `lo-${name}`);
  fs.mkdirSync(d, { recursive: true });
  return d;
};
const asCsv = (file: string, name: string) => parseCsv(fs.readFileSync(sofficeConvert(file, CSV_UTF8, loDir(name)), 'utf8'));
const pdfOf = (file: string, name: string) => fs.readFileSync(sofficeConvert(file, 'pdf', loDir(name))).toString('latin1');
const pageCount = (pdf: string) => pdf.match(/\/Type\s*\/Page\b/g)?.length ?? 0;
const mediaBoxes = (pdf: string) => [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);

/** The slips in a CSV of the slips sheet: from each 姓名 line, the lines of its slip, left and right. */
function slipsIn(rows: string[][]): Array<Record<string, string>> {
  const slips: Array<{ at: number; col: number; slip: Record<string, string> }> = [];
  const after = (cell: string | undefined) => (cell ?? '').slice((cell ?? '').indexOf('：') + 1);
  rows.forEach((row, i) =>
    row.forEach((cell, c) => {
      if (!cell.startsWith('姓　　名：')) return;
      const at = (k: number) => rows[i + k]?.[c] ?? '';
      slips.push({
        at: i,
        col: c,
        slip: { title: at(-1), 姓名: after(at(0)), 身份证号: after(at(1)), 学习账号: after(at(2)), 初始密码: after(at(3)), label: at(4), 学习平台: at(5), note: at(6) },
      });
    }),
  );
  return slips.sort((a, b) => a.at - b.at || a.col - b.col).map((s) => s.slip);
}

beforeAll(async () => {
  fs.mkdirSync(out, { recursive: true });
  const data = path.join(root, 'desk');
  await seedRecords(data);
  db = openStore(data);
  // An account the pull stored for someone this PC does not have, newest of all: no batch, no 审核时间.
  insertStudyAccount(db, { seq: 900, personId: null, idNumber: X_ID, name: '欧阳秀', username: `欧阳秀${X_ID.slice(6, 14)}`, initialPassword: '0123Ab', createdAt: '2026-11-24T09:00:00+08:00' });
  backend = makeBackend(db, data, { actor: { name: '测试员', now: () => new Date(2026, 11, 6, 19, 30, 0) } });
});
afterAll(() => db?.close());

describe('导出学习账号 (studyAccounts.export)', () => {
  it('writes every approved person of the search, IDs and passwords as text, titled, for A4 landscape', async () => {
    const file = path.join(out, '学习账号.xlsx');
    expect(await ok('studyAccounts.export', { file })).toEqual({ file, rows: 5 });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('学习账号')!;
    expect(ws.getCell('A1').value).toBe('行政执法人员学习账号');
    expect(String(ws.getCell('A2').value)).toContain('导出时间：2026-12-06 19:30　共 5 人　全部审核通过的人员');
    expect(ws.getRow(3).values).toEqual([undefined, '序号', '姓名', '身份证号', '所在单位', '批次号', '学习账号', '初始密码', '审核通过时间']);
    const xRow = ws.getRow(4);
    expect(xRow.getCell(3).value).toBe(X_ID);
    expect(xRow.getCell(3).numFmt).toBe('@');
    expect(xRow.getCell(7).value).toBe('0123Ab');
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.printArea).toBe('A1:H8');

    if (!SOFFICE) return console.warn(NO_SOFFICE_REASON);
    const rows = asCsv(file, 'export');
    const data = rows.slice(3).filter((r) => r.some((c) => c !== ''));
    expect(data.map((r) => [r[0], r[1], r[2], r[5], r[6]])).toEqual([
      ['1', '欧阳秀', X_ID, `欧阳秀${X_ID.slice(6, 14)}`, '0123Ab'],
      ['2', '周四', PEOPLE.周四, `周四${PEOPLE.周四.slice(6, 14)}`, `Pw${PEOPLE.周四.slice(-4)}abcd`],
      ['3', '黄三', PEOPLE.黄三, `黄三${PEOPLE.黄三.slice(6, 14)}`, `Pw${PEOPLE.黄三.slice(-4)}abcd`],
      ['4', '林二', PEOPLE.林二, `林二${PEOPLE.林二.slice(6, 14)}`, `Pw${PEOPLE.林二.slice(-4)}abcd`],
      ['5', '陈一', PEOPLE.陈一, `陈一${PEOPLE.陈一.slice(6, 14)}`, `Pw${PEOPLE.陈一.slice(-4)}abcd`],
    ]);
    // The X kept, all 18 characters (not 3.50102197903041E+17), the 0 of the password kept.
    expect(data[0]![2]).toMatch(/^\d{17}X$/);
    for (const r of data) expect(r[2]).toHaveLength(18);
    const chen = data[4]!;
    expect(chen[3]).toBe('福州市市场监督管理局');
    expect(chen[4]).toMatch(/\S/);
    expect(chen[7]).toBe('2026-11-22 11:00:00');
    // Not from this PC: no unit, batch or approval time here, and nothing made up.
    expect([data[0]![3], data[0]![4], data[0]![7]]).toEqual(['', '', '']);

    const pdf = pdfOf(file, 'export-pdf');
    expect(pageCount(pdf)).toBe(1);
    for (const box of mediaBoxes(pdf)) expect(box).toEqual([842, 595]);
  });

  it('writes only the search: name, ID start (x for X), 申请日期; says the search in the file', async () => {
    const file = path.join(out, '学习账号-陈.xlsx');
    expect((await ok('studyAccounts.export', { file, name: '陈' })).rows).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('学习账号')!;
    expect(String(ws.getCell('A2').value)).toContain('共 1 人　查询条件：姓名含“陈”');
    expect(ws.getCell('B4').value).toBe('陈一');
    expect(ws.getCell('B5').value).toBeNull();

    expect((await ok('studyAccounts.export', { file, idNumber: X_ID.toLowerCase() })).rows).toBe(1);
    expect((await ok('studyAccounts.export', { file, dateFrom: '2026-11-20', dateTo: '2026-11-20' })).rows).toBe(1);
    expect((await ok('studyAccounts.export', { file, name: '没有这个人' })).rows).toBe(0);
    await wb.xlsx.readFile(file);
    expect(wb.getWorksheet('学习账号')!.getCell('A4').value).toBe('没有符合条件的审核通过人员。');
  });

  it('a missing folder or a bad date range is said in Chinese at once, and nothing is written', async () => {
    const missing = path.join(out, '没有的文件夹', '学习账号.xlsx');
    const seen: string[] = [];
    const stop = backend.progress.subscribe((e) => seen.push(...e.map((x) => x.text)));
    const r = await call(backend, 'studyAccounts.export', { file: missing });
    stop();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/文件夹.*不存在。请先建好文件夹，或换一个保存位置/);
    expect(seen).toEqual([]);
    expect(fs.existsSync(missing)).toBe(false);

    const bad = await call(backend, 'studyAccounts.slips', { file: path.join(out, 'x.xlsx'), dateFrom: '2026-11-21', dateTo: '2026-11-20' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('申请日期的开始日期不能晚于结束日期');
  });
});

describe('打印账号条 (studyAccounts.slips)', () => {
  it('one slip per person with name, ID, account, password, the platform and 首次登录须修改密码; one A4 page', async () => {
    expect(await ok('studyAccounts.platform', undefined)).toEqual({ platformUrl: '' });
    const file = path.join(out, '账号条.xlsx');
    const url = 'http://xuexi.example.gov.cn';
    expect(await ok('studyAccounts.slips', { file, platformUrl: ` ${url} ` })).toEqual({ file, slips: 5, sheets: 1 });
    // Kept for next time, trimmed.
    expect(await ok('studyAccounts.platform', undefined)).toEqual({ platformUrl: url });

    if (!SOFFICE) return console.warn(NO_SOFFICE_REASON);
    const slips = slipsIn(asCsv(file, 'slips'));
    expect(slips.map((s) => [s.姓名, s.身份证号, s.学习账号, s.初始密码])).toEqual([
      ['欧阳秀', X_ID, `欧阳秀${X_ID.slice(6, 14)}`, '0123Ab'],
      ['周四', PEOPLE.周四, `周四${PEOPLE.周四.slice(6, 14)}`, `Pw${PEOPLE.周四.slice(-4)}abcd`],
      ['黄三', PEOPLE.黄三, `黄三${PEOPLE.黄三.slice(6, 14)}`, `Pw${PEOPLE.黄三.slice(-4)}abcd`],
      ['林二', PEOPLE.林二, `林二${PEOPLE.林二.slice(6, 14)}`, `Pw${PEOPLE.林二.slice(-4)}abcd`],
      ['陈一', PEOPLE.陈一, `陈一${PEOPLE.陈一.slice(6, 14)}`, `Pw${PEOPLE.陈一.slice(-4)}abcd`],
    ]);
    for (const s of slips) {
      expect(s.title).toBe('行政执法人员学习平台账号');
      expect(s.label).toBe('学习平台网址：');
      expect(s.学习平台).toBe(url);
      expect(s.note).toBe('首次登录须修改密码，请妥善保管。');
    }
    const pdf = pdfOf(file, 'slips-pdf');
    expect(pageCount(pdf)).toBe(1);
    for (const box of mediaBoxes(pdf)) expect(box).toEqual([595, 842]);

    // Without an address given, the last one is printed again; an empty one clears it.
    await ok('studyAccounts.slips', { file, name: '陈' });
    expect(slipsIn(asCsv(file, 'slips-again')).map((s) => s.学习平台)).toEqual([url]);
    await ok('studyAccounts.slips', { file, name: '陈', platformUrl: '' });
    expect(slipsIn(asCsv(file, 'slips-blank')).map((s) => s.学习平台)).toEqual(['______________________________']);
  });
});

describe('a unit with 1,101 approved people', () => {
  let bigDb: Db;
  let big: DesktopBackend;
  const N = 1101;
  const LONG_NAME = '阿卜杜热合曼·买买提依明·艾合买提';
  const LONG_URL = `https://www.example-training-platform.gov.cn/law-enforcement/study/login?from=${'x'.repeat(2)}`;
  const idOf = (i: number) => {
    const first17 = `350102198${String(i % 10)}0101${String(i % 1000).padStart(3, '0')}`;
    return first17 + idCheckChar(first17);
  };
  beforeAll(() => {
    const data = path.join(root, 'big');
    bigDb = openStore(data);
    bigDb.transaction(() => {
      for (let i = 1; i <= N; i++) {
        // One long name and account: sized down on its slip, never spilling onto an extra page.
        const name = i === 2 ? LONG_NAME : `学员${i}`;
        insertStudyAccount(bigDb, { seq: i, personId: null, idNumber: idOf(i), name, username: i === 2 ? `${LONG_NAME}19800101` : `user${i}`, initialPassword: `pw${i}`, createdAt: '2026-11-22T11:00:00+08:00' });
      }
    })();
    big = makeBackend(bigDb, data);
  });
  afterAll(() => bigDb?.close());

  it('exports all of them, read in pages, with progress in the status bar that ends with the work', async () => {
    const seen: Array<{ done: number; total: number; text: string }> = [];
    const stop = big.progress.subscribe((e) => seen.push(...e.filter((x) => x.task === 'studyAccounts')));
    const file = path.join(out, '学习账号-全部.xlsx');
    expect((await ok('studyAccounts.export', { file }, big)).rows).toBe(N);
    stop();
    expect(seen.map((s) => s.done)).toEqual([0, 500, 1000, N]);
    expect(seen.at(-1)!.text).toBe(`正在导出学习账号 ${N}/${N} 人…`);
    expect(big.progress.current()).toEqual([]);

    if (!SOFFICE) return console.warn(NO_SOFFICE_REASON);
    const data = asCsv(file, 'big').slice(3).filter((r) => r.some((c) => c !== ''));
    expect(data).toHaveLength(N);
    expect(data[0]!.slice(0, 3)).toEqual(['1', `学员${N}`, idOf(N)]);
    expect(data[N - 1]!.slice(0, 3)).toEqual([String(N), '学员1', idOf(1)]);
  });

  it('prints eight slips to a page: 1,101 slips on 138 A4 pages, none split', async () => {
    const file = path.join(out, '账号条-全部.xlsx');
    expect(LONG_URL).toHaveLength(80);
    expect(await ok('studyAccounts.slips', { file, platformUrl: LONG_URL }, big)).toEqual({ file, slips: N, sheets: Math.ceil(N / 8) });
    if (!SOFFICE) return console.warn(NO_SOFFICE_REASON);
    expect(pageCount(pdfOf(file, 'big-slips'))).toBe(Math.ceil(N / 8));
    const slips = slipsIn(asCsv(file, 'big-slips-csv'));
    expect(slips).toHaveLength(N);
    expect(slips.at(-1)).toMatchObject({ 姓名: '学员1', 身份证号: idOf(1), 学习账号: 'user1', 初始密码: 'pw1', 学习平台: LONG_URL });
    expect(slips.at(-2)).toMatchObject({ 姓名: LONG_NAME, 学习账号: `${LONG_NAME}19800101` });
    // One more character is refused, in Chinese.
    const long = await call(big, 'studyAccounts.slips', { file, platformUrl: `${LONG_URL}x` });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.message).toContain('学习平台网址最多 80 个字符，请缩短');
  });
});
