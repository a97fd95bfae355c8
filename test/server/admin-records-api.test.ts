import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRecordImportResponseSchema, adminRecordPreviewResponseSchema, type ImportSummaryView } from '../../src-shared/contract/sync-api.js';
import { auditFor } from '../../src-server/db/audit.js';
import { rawRows } from '../../src-server/db/sql.js';
import { ADMIN_RECORD_FILE_MAX_BYTES } from '../../src-shared/contract/sync-api.js';
import { makeIdNumber, seedPerson, seedUnit, type SeededUnit } from './records-helpers.js';
import { call, expectError, readyUser, startTestServer, type Answer, type TestServer } from './server-helpers.js';

/**
 * Study records and exam scores uploaded from the web console: a preview that changes nothing and
 * gives the import's exact counts, the import itself, unusable files, hostile file names and size.
 */
let ts: TestServer;
let admin: { token: string; username: string; id: number };
let A: SeededUnit;

const ID = {
  zhang: makeIdNumber('350102', '19900101', 11),
  li: makeIdNumber('350102', '19850505', 21),
  nobody: makeIdNumber('350106', '19930303', 51),
};

beforeAll(async () => {
  ts = await startTestServer();
  admin = await readyUser(ts, 'admin');
  A = await seedUnit(ts.app.db, '福州市鼓楼区市场监督管理局');
  await seedPerson(ts.app.db, A, { idNumber: ID.zhang, name: '张三' });
  await seedPerson(ts.app.db, A, { idNumber: ID.li, name: '李四' });
});
afterAll(() => ts.stop());

const EXAM_HEADER = ['序号', '姓名', '身份证号', '手机号', '所属地区', '工作单位', '更新时间', '是否通过', '考试成绩', '考试时长', '正式考试次数', '开始考试时间', '考试结束时间', '同步时间'];
type Row = Array<string | number | null>;
const examRow = (n: number, name: string, id: string | number, started: string, score: string): Row =>
  [n, name, id, '13800000001', '福州市', '测试单位', '2023-03-01 10:00:00', Number(score) >= 60 ? '是' : '否', score, '45分钟', '1', started, '2023-03-01 09:45:00', '2023-03-01 10:05:00'];

/** An exam-score export: a title row, the header (row 2), then the rows from row 3. */
async function examXlsx(rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员考试成绩');
  ws.addRow(['人员考试成绩导出']);
  ws.addRow(EXAM_HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// Row 3 and 4 good, row 5's ID stored by Excel as a number, row 6 without a name, row 7 nobody's.
const FIRST_FILE: Row[] = [
  examRow(1, '张三', ID.zhang, '2023-03-01 09:00:00', '86'),
  examRow(2, '李四', ID.li, '2023-03-01 09:00:00', '55'),
  examRow(3, '孙八', Number('350102199001011234'), '2023-03-01 09:00:00', '70'),
  examRow(4, '', ID.zhang, '2023-03-02 09:00:00', '90'),
  examRow(5, '路人甲', ID.nobody, '2023-03-01 09:00:00', '60'),
];

const upload = (action: 'preview' | 'import', bytes: Uint8Array, query = '?fileName=' + encodeURIComponent('考试成绩.xlsx'), kind = 'exam_score', token = admin.token): Promise<Answer> =>
  call(ts.url, 'POST', `/api/v1/admin/records/${kind}/${action}${query}`, { token, raw: bytes, headers: { 'content-type': 'application/octet-stream' } });

async function counts() {
  const n = async (sql: string) => (await rawRows(ts.app.db, sql))[0]!.n as number;
  return {
    exam: await n('SELECT count(*) AS n FROM exam_scores'),
    study: await n('SELECT count(*) AS n FROM study_records'),
    changes: await n('SELECT count(*) AS n FROM changes'),
    audit: await n('SELECT count(*) AS n FROM audit_log'),
  };
}

describe('record import from the console', () => {
  let first: Buffer;
  let preview: ImportSummaryView;

  it('previews an exam-score file: bad rows reported with their row numbers, the good ones sampled, nothing changed', async () => {
    first = await examXlsx(FIRST_FILE);
    const before = await counts();
    const res = await upload('preview', first);
    expect(res.status, res.text).toBe(200);
    const body = adminRecordPreviewResponseSchema.parse(res.body);
    preview = body.summary;
    expect(preview).toMatchObject({ kind: 'exam_score', title: '人员考试成绩', file: '考试成绩.xlsx', format: 'xlsx', headerRow: 2, rows: 5, added: 2, updated: 0, unchanged: 0, missingColumns: [] });
    expect(preview.invalid.map((r) => [r.row, r.name])).toEqual([[5, '孙八'], [6, '']]);
    expect(preview.invalid[0]!.message).toMatch(/Excel/);
    expect(preview.invalid[1]!.message).toMatch(/姓名为空/);
    expect(preview.unmatched).toEqual([{ row: 7, name: '路人甲', idNumber: expect.stringMatching(/^350106\*+\d{3}[\dX]$/) }]);
    expect(preview.units).toEqual([{ unitId: A.unitId, unitName: A.unitName, changes: 2 }]);
    expect(body.sample.map((r) => [r.row, r.name])).toEqual([[3, '张三'], [4, '李四']]);
    expect(body.sample[0]!.idNumber).not.toContain(ID.zhang.slice(6, 14));
    expect(body.sample[0]!.values).toMatchObject({ 手机号: '13800000001', 考试成绩: '86', 是否通过: '是', 开始考试时间: '2023-03-01 09:00:00' });
    expect(res.text).not.toContain(ID.zhang);
    expect(await counts()).toEqual(before);
    expect(await auditFor(ts.app.db, 'exam_score', preview.sha256)).toEqual([]);
  });

  it('imports the same file: the good rows stored with the exact counts of the preview, the bad ones reported', async () => {
    const before = await counts();
    const res = await upload('import', first);
    expect(res.status, res.text).toBe(200);
    const { preview: isPreview, summary } = adminRecordImportResponseSchema.parse(res.body);
    expect(isPreview).toBe(false);
    expect(summary).toEqual(preview);
    expect(await counts()).toEqual({ ...before, exam: before.exam + 2, changes: before.changes + 2, audit: before.audit + 1 });
    const audit = await auditFor(ts.app.db, 'exam_score', summary.sha256);
    expect(audit).toEqual([expect.objectContaining({ action: 'exam_score.import', actor: admin.username, actorUserId: admin.id, ip: '127.0.0.1' })]);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ file: '考试成绩.xlsx', added: 2, invalid: 2, unmatched: 1 });

    // Again: a preview and an import agree that nothing would change.
    const again = adminRecordPreviewResponseSchema.parse((await upload('preview', first)).body);
    expect(again.summary).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    expect(again.sample).toEqual([]);
  });

  it('a changed file: the preview predicts exactly what the import then does', async () => {
    const second = await examXlsx([examRow(1, '张三', ID.zhang, '2023-03-01 09:00:00', '88'), examRow(2, '张三', ID.zhang, '2023-04-01 09:00:00', '91'), examRow(3, '李四', ID.li, '2023-03-01 09:00:00', '55')]);
    const before = await counts();
    const p = adminRecordPreviewResponseSchema.parse((await upload('preview', second)).body);
    expect(p.summary).toMatchObject({ added: 1, updated: 1, unchanged: 1 });
    expect(p.sample.map((r) => [r.row, r.values['考试成绩']])).toEqual([[3, '88'], [4, '91']]);
    expect(await counts()).toEqual(before);
    const i = adminRecordImportResponseSchema.parse((await upload('import', second)).body);
    expect(i.summary).toEqual(p.summary);
    expect(await counts()).toEqual({ ...before, exam: before.exam + 1, changes: before.changes + 2, audit: before.audit + 1 });
  });

  it('refuses a file that is no table with 422 records.file_invalid, in the administrator\'s words, writing nothing', async () => {
    const before = await counts();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const msg = expectError(await upload('import', png, '?fileName=' + encodeURIComponent('成绩.xlsx')), 422, 'records.file_invalid');
    expect(msg).toContain('“成绩.xlsx”');
    expect(msg).toContain('PNG');
    expect(msg).not.toMatch(/upload|tmp|zfbm/);
    expectError(await upload('preview', Buffer.from('这不是表格\n只是几行字\n')), 422, 'records.file_invalid');
    expectError(await upload('import', Buffer.alloc(0)), 422, 'records.file_invalid');
    // The other export: told to use the other import, not a command.
    const study = expectError(await upload('import', first, '', 'study_record'), 422, 'records.file_invalid');
    expect(study).toContain('人员考试成绩');
    expect(study).not.toContain('import-');
    expectError(await upload('import', first, '', 'other_kind'), 400, 'request.invalid');
    expectError(await call(ts.url, 'POST', '/api/v1/admin/records/exam_score/import', { token: admin.token, body: { file: 'x' } }), 400, 'request.invalid');
    expect(await counts()).toEqual(before);
  });

  it('never uses the file name as a path: hostile names are refused cleanly, odd but harmless ones kept for display', async () => {
    const before = await counts();
    for (const name of ['../../etc/passwd.xlsx', '..\\..\\boot.ini', 'a\u0000.xlsx', 'x'.repeat(300) + '.xlsx', '.']) {
      expectError(await upload('import', first, '?fileName=' + encodeURIComponent(name)), 400, 'request.invalid');
    }
    expect(await counts()).toEqual(before);
    expect(fs.existsSync(path.resolve(os.tmpdir(), '../../etc/passwd.xlsx'))).toBe(false);

    const odd = `成绩 ${process.pid}-${Date.now()} (最终).xlsx`;
    const res = await upload('preview', first, '?fileName=' + encodeURIComponent(odd));
    expect(res.status, res.text).toBe(200);
    expect(adminRecordPreviewResponseSchema.parse(res.body).summary.file).toBe(odd);
    expect(fs.existsSync(path.join(os.tmpdir(), odd))).toBe(false);
    expect(fs.existsSync(path.join(process.cwd(), odd))).toBe(false);
    // No file name at all is fine too.
    expect(adminRecordPreviewResponseSchema.parse((await upload('preview', first, '')).body).summary.file).toBe('上传的文件.xlsx');
  });

  it('answers a file over 50 MB with 413 before reading it, and nothing changes', async () => {
    const before = await counts();
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${ts.url}/api/v1/admin/records/exam_score/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/octet-stream', 'content-length': String(ADMIN_RECORD_FILE_MAX_BYTES + 1) },
      });
      req.on('response', (r) => {
        let data = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (data += c));
        r.on('end', () => {
          resolve({ status: r.statusCode ?? 0, body: data });
          req.destroy();
        });
      });
      req.on('error', reject);
      req.write(first); // the rest never comes: the announced size is enough to refuse
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'request.too_large', message: expect.stringContaining('50 MB') } });

    // Without Content-Length (chunked), counted as it arrives.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${ts.url}/api/v1/admin/records/exam_score/preview`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' },
      });
      let answered = false;
      req.on('response', (r) => {
        answered = true;
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', (e) => (answered ? undefined : reject(e)));
      const chunk = Buffer.alloc(1024 * 1024, 0x41);
      let sent = 0;
      const pump = () => {
        while (!answered && sent <= ADMIN_RECORD_FILE_MAX_BYTES) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(chunked).toBe(413);

    // Over the 20 MB blob limit but under 50 MB: read, and refused for what it is, not for its size.
    expect(expectError(await upload('preview', Buffer.alloc(25 * 1024 * 1024)), 422, 'records.file_invalid')).toContain('不是 Excel');
    expect(await counts()).toEqual(before);
  });
});
