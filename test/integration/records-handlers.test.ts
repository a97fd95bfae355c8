// The local-day boundary is only tested east of Greenwich: a batch accepted at 00:30 on the 20th is
// still the 19th in UTC, the clock the outbox keeps. Set before any Date is made (each file is its own process).
process.env.TZ = 'Asia/Shanghai';

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import type { DesktopHandlers } from '../../src-main/services/desktop-handlers.js';
import { DESKTOP_API, personStatusSchema, type DesktopMethod, type DesktopOutput, type Result } from '../../src-shared/contract/desktop-api.js';
import { makeHandlers } from '../helpers/desktop-handlers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { PEOPLE, seedRecords, type RecordsSeed } from '../helpers/records-seed.js';

/**
 * 人员管理, 人员查询, 人员记录, 考试信息 through the desktop-api handlers, on a real store seeded by the
 * real import, submit, push-answer and pull code (test/helpers/records-seed.ts): search by name, ID
 * prefix and application day, paging with totals, bad input answered in Chinese, an empty store.
 */
const root = tempDir('zfbm-records-');
let db: Db;
let handlers: DesktopHandlers;
let seed: RecordsSeed;

async function ok<M extends DesktopMethod>(method: M, input: unknown): Promise<DesktopOutput<M>> {
  const r = (await handlers.handle(method, input)) as Result<DesktopOutput<M>>;
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  // What the window receives is what the contract says.
  DESKTOP_API[method].output.parse(r.value);
  return r.value;
}
const names = (page: { rows: Array<{ name: string }> }) => page.rows.map((r) => r.name);

beforeAll(async () => {
  const data = path.join(root, 'desk');
  seed = await seedRecords(data);
  db = openStore(data);
  handlers = makeHandlers(db, data);
});
afterAll(() => db?.close());

describe('人员管理 (studyAccounts.list)', () => {
  it('lists the approved people with their study accounts, newest first, with batch, 申请日期 and 审核时间', async () => {
    const page = await ok('studyAccounts.list', {});
    expect(page.total).toBe(4);
    expect(names(page)).toEqual(['周四', '黄三', '林二', '陈一']);
    const chen = page.rows.find((r) => r.name === '陈一')!;
    expect(chen).toMatchObject({
      personId: seed.personId.陈一,
      idNumber: PEOPLE.陈一,
      gender: '男',
      agency: '福州市市场监督管理局',
      batchNumber: seed.a.number,
      username: `陈一${PEOPLE.陈一.slice(6, 14)}`,
      initialPassword: `Pw${PEOPLE.陈一.slice(-4)}abcd`,
      reviewedAt: '2026-11-22T11:00:00+08:00',
      reviewer: '福州市司法局 李审核',
    });
    expect(chen.batchName).toMatch(/^行政执法人员.*批次$/);
    // 申请日期: when the server accepted the batch, in the clerk's local time.
    expect(chen.appliedAt).toBe('2026-11-02T10:00:00+08:00');
    expect(page.rows.find((r) => r.name === '周四')!.appliedAt).toBe('2026-11-20T00:30:00+08:00');
  });

  it('searches by any part of the name, by the start of the ID number (x matches X), and by both', async () => {
    expect(names(await ok('studyAccounts.list', { name: '林' }))).toEqual(['林二']);
    expect(names(await ok('studyAccounts.list', { name: ' 二 ' }))).toEqual(['林二']);
    expect(names(await ok('studyAccounts.list', { idNumber: PEOPLE.黄三.slice(0, 10) }))).toEqual(['黄三']);
    expect((await ok('studyAccounts.list', { idNumber: '350102' })).total).toBe(3);
    expect((await ok('studyAccounts.list', { idNumber: '350203' })).rows.map((r) => r.name)).toEqual(['周四']);
    expect((await ok('studyAccounts.list', { idNumber: PEOPLE.陈一.toLowerCase() })).total).toBe(1);
    expect((await ok('studyAccounts.list', { name: '陈', idNumber: '350203' })).total).toBe(0);
    // The middle of an ID number is not its start.
    expect((await ok('studyAccounts.list', { idNumber: PEOPLE.陈一.slice(6, 14) })).total).toBe(0);
  });

  it('searches by 申请日期: whole local days, both ends included', async () => {
    expect(names(await ok('studyAccounts.list', { dateFrom: '2026-11-01', dateTo: '2026-11-10' }))).toEqual(['黄三', '林二', '陈一']);
    expect(names(await ok('studyAccounts.list', { dateFrom: '2026-11-02', dateTo: '2026-11-02' }))).toEqual(['黄三', '林二', '陈一']);
    // 00:30 on the 20th local is 16:30 on the 19th in UTC: still the 20th for the clerk.
    expect(names(await ok('studyAccounts.list', { dateFrom: '2026-11-20', dateTo: '2026-11-20' }))).toEqual(['周四']);
    expect((await ok('studyAccounts.list', { dateFrom: '2026-11-19', dateTo: '2026-11-19' })).total).toBe(0);
    expect(names(await ok('studyAccounts.list', { dateFrom: '2026-11-03' }))).toEqual(['周四']);
    expect(names(await ok('studyAccounts.list', { dateTo: '2026-11-19' }))).toEqual(['黄三', '林二', '陈一']);
    expect(names(await ok('studyAccounts.list', { name: '陈', dateFrom: '2026-11-01', dateTo: '2026-11-30' }))).toEqual(['陈一']);
  });

  it('pages: the total is of all matches, each page holds at most `limit` rows, pages do not overlap', async () => {
    const first = await ok('studyAccounts.list', { offset: 0, limit: 3 });
    const second = await ok('studyAccounts.list', { offset: 3, limit: 3 });
    expect([first.total, second.total]).toEqual([4, 4]);
    expect(first.rows).toHaveLength(3);
    expect(names(second)).toEqual(['陈一']);
    expect(new Set([...names(first), ...names(second)]).size).toBe(4);
    expect(await ok('studyAccounts.list', { offset: 10, limit: 3 })).toEqual({ total: 4, rows: [] });
  });
});

describe('人员查询 (persons.search)', () => {
  it('lists every person of every batch, newest first, with status, next reviewer, comment, account and training', async () => {
    const page = await ok('persons.search', {});
    expect(page.total).toBe(6);
    expect(names(page)).toEqual(['郑六', '吴五', '周四', '黄三', '林二', '陈一']);
    const by = Object.fromEntries(page.rows.map((r) => [r.name, r]));
    expect(by['郑六']).toMatchObject({ status: 'draft', appliedAt: '', studyUsername: '', studyStatus: '', examScore: '', batchNumber: seed.c.number });
    expect(by['吴五']).toMatchObject({ status: 'rejected', reviewComment: '照片背景不是红色，请更换照片后重新提交。', appliedAt: '2026-11-20T00:30:00+08:00', studyUsername: '' });
    expect(by['陈一']).toMatchObject({ status: 'approved', studyUsername: `陈一${PEOPLE.陈一.slice(6, 14)}`, studyStatus: '学习完成', examPassed: '是', examScore: '86', examCategory: '综合法律知识考试' });
    expect(by['林二']).toMatchObject({ studyStatus: '学习中', examPassed: '否', examScore: '52' });
    expect(by['黄三']).toMatchObject({ status: 'approved', studyStatus: '', examScore: '' });
  });

  it('filters by status, batch, name, ID prefix and 申请日期, and pages', async () => {
    expect(names(await ok('persons.search', { status: 'approved' }))).toEqual(['周四', '黄三', '林二', '陈一']);
    expect(names(await ok('persons.search', { status: 'draft' }))).toEqual(['郑六']);
    expect(names(await ok('persons.search', { batchId: seed.b.batchId }))).toEqual(['吴五', '周四']);
    expect(names(await ok('persons.search', { name: '五' }))).toEqual(['吴五']);
    expect(names(await ok('persons.search', { idNumber: PEOPLE.郑六.slice(0, 10) }))).toEqual(['郑六']);
    // Never submitted: no 申请日期, so no date range finds 郑六.
    expect(names(await ok('persons.search', { dateFrom: '2026-11-20', dateTo: '2026-11-23' }))).toEqual(['吴五', '周四']);
    expect(names(await ok('persons.search', { dateFrom: '2000-01-01' }))).not.toContain('郑六');
    const p2 = await ok('persons.search', { offset: 2, limit: 2 });
    expect(p2.total).toBe(6);
    expect(names(p2)).toEqual(['周四', '黄三']);
  });

  it('knows the same statuses as persons.query', () => {
    expect(DESKTOP_API['persons.search'].output.shape.rows.element.shape.status.options).toEqual(personStatusSchema.options);
  });
});

describe('人员记录 (studyRecords.list) and 考试信息 (examScores.list)', () => {
  it('lists study records with the manual columns, latest first', async () => {
    const page = await ok('studyRecords.list', {});
    expect(page.total).toBe(3);
    expect(names(page)).toEqual(['周四', '林二', '陈一']);
    expect(page.rows[2]).toMatchObject({
      idNumber: PEOPLE.陈一, phone: '13800000000', region: '福州市鼓楼区', unitName: '福州市市场监督管理局', updatedAt: '2026-11-21 10:00:00',
      startedAt: '2026-11-05 09:00:00', studyStatus: '学习完成', endedAt: '2026-11-10 17:00:00', examStatus: '已考试', examScore: '86',
      examFinishedAt: '2026-11-12 10:00:00', studyDurations: ['20', '5', '25'],
    });
  });

  it('lists exam scores with the manual columns, latest first', async () => {
    const page = await ok('examScores.list', {});
    expect(page.total).toBe(3);
    expect(names(page)).toEqual(['周四', '林二', '陈一']);
    expect(page.rows[1]).toMatchObject({ idNumber: PEOPLE.林二, passed: '否', score: '52', duration: '60', attempts: '1', startedAt: '2026-11-22 09:00:00', endedAt: '2026-11-22 10:00:00', syncedAt: '2026-11-22 16:00:00' });
  });

  it('search both by name, ID prefix and the 申请日期 of the person with that ID, and page', async () => {
    for (const method of ['studyRecords.list', 'examScores.list'] as const) {
      expect(names(await ok(method, { name: '陈' }))).toEqual(['陈一']);
      expect(names(await ok(method, { idNumber: '350203' }))).toEqual(['周四']);
      expect(names(await ok(method, { dateFrom: '2026-11-01', dateTo: '2026-11-10' }))).toEqual(['林二', '陈一']);
      expect(names(await ok(method, { dateFrom: '2026-11-20', dateTo: '2026-11-20' }))).toEqual(['周四']);
      expect(await ok(method, { name: '郑' })).toEqual({ total: 0, rows: [] });
      const p = await ok(method, { offset: 1, limit: 1 });
      expect([p.total, names(p)]).toEqual([3, ['林二']]);
    }
  });
});

describe('bad input', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['dates the wrong way round', { dateFrom: '2026-11-20', dateTo: '2026-11-01' }, /开始日期不能晚于结束日期/],
    ['a day that does not exist', { dateFrom: '2026-02-30' }, /不是一个存在的日期/],
    ['a date in another format', { dateTo: '2026/11/01' }, /YYYY-MM-DD/],
    ['an ID with other characters', { idNumber: '3501-02' }, /只能有数字和字母 X/],
    ['a too long name', { name: '名'.repeat(41) }, /最多 40 个字/],
    ['a negative offset', { offset: -1 }, /offset/],
    ['too many rows a page', { limit: 100000 }, /每页最多 500 条/],
    ['a name that is no text', { name: 12 }, /姓名应为文字/],
  ];
  for (const [what, input, message] of cases) {
    it(`answers invalid_input in Chinese for ${what}`, async () => {
      for (const method of ['studyAccounts.list', 'persons.search', 'studyRecords.list', 'examScores.list'] as const) {
        const r = await handlers.handle(method, input);
        expect(r.ok, method).toBe(false);
        if (r.ok) continue;
        expect(r.error.code).toBe('invalid_input');
        expect(r.error.message).toMatch(message);
        expect(r.error.message).toMatch(/请/);
      }
    });
  }

  it('answers invalid_input for a status that does not exist (人员查询)', async () => {
    const r = await handlers.handle('persons.search', { status: 'lost' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/请从列表中选择审核状态/) } });
  });
});

describe('an empty store', () => {
  it('answers empty lists, not errors', async () => {
    const data = path.join(root, 'empty');
    const empty = openStore(data);
    try {
      const h = makeHandlers(empty, data);
      for (const method of ['studyAccounts.list', 'persons.search', 'studyRecords.list', 'examScores.list'] as const) {
        expect(await h.handle(method, {}), method).toEqual({ ok: true, value: { total: 0, rows: [] } });
        expect(await h.handle(method, { name: '陈', idNumber: '35', dateFrom: '2026-01-01', dateTo: '2026-12-31' }), method).toEqual({ ok: true, value: { total: 0, rows: [] } });
      }
    } finally {
      empty.close();
    }
  });
});
