import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addJurisdiction, addUnit, type Actor } from '../../src-server/accounts/accounts.js';
import { chinaToday } from '../../src-shared/china-time.js';
import { auditFor } from '../../src-server/db/audit.js';
import { reviewPendingResponseSchema, XLSX_MIME } from '../../src-shared/contract/sync-api.js';
import type { FieldKey } from '../../src-shared/domain/person.js';
import { ALL_COLUMNS, fieldLabel } from '../../src-shared/template.js';
import { makeId } from '../helpers/ids.js';
import { NO_SOFFICE_REASON, SOFFICE, sofficeConvert } from '../helpers/libreoffice.js';
import { tempDir } from '../helpers/temp-dir.js';
import { call, expectError, readyUser, startTestServer, type TestServer } from './server-helpers.js';
import { draftPersons, putBatch, submitNewBatch } from './sync-helpers.js';
import { parseCsv } from '../helpers/csv.js';

/**
 * The .xlsx exports over HTTP (two review levels): who is listed and who is not, the filters by batch
 * and by China-time period, text cells for IDs and codes, the empty workbook, scope and refusals, and
 * the files opened by LibreOffice.
 *
 * One city with two counties, a unit under each. Day 0 (China time, 10:00): the counties pass 张三,
 * 李四, 赵六 and 钱七 and return 王五; the city passes 张三. Day 3: the city passes 李四 and 赵六 and
 * returns 钱七.
 */
let ts: TestServer;
type Account = { token: string; username: string };
let unitA: Account, unitB: Account, countyA: Account, countyB: Account, cityOne: Account, cityTwo: Account, admin: Account;
let batch1: Awaited<ReturnType<typeof submitNewBatch>>;
let batch2: Awaited<ReturnType<typeof submitNewBatch>>;
const ids: Record<string, number> = {};
const DAY = 86_400_000;
const day = (n: number) => new Date(Date.parse(`${day0}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
let day0 = '';

/** 张三's ID ends in X (checksum 10); every person has 政治面貌 01 and 职级代码 020201 (leading zeros). */
function idEndingInX(birth: string): string {
  for (let seq = 101; seq < 999; seq += 2) {
    const id = makeId(birth, String(seq));
    if (id.endsWith('X')) return id;
  }
  throw new Error('no ID ending in X');
}
const ZHANG_ID = idEndingInX('19850607');

const out = tempDir('zfbm-exports-');
const actor: Actor = { userId: null, name: 'test', now: () => new Date() };
const decide = async (a: Account, names: string[], result: 'approved' | 'rejected', comment = '') => {
  const res = await call(ts.url, 'POST', '/api/v1/review/decisions', {
    token: a.token,
    body: { items: names.map((n) => ({ personId: ids[n], version: 1 })), result, comment },
  });
  expect(res.status, res.text).toBe(200);
};

interface Download {
  status: number;
  headers: Headers;
  bytes: Buffer;
}
async function download(a: Account, route: string): Promise<Download> {
  const res = await fetch(`${ts.url}/api/v1/exports/${route}`, { headers: { authorization: `Bearer ${a.token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(res.status, bytes.toString('utf8').slice(0, 500)).toBe(200);
  return { status: res.status, headers: res.headers, bytes };
}

interface Sheet {
  ws: ExcelJS.Worksheet;
  name: string;
  title: string;
  header: string[];
  rows: Array<Record<string, string>>;
  /** The cell of data row `i` (0-based) under `header`. */
  cell(i: number, header: string): ExcelJS.Cell;
}
async function readSheet(bytes: Buffer): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  expect(wb.worksheets).toHaveLength(1);
  const ws = wb.worksheets[0]!;
  const header = (ws.getRow(2).values as unknown[]).slice(1).map(String);
  const rows: Array<Record<string, string>> = [];
  for (let r = 3; r <= ws.rowCount; r++) {
    const values = ws.getRow(r).values as unknown[];
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i + 1] === undefined || values[i + 1] === null ? '' : String(values[i + 1])])));
  }
  return { ws, name: ws.name, title: String(ws.getCell(1, 1).value), header, rows, cell: (i, h) => ws.getRow(3 + i).getCell(header.indexOf(h) + 1) };
}
const approved = async (a: Account, query = '') => readSheet((await download(a, `approved.xlsx${query}`)).bytes);
const rejected = async (a: Account, query = '') => readSheet((await download(a, `rejected.xlsx${query}`)).bytes);

const NAME = fieldLabel('name');
const ID = fieldLabel('idNumber');
const names = (s: Sheet) => s.rows.map((r) => r[NAME]);

beforeAll(async () => {
  // Sessions outlive the three days the clock moves.
  ts = await startTestServer({ reviewStages: 2, photoSpec: 'guangxi', tokenTtlMs: 30 * DAY });
  // 10:00 tomorrow, China time: every day-0 decision falls on one China day, day 3 on another.
  day0 = chinaToday(new Date(Date.now() + DAY));
  ts.clock.advance(Date.parse(`${day0}T10:00:00+08:00`) - Date.now());

  const db = ts.app.db;
  const city1 = await addJurisdiction(db, { name: '南宁市司法局', level: 'city', parentId: null }, actor);
  const k1 = await addJurisdiction(db, { name: '青秀区司法局', level: 'county', parentId: city1.id }, actor);
  const k2 = await addJurisdiction(db, { name: '兴宁区司法局', level: 'county', parentId: city1.id }, actor);
  const city2 = await addJurisdiction(db, { name: '柳州市司法局', level: 'city', parentId: null }, actor);
  // Added first, so in id order it would come first; the list orders units by their names (pinyin).
  const b = await addUnit(db, { name: '兴宁区市场监督管理局', jurisdictionId: k2.id }, actor);
  const a = await addUnit(db, { name: '青秀区市场监督管理局', jurisdictionId: k1.id }, actor);
  unitA = await readyUser(ts, 'unit', { unitId: a.id });
  unitB = await readyUser(ts, 'unit', { unitId: b.id });
  countyA = await readyUser(ts, 'reviewer', { jurisdictionId: k1.id });
  countyB = await readyUser(ts, 'reviewer', { jurisdictionId: k2.id });
  cityOne = await readyUser(ts, 'reviewer', { jurisdictionId: city1.id });
  cityTwo = await readyUser(ts, 'reviewer', { jurisdictionId: city2.id });
  admin = await readyUser(ts, 'admin');

  batch1 = await submitNewBatch(
    ts.url, unitA.token,
    await draftPersons(3, (i) => [{ name: '张三', idNumber: ZHANG_ID, birthDate: '1985-06-07', gender: '男' }, { name: '李四' }, { name: '王五' }][i]!),
  );
  batch2 = await submitNewBatch(ts.url, unitB.token, await draftPersons(2, (i) => ({ name: ['赵六', '钱七'][i]! })));
  for (const who of [countyA, countyB]) {
    for (const p of reviewPendingResponseSchema.parse((await call(ts.url, 'GET', '/api/v1/review/pending', { token: who.token })).body).persons) ids[p.name] = p.personId;
  }
  await decide(countyA, ['张三', '李四'], 'approved');
  await decide(countyA, ['王五'], 'rejected', '照片背景不是红色，请更换。');
  await decide(countyB, ['赵六', '钱七'], 'approved');
  await decide(cityOne, ['张三'], 'approved');
  ts.clock.advance(3 * DAY);
  await decide(cityOne, ['李四', '赵六'], 'approved');
  await decide(cityOne, ['钱七'], 'rejected', '学历信息与毕业证书不符，请核对。');
});
afterAll(() => ts.stop());

const FIRST: FieldKey[] = ['name', 'gender', 'idNumber', 'birthDate'];
const APPROVED_HEADER = [
  '序号', '执法单位', '批次编号',
  ...FIRST.map(fieldLabel), ...ALL_COLUMNS.filter((c) => !FIRST.includes(c.key)).map((c) => c.header),
  '学习账号', '终审通过时间', '审核人',
];
const REJECTED_HEADER = ['序号', '执法单位', '批次编号', NAME, ID, '驳回级别', '驳回意见', '驳回人', '驳回时间'];

describe('approved.xlsx', () => {
  it('lists everyone with final approval, by unit (pinyin), batch and order in the batch, with every template field', async () => {
    const d = await download(admin, 'approved.xlsx');
    expect(d.headers.get('content-type')).toBe(XLSX_MIME);
    expect(d.headers.get('cache-control')).toBe('no-store');
    const disposition = d.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    expect(disposition).toContain(`filename="approved_${chinaToday(ts.clock.now())}.xlsx"`);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toBe(`审核通过人员名单_全部地区_截至${chinaToday(ts.clock.now())}.xlsx`);

    const s = await readSheet(d.bytes);
    expect(s.name).toBe('审核通过人员');
    expect(s.title).toBe('行政执法人员资格考试 审核通过人员名单（全部地区）');
    expect(s.header).toEqual(APPROVED_HEADER);
    expect(names(s)).toEqual(['张三', '李四', '赵六']);
    expect(s.rows.map((r) => [r['序号'], r['执法单位'], r['批次编号']])).toEqual([
      ['1', '青秀区市场监督管理局', batch1.body.number],
      ['2', '青秀区市场监督管理局', batch1.body.number],
      ['3', '兴宁区市场监督管理局', batch2.body.number],
    ]);
    const zhang = s.rows[0]!;
    expect(zhang).toMatchObject({
      [ID]: ZHANG_ID, 性别: '男', 出生日期: '1985-06-07', 政治面貌: '01', 职级代码: '020201', 执法岗位: '01,02', 最高学历: '大学本科', 原证件号码: '',
      学习账号: '张三19850607', 终审通过时间: expect.stringMatching(new RegExp(`^${day0} 10:\\d\\d$`)),
    });
    expect(zhang['审核人']).toContain('南宁市司法局');
    expect(s.rows[1]!['终审通过时间']).toMatch(new RegExp(`^${day(3)} 10:\\d\\d$`));
    expect(ZHANG_ID).toMatch(/^\d{17}X$/);
    // Every ID and code is a text cell holding a string, never a number.
    for (let i = 0; i < s.rows.length; i++) {
      for (const h of [ID, '政治面貌', '职级代码', '执法岗位', '证编号', '批次编号', '学习账号']) {
        const cell = s.cell(i, h);
        expect(cell.numFmt, h).toBe('@');
        if (h !== '证编号') expect(typeof cell.value, h).toBe('string');
      }
      expect(s.cell(i, ID).value).toHaveLength(18);
    }
    // Frozen under the header, filter on the header.
    expect(s.ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(s.ws.autoFilter).toBeTruthy();
    expect(s.ws.getColumn(APPROVED_HEADER.indexOf(ID) + 1).width).toBeGreaterThanOrEqual(20);
  });

  it('filters by batch and by the day of final approval (China time, inclusive)', async () => {
    const byBatch = await download(admin, `approved.xlsx?batchId=${batch1.id.toUpperCase()}`);
    expect(names(await readSheet(byBatch.bytes))).toEqual(['张三', '李四']);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(byBatch.headers.get('content-disposition')!)![1]!)).toBe(`审核通过人员名单_全部地区_${batch1.body.number}.xlsx`);

    const first = await approved(admin, `?from=${day0}&to=${day0}`);
    expect(names(first)).toEqual(['张三']);
    expect(first.title).toBe(`行政执法人员资格考试 审核通过人员名单（全部地区；终审通过日期 ${day0}）`);
    expect(names(await approved(admin, `?from=${day(1)}`))).toEqual(['李四', '赵六']);
    expect(names(await approved(admin, `?to=${day(2)}`))).toEqual(['张三']);
    expect(names(await approved(admin, `?from=${day0}&to=${day(3)}`))).toEqual(['张三', '李四', '赵六']);
    const both = await approved(admin, `?batchId=${batch1.id}&from=${day(3)}&to=${day(3)}&unknown=1`);
    expect(names(both)).toEqual(['李四']);
    expect(both.title).toBe(`行政执法人员资格考试 审核通过人员名单（全部地区；批次 ${batch1.body.number}；终审通过日期 ${day(3)}）`);
    // Empty parameters, as a form sends them, are no filter.
    expect(names(await approved(admin, '?batchId=&from=&to='))).toEqual(['张三', '李四', '赵六']);
  });

  it('a period with nobody in it is still a workbook: title, header and 没有符合条件的人员', async () => {
    const s = await approved(admin, `?from=${day(10)}&to=${day(20)}`);
    expect(s.title).toBe(`行政执法人员资格考试 审核通过人员名单（全部地区；终审通过日期 ${day(10)} 至 ${day(20)}）`);
    expect(s.header).toEqual(APPROVED_HEADER);
    expect(s.rows).toHaveLength(1);
    expect(s.ws.getCell(3, 1).value).toBe('没有符合条件的人员');
  });
});

describe('rejected.xlsx', () => {
  it('lists the people returned and not sent again, with level, comment, reviewer and time', async () => {
    const d = await download(admin, 'rejected.xlsx');
    expect(d.headers.get('content-type')).toBe(XLSX_MIME);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(d.headers.get('content-disposition')!)![1]!)).toMatch(/^被驳回人员名单_全部地区_截至\d{4}-\d\d-\d\d\.xlsx$/);
    const s = await readSheet(d.bytes);
    expect(s.name).toBe('被驳回人员');
    expect(s.title).toBe('行政执法人员资格考试 被驳回人员名单（全部地区）');
    expect(s.header).toEqual(REJECTED_HEADER);
    expect(s.rows.map((r) => [r['序号'], r['执法单位'], r['批次编号'], r[NAME], r['驳回级别'], r['驳回意见']])).toEqual([
      ['1', '青秀区市场监督管理局', batch1.body.number, '王五', '县级', '照片背景不是红色，请更换。'],
      ['2', '兴宁区市场监督管理局', batch2.body.number, '钱七', '市级', '学历信息与毕业证书不符，请核对。'],
    ]);
    expect(s.rows[0]!['驳回人']).toContain('青秀区司法局');
    expect(s.rows[1]!['驳回人']).toContain('南宁市司法局');
    expect(s.rows[0]!['驳回时间']).toMatch(new RegExp(`^${day0} 10:\\d\\d$`));
    expect(s.rows[1]!['驳回时间']).toMatch(new RegExp(`^${day(3)} 10:\\d\\d$`));
    expect(s.rows.map((r) => r[ID])).toEqual([batch1.body.persons[2]!.fields.idNumber, batch2.body.persons[1]!.fields.idNumber]);
    for (let i = 0; i < 2; i++) {
      expect(s.cell(i, ID).numFmt).toBe('@');
      expect(typeof s.cell(i, ID).value).toBe('string');
    }
  });

  it('filters by batch and by the day of the rejection', async () => {
    expect(names(await rejected(admin, `?batchId=${batch2.id}`))).toEqual(['钱七']);
    expect(names(await rejected(admin, `?from=${day(3)}&to=${day(3)}`))).toEqual(['钱七']);
    expect(names(await rejected(admin, `?to=${day0}`))).toEqual(['王五']);
    const none = await rejected(admin, `?batchId=${batch1.id}&from=${day(1)}`);
    expect(none.title).toBe(`行政执法人员资格考试 被驳回人员名单（全部地区；批次 ${batch1.body.number}；驳回日期 ${day(1)} 起）`);
    expect(none.header).toEqual(REJECTED_HEADER);
    expect(none.ws.getCell(3, 1).value).toBe('没有符合条件的人员');
  });
});

describe('who may export what', () => {
  it('a reviewer gets only their own jurisdiction; a batch outside it is not found', async () => {
    const city = await approved(cityOne);
    expect(city.title).toBe('行政执法人员资格考试 审核通过人员名单（南宁市司法局）');
    expect(names(city)).toEqual(['张三', '李四', '赵六']);
    expect(names(await approved(countyB))).toEqual(['赵六']);
    expect(names(await rejected(countyB))).toEqual(['钱七']);
    expect(names(await approved(countyA, `?batchId=${batch1.id}`))).toEqual(['张三', '李四']);
    expectError(await call(ts.url, 'GET', `/api/v1/exports/approved.xlsx?batchId=${batch1.id}`, { token: countyB.token }), 404, 'not_found');
    expectError(await call(ts.url, 'GET', `/api/v1/exports/rejected.xlsx?batchId=${batch1.id}`, { token: cityTwo.token }), 404, 'not_found');
    // Another city's reviewer: an empty list, not an error.
    const other = await approved(cityTwo);
    expect(other.title).toBe('行政执法人员资格考试 审核通过人员名单（柳州市司法局）');
    expect(other.ws.getCell(3, 1).value).toBe('没有符合条件的人员');
    expect((await rejected(cityTwo)).ws.getCell(3, 1).value).toBe('没有符合条件的人员');
  });

  it('keeps who took which list in the audit log; a refused request leaves no line', async () => {
    const lines = async () => (await auditFor(ts.app.db, 'export', 'approved')).filter((a) => a.actor === cityOne.username);
    const before = (await lines()).length;
    await approved(cityOne, `?batchId=${batch1.id}`);
    const after = await lines();
    expect(after.length).toBe(before + 1);
    const last = after.at(-1)!;
    expect(last.action).toBe('export.approved');
    expect(JSON.parse(last.detail)).toMatchObject({ batchId: batch1.id, rows: 2 });
    await call(ts.url, 'GET', `/api/v1/exports/approved.xlsx?batchId=${batch2.id}&from=2026-13-01`, { token: cityOne.token });
    expect((await lines()).length).toBe(before + 1);
  });

  it('refuses units and strangers, and bad queries with a Chinese 400', async () => {
    expectError(await call(ts.url, 'GET', '/api/v1/exports/approved.xlsx', { token: unitA.token }), 403, 'auth.forbidden');
    expectError(await call(ts.url, 'GET', '/api/v1/exports/rejected.xlsx', { token: unitB.token }), 403, 'auth.forbidden');
    expectError(await call(ts.url, 'GET', '/api/v1/exports/approved.xlsx'), 401, 'auth.token_missing');
    const bad = (q: string) => call(ts.url, 'GET', `/api/v1/exports/approved.xlsx?${q}`, { token: admin.token });
    expect(expectError(await bad(`from=${day(3)}&to=${day0}`), 400, 'request.invalid')).toContain('不能晚于');
    expect(expectError(await bad('from=2026-02-30'), 400, 'request.invalid')).toContain('不是一个存在的日期');
    expect(expectError(await bad('to=2026/11/01'), 400, 'request.invalid')).toContain('YYYY-MM-DD');
    expect(expectError(await bad('from=2026-11-01&from=2026-11-02'), 400, 'request.invalid')).toContain('开始日期');
    expect(expectError(await bad('batchId=nope'), 400, 'request.invalid')).toContain('UUID');
    expectError(await bad('batchId=0f8fad5b-d9cb-469f-a165-70867728950e'), 404, 'not_found');
  });

  it('a returned person sent again leaves the rejected list', async () => {
    const again = await putBatch(ts.url, unitB.token, batch2.id, { ...batch2.body, persons: batch2.body.persons.map((p) => (p.key === 'p2' ? { ...p, resubmit: true } : p)) });
    expect(again.status, again.text).toBe(200);
    expect(names(await rejected(admin))).toEqual(['王五']);
    expect(names(await approved(admin))).toEqual(['张三', '李四', '赵六']);
  });
});

const CSV_UTF8 = 'csv:Text - txt - csv (StarCalc):44,34,76,1';
const requireSoffice = !SOFFICE && !!process.env.CI && process.env.CI !== 'false';
if (!SOFFICE && !requireSoffice) console.warn(`skipped the LibreOffice export tests: ${NO_SOFFICE_REASON}`);

describe('the exports in LibreOffice', () => {
  if (requireSoffice) {
    it('needs LibreOffice, which CI must have', () => {
      throw new Error(`CI is set but LibreOffice was not found. ${NO_SOFFICE_REASON.replace(' Skipping.', '')}`);
    });
  }

  const asCsv = async (a: Account, route: string, name: string): Promise<string[][]> => {
    const file = path.join(out, `${name}.xlsx`);
    fs.writeFileSync(file, (await download(a, route)).bytes);
    return parseCsv(fs.readFileSync(sofficeConvert(file, CSV_UTF8, out), 'utf8'));
  };

  it.skipIf(!SOFFICE)('opens both exports; the CSV has the rows, and each ID in full (18 characters, not 1.1E+17)', async () => {
    const a = await asCsv(admin, 'approved.xlsx', 'approved');
    expect(a[0]![0]).toBe('行政执法人员资格考试 审核通过人员名单（全部地区）');
    expect(a[1]).toEqual(APPROVED_HEADER);
    const data = a.slice(2).filter((r) => r.some((c) => c !== ''));
    const col = (h: string) => APPROVED_HEADER.indexOf(h);
    expect(data.map((r) => [r[0], r[col(NAME)], r[col(ID)]])).toEqual([
      ['1', '张三', ZHANG_ID],
      ['2', '李四', batch1.body.persons[1]!.fields.idNumber],
      ['3', '赵六', batch2.body.persons[0]!.fields.idNumber],
    ]);
    for (const r of data) {
      expect(r[col(ID)]).toMatch(/^\d{17}[\dX]$/);
      expect(r[col('政治面貌')]).toBe('01');
      expect(r[col('职级代码')]).toBe('020201');
      expect(r[col('执法岗位')]).toBe('01,02');
    }

    const r = await asCsv(admin, 'rejected.xlsx', 'rejected');
    expect(r[1]).toEqual(REJECTED_HEADER);
    const rows = r.slice(2).filter((x) => x.some((c) => c !== ''));
    expect(rows.map((x) => [x[3], x[4], x[5]])).toEqual([['王五', batch1.body.persons[2]!.fields.idNumber, '县级']]);
    expect(rows[0]![4]).toHaveLength(18);

    const empty = await asCsv(cityTwo, `approved.xlsx?from=${day0}`, 'empty');
    expect(empty[1]).toEqual(APPROVED_HEADER);
    expect(empty[2]![0]).toBe('没有符合条件的人员');
  });
});
