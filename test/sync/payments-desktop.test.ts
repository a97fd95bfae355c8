import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRows } from '../../src-server/db/sql.js';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import type { DesktopBackend } from '../../src-main/services/desktop-backend.js';
import type { BatchSummaryView } from '../../src-shared/contract/desktop-api.js';
import { chinaToday } from '../../src-shared/china-time.js';
import { call, readyUser, seedDirectory, startTestServer, type TestServer } from '../server/server-helpers.js';
import { PDF_BYTES } from '../server/sync-helpers.js';
import { guangxiPortrait } from '../helpers/desktop-batch.js';
import { backendCalls, makeBackend, until } from '../helpers/desktop-handlers.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * 交费 on the desktop (issue 19 item 2) against the real sync server on 127.0.0.1 and a real desktop
 * store: fees follow the server's setting; the form is checked before anything is kept; a batch's
 * 交费信息 saved before it went out goes with its first push, a change after goes with a push of its
 * own; 已交费 on the server comes back as 已开通网络培训 with the study accounts.
 */
const DAY = 86_400_000;
const root = tempDir('zfbm-pay-desk-');
const data = path.join(root, 'desk');
let ts: TestServer;
let db: Db;
let backend: DesktopBackend;
let today = '';
let unit: { username: string; password: string };
let admin: { token: string };
let reviewer: { token: string };
let slipFile = '';

const FIELDS = {
  transferRef: 'GX20260820-0001', receiptTitle: '南宁市青秀区市场监督管理局', taxpayerId: '91350100M000100Y43',
  pickupName: '李明', pickupPhone: '13800138000', mailingAddress: '南宁市青秀区民族大道100号',
};

const { ok, refused } = backendCalls(() => backend);
const pushed = () => until('the push is done', async () => (await ok('sync.status', undefined)).queue.length === 0);
const serverPayment = async (batchId: string) => (await rawRows(ts.app.db, 'SELECT pickup_name AS "pickupName", taxpayer_id AS "taxpayerId" FROM batch_payments WHERE batch_id = ?', [batchId]))[0];

async function importBatch(n: number): Promise<BatchSummaryView> {
  const work = fs.mkdtempSync(path.join(root, 'work-'));
  const rows = Array.from({ length: n }, () => validRow());
  const xlsx = path.join(work, '采集表.xlsx');
  await writeTemplate(xlsx, rows);
  const { batch } = await ok('import.file', { file: xlsx });
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(work, `${String(rows[i]!.idNumber)}.jpg`), await guangxiPortrait(i + Math.floor(Math.random() * 1e6)));
  await ok('photos.import', { batchId: batch.id, paths: fs.readdirSync(work).filter((f) => f.endsWith('.jpg')).map((f) => path.join(work, f)) });
  return ok('batches.get', { batchId: batch.id });
}

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi' });
  today = chinaToday(ts.clock.now());
  const shift = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
  const dir = await seedDirectory(ts.app);
  unit = await readyUser(ts, 'unit', { unitId: dir.unit.id });
  admin = await readyUser(ts, 'admin');
  reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
  const exam = await call(ts.url, 'POST', '/api/v1/admin/exams', {
    token: admin.token,
    body: {
      name: '2026年度广西行政执法人员资格考试', category: '综合法律知识考试', feeYuan: 200, sites: ['南宁市考点'],
      windows: { registration: { start: shift(-5), end: shift(20) }, review: null, payment: null, training: null, admitCard: null, exam: { start: shift(40), end: shift(45) } },
    },
  });
  expect(exam.status, exam.text).toBe(200);
  slipFile = path.join(root, '银行回单.pdf');
  fs.writeFileSync(slipFile, PDF_BYTES);

  db = openStore(data);
  backend = makeBackend(db, data, { today: () => today, runOutbox: true, runPull: false });
  await ok('sync.configure', { serverUrl: ts.url, proxy: 'none', timeoutSeconds: 10 });
  await ok('sync.login', { username: unit.username, password: unit.password });
}, 120_000);
afterAll(async () => {
  await backend?.close();
  await ts?.stop();
});

describe('交费 on the desktop', () => {
  let batch: BatchSummaryView;

  it('with fees off on the server there is nothing to fill in', async () => {
    await ok('sync.pull', undefined);
    expect(await ok('payments.settings', undefined)).toEqual({ enabled: false });
    batch = await importBatch(2);
    expect((await ok('payments.get', { batchId: batch.id })).state).toBe('off');
    expect((await refused('payments.save', { batchId: batch.id, fields: FIELDS, slipFile })).code).toBe('fees_off');
  });

  it('fees on: 人数 × 金额 from the batch exam; bad input refused in Chinese and nothing kept', async () => {
    const res = await call(ts.url, 'PUT', '/api/v1/admin/settings', { token: admin.token, body: { feesEnabled: true } });
    expect(res.status, res.text).toBe(200);
    await ok('sync.pull', undefined);
    expect(await ok('payments.settings', undefined)).toEqual({ enabled: true });
    expect(await ok('payments.get', { batchId: batch.id })).toMatchObject({ state: 'empty', persons: 2, feeYuan: 200, amountYuan: 400, info: null });

    const bad = async (input: unknown) => (await refused('payments.save', input)).message;
    expect(await bad({ batchId: batch.id, fields: { ...FIELDS, taxpayerId: '91350100M000100Y44' }, slipFile })).toMatch(/第 18 位校验码应为 3/);
    expect(await bad({ batchId: batch.id, fields: { ...FIELDS, pickupPhone: '1380013' }, slipFile })).toMatch(/11 位手机号/);
    expect(await bad({ batchId: batch.id, fields: { ...FIELDS, receiptTitle: '' }, slipFile })).toMatch(/请填写收据抬头/);
    expect(await bad({ batchId: batch.id, fields: FIELDS })).toMatch(/请上传汇款凭证/);
    const text = path.join(root, '回单.pdf');
    fs.writeFileSync(text, '这不是 PDF');
    expect(await bad({ batchId: batch.id, fields: FIELDS, slipFile: text })).toMatch(/汇款凭证只能是 JPG、PNG 图片或 PDF 文件/);
    expect(db.prepare('SELECT COUNT(*) FROM batch_payments').pluck().get()).toBe(0);
  });

  it('saved before the batch went out, it goes with the first push', async () => {
    const saved = await ok('payments.save', { batchId: batch.id, fields: { ...FIELDS, taxpayerId: '91350100m000100y43' }, slipFile });
    expect(saved).toMatchObject({ state: 'saved', info: { ...FIELDS, slip: { fileName: '银行回单.pdf', mime: 'application/pdf' } } });
    // Nothing queued for a draft batch: 提交 sends both.
    expect((await ok('sync.status', undefined)).queue).toEqual([]);
    await ok('sync.submit', { batchId: batch.id });
    await pushed();
    expect(await serverPayment(batch.id)).toEqual({ pickupName: '李明', taxpayerId: '91350100M000100Y43' });
    expect((await ok('payments.get', { batchId: batch.id })).state).toBe('sent');
  });

  it('a change after the batch went out goes at once with a push of its own (the slip kept)', async () => {
    const saved = await ok('payments.save', { batchId: batch.id, fields: { ...FIELDS, pickupName: '王芳' } });
    expect(saved.state).toBe('saved');
    await pushed();
    expect(await serverPayment(batch.id)).toMatchObject({ pickupName: '王芳' });
    expect((await ok('payments.get', { batchId: batch.id })).state).toBe('sent');
  });

  it('已交费 on the server: the pull brings 已开通网络培训 and the study accounts', async () => {
    const pending = (await call(ts.url, 'GET', `/api/v1/review/pending?batchId=${batch.id}`, { token: reviewer.token })).body as { persons: Array<{ personId: number; version: number }> };
    const decided = await call(ts.url, 'POST', '/api/v1/review/decisions', { token: reviewer.token, body: { items: pending.persons.map((p) => ({ personId: p.personId, version: p.version })), result: 'approved' } });
    expect(decided.status, decided.text).toBe(200);
    let pulled = await ok('sync.pull', undefined);
    expect(pulled).toMatchObject({ approved: 2, studyAccounts: 0 });
    expect((await ok('payments.get', { batchId: batch.id })).state).toBe('sent');

    const marked = await call(ts.url, 'POST', `/api/v1/review/batches/${batch.id}/payment`, { token: reviewer.token, body: { paid: true } });
    expect(marked.status, marked.text).toBe(200);
    pulled = await ok('sync.pull', undefined);
    expect(pulled.studyAccounts).toBe(2);
    expect(await ok('payments.get', { batchId: batch.id })).toMatchObject({ state: 'opened', training: { count: 2 } });
    expect((await ok('sync.status', undefined)).news).toMatchObject({ approved: 2, trainingOpened: 2 });
    // The same page again (a crash before the cursor was kept) adds nothing.
    db.prepare("UPDATE settings SET value = '0' WHERE key = 'sync.cursor'").run();
    await ok('sync.pull', undefined);
    expect((await ok('payments.get', { batchId: batch.id })).training).toMatchObject({ count: 2 });
  });
});
