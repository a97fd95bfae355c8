import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import type { DesktopBackend } from '../../src-main/services/desktop-backend.js';
import type { BatchSummaryView } from '../../src-shared/contract/desktop-api.js';
import { value } from '../../src-server/db/sql.js';
import { chinaToday } from '../../src-shared/china-time.js';
import { storedReference } from '../../src-main/sync/reference-store.js';
import { call, readyUser, seedDirectory, startTestServer, type TestServer } from '../server/server-helpers.js';
import { guangxiPortrait } from '../helpers/desktop-batch.js';
import { backendCalls, makeBackend, until } from '../helpers/desktop-handlers.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Exam tasks on the desktop (issue 19) against the real sync server on 127.0.0.1 and a real desktop
 * store: the exams arrive with the reference pull and stay for offline use; 考试信息's states, the
 * exams open for 报名 and the deadline warning by the desktop's own date; a new batch's exam chosen
 * (several open) or refused without a choice; the push carries examId; the server's refusal after
 * 报名 closed reaches 人员提交 in the server's words and is not retried.
 */
const DAY = 86_400_000;
const root = tempDir('zfbm-exam-desk-');
const data = path.join(root, 'desk');
let ts: TestServer;
let db: Db;
let backend: DesktopBackend;
let today = '';
const ids: { soon: number; later: number } = { soon: 0, later: 0 };
let unit: { username: string; password: string };

const shift = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const monthDay = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

const { ok, refused } = backendCalls(() => backend);


function exam(name: string, regStart: string, regEnd: string) {
  return {
    name,
    category: '综合法律知识考试',
    windows: { registration: { start: regStart, end: regEnd }, review: null, payment: null, training: null, admitCard: null, exam: { start: shift(regEnd, 30), end: shift(regEnd, 35) } },
    feeYuan: 200,
    sites: ['南宁市考点'],
  };
}

/** An imported batch of `n` valid people with photos that pass, made through the window's calls. */
async function importBatch(n: number, examId?: number): Promise<BatchSummaryView> {
  const work = fs.mkdtempSync(path.join(root, 'work-'));
  const rows = Array.from({ length: n }, () => validRow());
  const xlsx = path.join(work, '采集表.xlsx');
  await writeTemplate(xlsx, rows);
  const { batch } = await ok('import.file', { file: xlsx, ...(examId !== undefined ? { examId } : {}) });
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(work, `${String(rows[i]!.idNumber)}.jpg`), await guangxiPortrait(i + Math.floor(Math.random() * 1e6)));
  const photos = await ok('photos.import', { batchId: batch.id, paths: fs.readdirSync(work).filter((f) => f.endsWith('.jpg')).map((f) => path.join(work, f)) });
  expect(photos.attached).toBe(n);
  return ok('batches.get', { batchId: batch.id });
}

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi' });
  // The desktop's date is the server's China date: the windows are set around it.
  today = chinaToday(ts.clock.now());
  const dir = await seedDirectory(ts.app);
  unit = await readyUser(ts, 'unit', { unitId: dir.unit.id });
  const admin = await readyUser(ts, 'admin');
  const add = async (body: unknown) => {
    const r = await call(ts.url, 'POST', '/api/v1/admin/exams', { token: admin.token, body });
    expect(r.status, r.text).toBe(200);
    return (r.body as { id: number }).id;
  };
  ids.soon = await add(exam('2026年度广西行政执法人员资格考试', shift(today, -20), shift(today, 2)));
  ids.later = await add(exam('2026年度广西行政执法人员资格考试（补考）', shift(today, -3), shift(today, 40)));
  await add(exam('2025年度广西行政执法人员资格考试', '2025-08-11', '2025-09-12'));

  db = openStore(data);
  backend = makeBackend(db, data, { today: () => today, runOutbox: true, runPull: false });
  await ok('sync.configure', { serverUrl: ts.url, proxy: 'none', timeoutSeconds: 10 });
  await ok('sync.login', { username: unit.username, password: unit.password });
}, 120_000);
afterAll(async () => {
  await backend?.close();
  await ts?.stop();
});

describe('exam tasks on the desktop', () => {
  it('before any pull nothing is known and nothing is asked: a batch is made without an exam', async () => {
    const view = await ok('examTasks.list', undefined);
    expect(view).toMatchObject({ exams: [], openForRegistration: [], warnings: [], receivedAt: '' });
    const person = await ok('persons.add', { fields: { name: '张三' } });
    expect(await ok('batches.get', { batchId: person.batchId })).toMatchObject({ examId: null, examName: '' });
    await ok('batches.delete', { batchId: person.batchId });
  });

  it('the pull stores the exams; 考试信息 computes their states from the store by the desktop date', async () => {
    await ok('sync.pull', undefined);
    expect(storedReference(db)?.reference.exams?.map((e) => e.id).sort()).toEqual([ids.soon, ids.later, expect.any(Number)].sort());
    const view = await ok('examTasks.list', undefined);
    expect(view.today).toBe(today);
    const byName = Object.fromEntries(view.exams.map((e) => [e.name, e]));
    expect(byName['2026年度广西行政执法人员资格考试']).toMatchObject({
      state: { label: '报名中', closes: { daysLeft: 2 } },
      start: shift(today, -20),
      end: shift(today, 37),
    });
    expect(byName['2025年度广西行政执法人员资格考试']!.state.label).toBe('已结束');
    expect(view.openForRegistration.map((e) => e.id).sort()).toEqual([ids.soon, ids.later].sort());
    // No batch of the closing exam yet: nothing to warn about.
    expect(view.warnings).toEqual([]);
  });

  it('a new batch with two exams open must choose; the chosen exam is kept and named in the batch list', async () => {
    const e = await refused('persons.add', { fields: { name: '张三' } });
    expect(e.code).toBe('exam.choice_required');
    expect(e.message).toContain('现在有 2 个考试正在网络报名');
    expect(db.prepare('SELECT COUNT(*) FROM batches').pluck().get()).toBe(0);
    const closed = await refused('persons.add', { fields: { name: '张三' }, examId: 999_999 });
    expect(closed.message).toMatch(/请点“同步”后重新选择考试/);

    const batch = await importBatch(2, ids.soon);
    expect(batch).toMatchObject({ examId: ids.soon, examName: '2026年度广西行政执法人员资格考试' });
    expect((await ok('batches.list', undefined)).map((b) => b.examName)).toEqual(['2026年度广西行政执法人员资格考试']);
  });

  it('warns N days before 报名 closes for the exam that has unsubmitted batches', async () => {
    const view = await ok('examTasks.list', undefined);
    expect(view.warnings).toEqual([
      {
        examId: ids.soon,
        examName: '2026年度广西行政执法人员资格考试',
        end: shift(today, 2),
        daysLeft: 2,
        batches: 1,
        text: `2026年度广西行政执法人员资格考试的网络报名将于 ${monthDay(shift(today, 2))} 截止（还有 2 天），请尽快提交。`,
      },
    ]);
  });

  it('the push sends examId: the server ties the batch to the exam chosen, not the one it would assume', async () => {
    const batch = await importBatch(2, ids.later);
    await ok('sync.submit', { batchId: batch.id });
    await until('the push is done', async () => (await ok('sync.status', undefined)).queue.length === 0);
    expect(await value(ts.app.db, z.number().nullable(), 'SELECT exam_id FROM batches WHERE id = ?', [batch.id])).toBe(ids.later);
    expect((await ok('batches.get', { batchId: batch.id })).status).toBe('submitted');
  });

  it('after 报名 closed on the server, the refusal reaches 人员提交 in its words and is not retried', async () => {
    const batch = (await ok('batches.list', undefined)).find((b) => b.examId === ids.soon)!;
    ts.clock.advance(3 * DAY);
    // Three days later the sign-in has lapsed too: the clerk signs in again.
    await ok('sync.login', { username: unit.username, password: unit.password });
    await ok('sync.submit', { batchId: batch.id });
    await until('the push has failed', async () => (await ok('sync.status', undefined)).queue.some((j) => j.state === 'failed'));
    const job = (await ok('sync.status', undefined)).queue.find((j) => j.batchId === batch.id)!;
    expect(job.state).toBe('failed');
    expect(job.errorMessage).toBe(`2026年度广西行政执法人员资格考试的网络报名已于 ${shift(today, 2).replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')} 截止，不能再提交。如需补报，请联系司法局延长报名时间。`);
    // Not tried again on its own: a failed job waits for the clerk.
    const attempts = db.prepare('SELECT attempts FROM outbox WHERE id = ?').pluck().get(job.id);
    backend.runner.kick();
    await new Promise((r) => setTimeout(r, 1500));
    expect(db.prepare('SELECT attempts FROM outbox WHERE id = ?').pluck().get(job.id)).toBe(attempts);
    expect(db.prepare('SELECT state FROM outbox WHERE id = ?').pluck().get(job.id)).toBe('failed');
    expect(await value(ts.app.db, z.number(), 'SELECT COUNT(*) FROM batches WHERE id = ?', [batch.id])).toBe(0);
  });
});
