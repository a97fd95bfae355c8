import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { encrypt } from 'officecrypto-tool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src-server/accounts/accounts.js';
import { auditFor } from '../../src-server/db/audit.js';
import { openServerStore, type ServerStore } from '../../src-server/db/open-store.js';
import { rawRows, type Sql } from '../../src-server/db/sql.js';
import { readChanges } from '../../src-server/feed/changes-store.js';
import { importRecordFile, type ImportSummary } from '../../src-server/records/import-records.js';
import { RecordFileError } from '../../src-server/records/read-record-table.js';
import { timeKey, type RecordKind } from '../../src-server/records/record-kinds.js';
import type { Change } from '../../src-shared/contract/sync-feed.js';
import { makeIdNumber, makeIdNumberEndingX, seedPerson, seedUnit, type SeededUnit } from './records-helpers.js';
import { runAdminCli, serverTempDir } from './server-helpers.js';
import { freshPgDatabase, testPgUrl } from '../helpers/pg-database.js';

const CHINESE = /[\u4e00-\u9fff]/;
const actor: Actor = { userId: null, name: 'test-admin', now: () => new Date() };

const STUDY_HEADER = ['序号', '姓名', '身份证号', '手机号', '地区', '单位', '更新时间', '开始时间', '学习状态', '结束时间', '考试状态', '考试成绩', '考试完成时间', '学习总时长', '学习总时长', '学习总时长'];

// People: 张三 and 钱七 (ID ending X) approved in unit A, 李四 approved in unit B, 王五 rejected in A,
// 赵六 approved first in A and later again in B (B is where he is now), and one ID nobody has.
const ID = {
  zhang: makeIdNumber('350102', '19900101', 11),
  li: makeIdNumber('350102', '19850505', 21),
  wang: makeIdNumber('350103', '19920202', 31),
  zhao: makeIdNumber('350104', '19880808', 41),
  qian: makeIdNumberEndingX('350105', '19910303'),
  nobody: makeIdNumber('350106', '19930303', 51),
};

type Row = Array<string | number | Date | null>;

/** A date-time as Excel stores it: exceljs writes Dates as UTC wall-clock serials. */
const xlDate = (text: string) => new Date(text.replace(' ', 'T') + 'Z');

function studyRows(): Array<Row | null> {
  return [
    [1, '张三', ID.zhang, '13800000001', '福州市-鼓楼区', '测试单位', xlDate('2023-02-15 03:49:07'), xlDate('2023-02-15 03:43:57'), '学习中', null, '未考试', 0, null, 20, 0, 20],
    [2, '张三', ID.zhang, '13800000001', '福州市-鼓楼区', '测试单位', '2023-02-17 03:16:24.126', '2023-02-15 06:46:03.000', '学习完成', '2023-02-16 10:00:00', '已考试', 86.5, '2023-02-16 11:00:00', 30, 10, 40],
    [3, '李四', ID.li, '13800000002', '福州市-台江区', '乙单位', '2023-02-16 11:15:20.762', '2023-02-15 06:46:03.000', '学习中', null, '未考试', 0, null, 0, 0, 0],
    [4, '王五', ID.wang, '13800000003', '福州市-仓山区', '测试单位', '2023-02-15 06:47:28.884', '2023-02-15 06:47:28.000', '学习完成', null, '未考试', 0, null, 0, 0, 0],
    null, // a blank row
    [5, '路人甲', ID.nobody, '13800000004', '福州市', '别处', '2023-02-15', '2023-02-15 07:00:00', '学习中', null, '未考试', 0, null, 0, 0, 0],
    [6, '孙八', Number('350102199001011234'), '13800000005', '福州市', '测试单位', '2023-02-15', '2023-02-15 08:00:00', '学习中', null, '未考试', 0, null, 0, 0, 0],
    [7, '赵六', ID.zhao, '13800000006', '福州市-晋安区', '乙单位', '2023-02-15', '2023-02-15 09:00:00', '学习中', null, '未考试', 0, null, 5, 5, 5],
    [8, '钱七', ID.qian.toLowerCase(), '13800000007', '福州市-马尾区', '测试单位', '2023-02-15', '2023-02-15 10:00:00', '学习中', null, '未考试', 0, null, 1, 2, 3],
  ];
}

/** An xlsx as the platform might export it: a title row, then the header, then the data. */
async function writeStudyXlsx(file: string, rows: Array<Row | null>, header = STUDY_HEADER): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员学习记录');
  ws.addRow(['行政执法人员报名系统 人员学习记录']);
  ws.mergeCells(1, 1, 1, header.length);
  ws.addRow(header);
  for (const r of rows) {
    const row = ws.addRow(r ?? []);
    r?.forEach((v, i) => {
      if (v instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd hh:mm:ss';
    });
  }
  await wb.xlsx.writeFile(file);
}

/** CSV text with the exam-score columns in another order than the manual's, under a title line. */
function examCsv(rows: Array<Record<string, string>>): string {
  const order = ['姓名', '身份证号', '开始考试时间', '考试成绩', '是否通过', '序号', '手机号', '所属地区', '工作单位', '更新时间', '考试时长', '正式考试次数', '考试结束时间', '同步时间'];
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['人员考试成绩导出,,,', order.map((h, i) => (i === 1 ? ' 身份证号 ' : h === '考试时长' ? '考试　时长' : h)).join(',')];
  for (const r of rows) lines.push(order.map((h) => quote(r[h] ?? '')).join(','));
  return lines.join('\r\n') + '\r\n';
}

function examRow(name: string, id: string, startedAt: string, score: string): Record<string, string> {
  return {
    姓名: name,
    身份证号: `="${id}"`,
    开始考试时间: startedAt,
    考试成绩: score,
    是否通过: Number(score) >= 60 ? '是' : '否',
    序号: '1',
    手机号: '13800000001',
    所属地区: '福州市',
    工作单位: '测试单位（福州）',
    更新时间: '2023-03-01 10:00:00',
    考试时长: '45分钟',
    正式考试次数: '1',
    考试结束时间: '2023-03-01 09:45:00',
    同步时间: '2023-03-01 10:05:00',
  };
}

async function allChanges(db: Sql, unitId: number): Promise<Change[]> {
  return (await readChanges(db, unitId, 0, 10_000)).changes;
}

/** `SELECT count(*) AS n …`'s n. */
const countOf = async (db: Sql, sql: string): Promise<number> => (await rawRows(db, sql))[0]!.n as number;

async function counts(db: Sql) {
  return {
    study: await countOf(db, 'SELECT count(*) AS n FROM study_records'),
    exam: await countOf(db, 'SELECT count(*) AS n FROM exam_scores'),
    changes: await countOf(db, 'SELECT count(*) AS n FROM changes'),
    audit: await countOf(db, 'SELECT count(*) AS n FROM audit_log'),
  };
}

async function refusal(db: Sql, kind: RecordKind, file: string): Promise<RecordFileError> {
  const before = await counts(db);
  const e = await importRecordFile(db, kind, file, actor).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RecordFileError);
  expect((e as Error).message).toMatch(CHINESE);
  expect(await counts(db)).toEqual(before);
  return e as RecordFileError;
}

describe('study records and exam scores import', () => {
  const dir = serverTempDir();
  const file = (name: string) => path.join(dir, name);
  let store: ServerStore;
  let db: Sql;
  let A: SeededUnit;
  let B: SeededUnit;
  // Under `npm run test:pg` the store is a PostgreSQL database of its own.
  let pg: Awaited<ReturnType<typeof freshPgDatabase>> | null = null;

  beforeAll(async () => {
    pg = testPgUrl ? await freshPgDatabase() : null;
    store = await openServerStore({ dataDir: path.join(dir, 'data'), databaseUrl: pg?.url ?? null });
    db = store.db;
    A = await seedUnit(db, '福州市鼓楼区市场监督管理局');
    B = await seedUnit(db, '福州市台江区城市管理局');
    await seedPerson(db, A, { idNumber: ID.zhang, name: '张三' });
    await seedPerson(db, A, { idNumber: ID.qian, name: '钱七' });
    await seedPerson(db, B, { idNumber: ID.li, name: '李四' });
    await seedPerson(db, A, { idNumber: ID.wang, name: '王五', status: 'rejected' });
    await seedPerson(db, A, { idNumber: ID.zhao, name: '赵六', updatedAt: '2026-01-01T00:00:00.000Z' });
    await seedPerson(db, B, { idNumber: ID.zhao, name: '赵六', updatedAt: '2026-01-05T00:00:00.000Z' });
  });
  afterAll(async () => {
    await store?.close();
    await pg?.drop();
  });

  let first: ImportSummary;

  it('imports an xlsx with a title row: each row to the unit of its approved person, through the feed', async () => {
    await writeStudyXlsx(file('study.xlsx'), studyRows());
    first = await importRecordFile(db, 'study_record', file('study.xlsx'), actor);

    expect(first).toMatchObject({ kind: 'study_record', format: 'xlsx', sheet: '人员学习记录', headerRow: 2, rows: 8, added: 5, updated: 0, unchanged: 0, skipped: 0 });
    expect(first.missingColumns).toEqual([]);

    const a = await allChanges(db, A.unitId);
    const b = await allChanges(db, B.unitId);
    expect(a.map((c) => c.type === 'study_record' && [c.name, c.record.startedAt])).toEqual([
      ['张三', '2023-02-15 03:43:57'],
      ['张三', '2023-02-15 06:46:03.000'],
      ['钱七', '2023-02-15 10:00:00'],
    ]);
    expect(b.map((c) => c.type === 'study_record' && c.name)).toEqual(['李四', '赵六']);
    // Unit B never sees unit A's people, and the other way round.
    expect(b.some((c) => c.type === 'study_record' && [ID.zhang, ID.qian].includes(c.idNumber))).toBe(false);
    expect(a.some((c) => c.type === 'study_record' && [ID.li, ID.zhao].includes(c.idNumber))).toBe(false);

    // Text as written; Excel's dates as "YYYY-MM-DD HH:mm:ss"; the three 学习总时长 in order.
    const zhang = a[0]!;
    expect(zhang).toMatchObject({
      type: 'study_record',
      idNumber: ID.zhang,
      name: '张三',
      record: {
        phone: '13800000001',
        region: '福州市-鼓楼区',
        unitName: '测试单位',
        updatedAt: '2023-02-15 03:49:07',
        startedAt: '2023-02-15 03:43:57',
        studyStatus: '学习中',
        endedAt: '',
        examStatus: '未考试',
        examScore: '0',
        examFinishedAt: '',
        studyDurations: ['20', '0', '20'],
      },
    });
    expect(a[1]).toMatchObject({ record: { examScore: '86.5', studyDurations: ['30', '10', '40'] } });
    // A lower-case x was read as X and matched.
    expect(a[2]).toMatchObject({ idNumber: ID.qian, name: '钱七' });
  });

  it('reports rows without an approved person and does not store them; a numeric ID is an error of its row', async () => {
    expect(first.unmatched.map((u) => [u.row, u.name])).toEqual([
      [6, '王五'],
      [8, '路人甲'],
    ]);
    expect(first.unmatched[0]!.idNumber).toBe(`${ID.wang.slice(0, 6)}********${ID.wang.slice(-4)}`);
    expect(first.invalid).toHaveLength(1);
    expect(first.invalid[0]).toMatchObject({ row: 9, name: '孙八' });
    expect(first.invalid[0]!.message).toMatch(/Excel 存成了数字/);

    const stored = (await rawRows(db, 'SELECT id_number AS id FROM study_records')) as Array<{ id: string }>;
    expect(stored.map((s) => s.id).sort()).toEqual([ID.zhang, ID.zhang, ID.li, ID.zhao, ID.qian].sort());

    const audit = await auditFor(db, 'study_record', first.sha256);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe('study_record.import');
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ file: 'study.xlsx', added: 5, unmatched: 2, invalid: 1 });
  });

  it('importing the same file again changes nothing and appends nothing to the feed', async () => {
    const before = await counts(db);
    const again = await importRecordFile(db, 'study_record', file('study.xlsx'), actor);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 5 });
    expect(again.unmatched).toHaveLength(2);
    expect(await counts(db)).toEqual({ ...before, audit: before.audit + 1 });
    expect(await auditFor(db, 'study_record', first.sha256)).toHaveLength(2);
  });

  it('an edited row yields exactly one update, to its unit only', async () => {
    const rows = studyRows();
    rows[0]![8] = '学习完成';
    rows[0]![9] = '2023-02-20 09:00:00';
    await writeStudyXlsx(file('study-edited.xlsx'), rows);
    const cursorA = Number((await readChanges(db, A.unitId, 0, 10_000)).cursor);
    const cursorB = Number((await readChanges(db, B.unitId, 0, 10_000)).cursor);

    const s = await importRecordFile(db, 'study_record', file('study-edited.xlsx'), actor);
    expect(s).toMatchObject({ added: 0, updated: 1, unchanged: 4 });
    expect(s.units).toEqual([{ unitId: A.unitId, unitName: A.unitName, changes: 1 }]);

    const newA = (await readChanges(db, A.unitId, cursorA, 100)).changes;
    expect(newA).toHaveLength(1);
    expect(newA[0]).toMatchObject({ type: 'study_record', idNumber: ID.zhang, record: { startedAt: '2023-02-15 03:43:57', studyStatus: '学习完成', endedAt: '2023-02-20 09:00:00' } });
    expect((await readChanges(db, B.unitId, cursorB, 100)).changes).toEqual([]);
    expect(await countOf(db, 'SELECT count(*) AS n FROM study_records')).toBe(5);
  });

  it('reads exam scores from a UTF-8 CSV with a BOM, columns in another order, headers with spaces', async () => {
    const csv = examCsv([
      examRow('张三', ID.zhang, '2023-03-01 09:00:00', '88'),
      examRow('李四', ID.li, '2023-03-01 09:00:00', '52'),
      examRow('路人甲', ID.nobody, '2023-03-01 09:00:00', '70'),
    ]);
    fs.writeFileSync(file('exam-utf8.csv'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]));
    const s = await importRecordFile(db, 'exam_score', file('exam-utf8.csv'), actor);
    expect(s).toMatchObject({ kind: 'exam_score', format: 'csv', headerRow: 2, rows: 3, added: 2, unchanged: 0 });
    expect(s.unmatched.map((u) => u.name)).toEqual(['路人甲']);
    expect(s.missingColumns).toEqual([]); // every column of the manual's table, found in another order

    const a = (await allChanges(db, A.unitId)).filter((c) => c.type === 'exam_score');
    const b = (await allChanges(db, B.unitId)).filter((c) => c.type === 'exam_score');
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({
      idNumber: ID.zhang,
      name: '张三',
      score: {
        phone: '13800000001',
        region: '福州市',
        unitName: '测试单位（福州）',
        updatedAt: '2023-03-01 10:00:00',
        passed: '是',
        score: '88',
        duration: '45分钟',
        attempts: '1',
        startedAt: '2023-03-01 09:00:00',
        endedAt: '2023-03-01 09:45:00',
        syncedAt: '2023-03-01 10:05:00',
      },
    });
    expect(b.map((c) => c.type === 'exam_score' && [c.name, c.score.passed])).toEqual([['李四', '否']]);
  });

  it('reads a GBK CSV the same way: the same content again is unchanged, a new attempt is added', async () => {
    const csv = examCsv([
      examRow('张三', ID.zhang, '2023-03-01 09:00:00', '88'),
      examRow('李四', ID.li, '2023/3/1 9:00:00', '52'), // the same start time, written another way
      examRow('李四', ID.li, '2023-04-01 09:00:00', '75'),
    ]);
    fs.writeFileSync(file('exam-gbk.csv'), iconv.encode(csv, 'gbk'));
    const s = await importRecordFile(db, 'exam_score', file('exam-gbk.csv'), actor);
    // 李四's first attempt is the same record written differently: same key, other text -> updated.
    expect(s).toMatchObject({ format: 'csv', added: 1, updated: 1, unchanged: 1 });
    expect(s.unmatched).toEqual([]);
    const b = (await allChanges(db, B.unitId)).filter((c) => c.type === 'exam_score');
    expect(b.map((c) => c.type === 'exam_score' && [c.name, c.score.startedAt, c.score.score])).toEqual([
      ['李四', '2023-03-01 09:00:00', '52'],
      ['李四', '2023/3/1 9:00:00', '52'],
      ['李四', '2023-04-01 09:00:00', '75'],
    ]);
    expect(await countOf(db, 'SELECT count(*) AS n FROM exam_scores')).toBe(3);
  });

  it('the same person and start time twice in one file: the later row is taken, once', async () => {
    const csv = examCsv([examRow('张三', ID.zhang, '2023-05-01 09:00:00', '60'), examRow('张三', ID.zhang, '2023-05-01 09:00:00', '65')]);
    fs.writeFileSync(file('exam-dup.csv'), csv);
    const s = await importRecordFile(db, 'exam_score', file('exam-dup.csv'), actor);
    expect(s).toMatchObject({ added: 1, updated: 0 });
    expect(s.duplicates).toEqual([{ row: 3, keptRow: 4, identical: false }]);
    const again = await importRecordFile(db, 'exam_score', file('exam-dup.csv'), actor);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    const last = (await allChanges(db, A.unitId)).at(-1)!;
    expect(last).toMatchObject({ type: 'exam_score', score: { startedAt: '2023-05-01 09:00:00', score: '65' } });
  });

  it('start times written differently are one key', () => {
    expect(timeKey('2023/2/15 6:46:03')).toBe('2023-02-15 06:46:03');
    expect(timeKey('2023-02-15 06:46:03.000')).toBe('2023-02-15 06:46:03');
    expect(timeKey('2023-02-15 06:46:03.5')).toBe('2023-02-15 06:46:03.500');
    expect(timeKey('2023年2月15日')).toBe('2023-02-15');
    expect(timeKey(' 第 一 次 ')).toBe('第一次');
  });

  describe('files that are refused with a Chinese message, changing nothing', () => {
    it('a PDF renamed .xlsx', async () => {
      fs.writeFileSync(file('scores.xlsx'), '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
      const e = await refusal(db, 'study_record', file('scores.xlsx'));
      expect(e.code).toBe('not_table');
      expect(e.message).toMatch(/PDF/);
    });

    it('an empty CSV, and one with only a BOM', async () => {
      fs.writeFileSync(file('empty.csv'), '');
      expect((await refusal(db, 'exam_score', file('empty.csv'))).code).toBe('empty');
      fs.writeFileSync(file('bom.csv'), Buffer.from([0xef, 0xbb, 0xbf, 0x0d, 0x0a]));
      expect((await refusal(db, 'exam_score', file('bom.csv'))).code).toBe('empty');
    });

    it('a sheet without 身份证号, naming the missing column and the expected header', async () => {
      await writeStudyXlsx(
        file('no-id.xlsx'),
        studyRows().map((r) => r && r.filter((_, i) => i !== 2)),
        STUDY_HEADER.filter((h) => h !== '身份证号'),
      );
      const e = await refusal(db, 'study_record', file('no-id.xlsx'));
      expect(e.code).toBe('missing_columns');
      expect(e.message).toMatch(/缺少“身份证号”列/);
      expect(e.message).toContain('序号、姓名、身份证号、手机号');
    });

    it('an exam-score file given to the study-record import', async () => {
      fs.writeFileSync(file('exam-wrong.csv'), examCsv([examRow('张三', ID.zhang, '2023-03-01 09:00:00', '88')]));
      const e = await refusal(db, 'study_record', file('exam-wrong.csv'));
      expect(e.code).toBe('wrong_table');
      expect(e.message).toContain('import-exam-scores');
    });

    it('a header without rows, a password-protected workbook, a file over the size limit', async () => {
      await writeStudyXlsx(file('header-only.xlsx'), []);
      expect((await refusal(db, 'study_record', file('header-only.xlsx'))).code).toBe('no_rows');

      fs.writeFileSync(file('locked.xlsx'), encrypt(fs.readFileSync(file('study.xlsx')), { password: 'abc123' }));
      const locked = await refusal(db, 'study_record', file('locked.xlsx'));
      expect(locked.code).toBe('encrypted');
      expect(locked.message).toMatch(/密码/);

      const big = file('big.csv');
      fs.writeFileSync(big, STUDY_HEADER.join(',') + '\n');
      fs.truncateSync(big, 51 * 1024 * 1024);
      const tooBig = await refusal(db, 'study_record', big);
      expect(tooBig.code).toBe('too_large');
      expect(tooBig.message).toMatch(/50\.0 MB/);
    });
  });
});

describe('server-admin import-study-records / import-exam-scores (child processes)', () => {
  const dir = serverTempDir();
  const data = path.join(dir, 'data');
  const study = path.join(dir, '学习记录.xlsx');

  beforeAll(async () => {
    const store = await openServerStore({ dataDir: data });
    try {
      const a = await seedUnit(store.db, '福州市鼓楼区市场监督管理局');
      const b = await seedUnit(store.db, '福州市台江区城市管理局');
      await seedPerson(store.db, a, { idNumber: ID.zhang, name: '张三' });
      await seedPerson(store.db, a, { idNumber: ID.qian, name: '钱七' });
      await seedPerson(store.db, b, { idNumber: ID.li, name: '李四' });
      await seedPerson(store.db, b, { idNumber: ID.zhao, name: '赵六' });
    } finally {
      await store.close();
    }
    await writeStudyXlsx(study, studyRows());
  });

  it('prints a Chinese summary, then unchanged as JSON on a second run, and refuses a bad file with exit 2', async () => {
    let r = await runAdminCli(['import-study-records', '--file', study, '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('导入 5 条（新增 5 条，更新 0 条），未变化 0 条，未匹配 2 条，有误 1 条');
    expect(r.stdout).toMatch(/福州市鼓楼区市场监督管理局 3 条/);
    expect(r.stdout).toMatch(/第 6 行 {2}王五 {2}350103\*{8}\d{3}[\dX]/);
    expect(r.stdout).toMatch(/第 9 行 {2}孙八.*Excel 存成了数字/);
    expect(r.stdout).not.toContain(ID.nobody);

    r = await runAdminCli(['import-study-records', '--file', study, '--data', data, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ added: 0, updated: 0, unchanged: 5, units: [] });

    const pdf = path.join(dir, '成绩.xlsx');
    fs.writeFileSync(pdf, '%PDF-1.7\n%%EOF\n');
    r = await runAdminCli(['import-exam-scores', '--file', pdf, '--data', data]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/“成绩\.xlsx”实际是PDF 文件/);
    expect(r.stdout).toBe('');

    const store = await openServerStore({ dataDir: data });
    try {
      expect(await countOf(store.db, 'SELECT count(*) AS n FROM study_records')).toBe(5);
      expect(await countOf(store.db, 'SELECT count(*) AS n FROM exam_scores')).toBe(0);
      expect(await countOf(store.db, "SELECT count(*) AS n FROM audit_log WHERE entity IN ('study_record', 'exam_score')")).toBe(2);
    } finally {
      await store.close();
    }
  });
});
