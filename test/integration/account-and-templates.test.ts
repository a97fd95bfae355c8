import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import type { DesktopHandlers } from '../../src-main/services/desktop-handlers.js';
import { readProfile } from '../../src-main/store/profile-repo.js';
import { writeSetting } from '../../src-main/store/settings-repo.js';
import { makeBackend } from '../helpers/desktop-handlers.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { tempDir } from '../helpers/temp-dir.js';
import { seedDirectory, seedUser, startTestServer, type TestServer } from '../server/server-helpers.js';

/**
 * The header, 修改资料, the two templates and 导入's question (issue 17, item 7): the desktop-api
 * handlers over a real store, real .xlsx files read back with exceljs, a real server for the sign-in.
 */
const root = tempDir('zfbm-account-');
const data = path.join(root, 'desk');
/** Sunday 6 December 2026, 10:00 on this PC's clock. */
const NOW = new Date(2026, 11, 6, 10, 0, 0);
let db: Db;
let h: DesktopHandlers;
let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'fujian' });
  db = openStore(data);
  h = makeBackend(db, data, { actor: { name: '测试员', now: () => NOW } }).handlers;
});
afterAll(async () => {
  db.close();
  await ts.stop();
});

async function ok<T = unknown>(method: string, input: unknown = {}): Promise<T> {
  const r = await h.handle(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function sheetOf(file: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets[0]!;
}

/** The text of every merged note/footer cell in column A, top to bottom. */
function columnA(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow((row) => {
    const v = row.getCell(1).value;
    if (typeof v === 'string') out.push(v);
  });
  return out;
}

describe('the header and 修改资料', () => {
  it('today by the injected clock, nobody signed in, an empty profile', async () => {
    expect(await ok('account.get')).toEqual({
      today: '2026-12-06', todayText: '2026年12月6日 星期日', username: '', mustChangePassword: false,
      unitName: '', jurisdictionName: '', contactName: '', contactPhone: '',
    });
  });

  it('saves 联系人 and 联系电话 on this PC; a wrong phone is refused in Chinese and changes nothing', async () => {
    const saved = await ok('account.setProfile', { contactName: ' 李文静 ', contactPhone: '0771-5551234' });
    expect(saved).toMatchObject({ contactName: '李文静', contactPhone: '0771-5551234' });
    const bad = await h.handle('account.setProfile', { contactName: '李文静', contactPhone: '电话号码' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('联系电话只能填数字') } });
    expect(readProfile(db)).toEqual({ contactName: '李文静', contactPhone: '0771-5551234' });
    // A stored value this version cannot read counts as nothing given, never a failure.
    writeSetting(db, 'account.profile', '{not json');
    expect(readProfile(db)).toEqual({ contactName: '', contactPhone: '' });
    await ok('account.setProfile', { contactName: '李文静', contactPhone: '0771-5551234' });
  });
});

describe('模板: 新报名 and 换证, with the spec’s file type and the clerk’s contact', () => {
  it('the new template: note ① and the 照片 prompt say PNG (Fujian spec in force), the footer names the clerk', async () => {
    const file = path.join(root, '新报名模板.xlsx');
    await ok('template.write', { file, kind: 'new' });
    const ws = await sheetOf(file);
    expect(ws.name).toBe('采集表');
    const texts = columnA(ws);
    const note1 = texts.find((t) => t.startsWith('注：①'))!;
    expect(note1).toContain('PNG 格式，如：440308199901101512.png');
    expect(note1).not.toMatch(/\.jpg/);
    expect(texts.at(-1)).toBe('联系方式：0771-5551234      日期：            填报人：李文静');
    const photoHeader = ws.getCell('D2');
    expect(photoHeader.value).toBe('照片');
    expect((photoHeader as unknown as { dataValidation: ExcelJS.DataValidation }).dataValidation.prompt).toContain('PNG 格式');
  });

  it('the renewal template has the 换证 title and columns', async () => {
    const file = path.join(root, '换证模板.xlsx');
    await ok('template.write', { file, kind: 'renewal' });
    const ws = await sheetOf(file);
    expect(ws.name).toBe('换证人员采集表');
    expect(ws.getCell('A1').value).toContain('换证人员');
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header.slice(-2)).toEqual(['原证件号码', '原发证单位']);
    expect(columnA(ws).at(-1)).toContain('填报人：李文静');
  });
});

describe('signed in: the unit in the header, the 司法局 as 上级单位; 导入 asks when it cannot tell', () => {
  beforeAll(async () => {
    const dir = await seedDirectory(ts.app, '-acc');
    const unit = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
    await ok('sync.configure', { serverUrl: ts.url, proxy: 'none' });
    await ok('sync.login', { username: unit.username, password: unit.password });
  });

  it('the header shows the unit; the profile is unchanged by the sign-in', async () => {
    expect(await ok('account.get')).toMatchObject({ unitName: '青秀区市场监督管理局-acc', jurisdictionName: '青秀区司法局-acc', mustChangePassword: true, contactName: '李文静' });
  });

  it('a new list is imported as new, with 上级单位; a list with the 换证 columns as renewal', async () => {
    const plain = path.join(root, '青秀区名单.xlsx');
    await writeTemplate(plain, [validRow({ name: '冯一' })]);
    const r1 = await ok<{ batch: { kind: string; parentUnit: string; unit: string } }>('import.file', { file: plain });
    expect(r1.batch).toMatchObject({ kind: 'new', parentUnit: '青秀区司法局-acc', unit: '青秀区市场监督管理局-acc' });

    const renewal = path.join(root, '名单二.xlsx');
    await writeTemplate(renewal, [validRow({ name: '陈二', originalCertNo: '0350001', originalAgency: '青秀区市场监督管理局' })], { kind: 'renewal' });
    const r2 = await ok<{ batch: { kind: string } }>('import.file', { file: renewal });
    expect(r2.batch.kind).toBe('renewal');
  });

  it('a list titled 换证 without the 换证 columns: kind_unclear, nothing written; the clerk’s choice imports it', async () => {
    const file = path.join(root, '名单三.xlsx');
    await writeTemplate(file, [validRow({ name: '赵三' })]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.worksheets[0]!.getCell('A1').value = '青秀区换证人员信息采集表';
    await wb.xlsx.writeFile(file);

    const before = (await ok<unknown[]>('batches.list')).length;
    const asked = await h.handle('import.file', { file });
    expect(asked).toMatchObject({ ok: false, error: { code: 'kind_unclear', message: expect.stringMatching(/标题写着“换证”.*请选择/) } });
    expect(await ok<unknown[]>('batches.list')).toHaveLength(before);

    // 换证: read without the two columns; each person is asked for them.
    const r = await ok<{ batch: { id: string; kind: string } }>('import.file', { file, kind: 'renewal' });
    expect(r.batch.kind).toBe('renewal');
    const people = await ok<{ rows: Array<{ id: number }> }>('persons.query', { batchId: r.batch.id });
    const person = await ok<{ issues: Array<{ code: string; field: string }> }>('persons.get', { personId: people.rows[0]!.id });
    expect(person.issues.filter((i) => i.code === 'renewal.missing').map((i) => i.field).sort()).toEqual(['originalAgency', 'originalCertNo']);
  });

  it('a file named 换证 is asked about too; 新报名 imports it as new', async () => {
    const file = path.join(root, '换证人员名单.xlsx');
    await writeTemplate(file, [validRow({ name: '孙四' })]);
    expect(await h.handle('import.file', { file })).toMatchObject({ ok: false, error: { code: 'kind_unclear' } });
    expect(await ok('import.file', { file, kind: 'new' })).toMatchObject({ batch: { kind: 'new', persons: 1 } });
  });

  it('添加 without a batch makes a batch with the 上级单位 too', async () => {
    const p = await ok<{ batchId: string }>('persons.add', { fields: { name: '周五' } });
    const b = await ok<{ parentUnit: string }>('batches.get', { batchId: p.batchId });
    expect(b.parentUnit).toBe('青秀区司法局-acc');
  });

  it('问题清单 carries the contact in its footer', async () => {
    const batches = await ok<Array<{ id: string }>>('batches.list');
    const file = path.join(root, '问题清单.xlsx');
    await ok('report.write', { batchId: batches[0]!.id, file });
    expect(columnA(await sheetOf(file)).some((t) => t === '联系方式：0771-5551234      日期：            填报人：李文静')).toBe(true);
  });
});
