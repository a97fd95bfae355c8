import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import type { DesktopBackend } from '../../src-main/services/desktop-backend.js';
import type { BatchExamChange, ExamTasksView } from '../../src-shared/contract/desktop-exam-tasks-api.js';
import type { BatchSummaryView, FindingRow } from '../../src-shared/contract/desktop-api.js';
import { examSummarySchema, type ExamSummary, type ReferenceResponse } from '../../src-shared/contract/sync-api.js';
import { saveReference } from '../../src-main/sync/reference-store.js';
import { applyReference } from '../../src-main/sync/reference-update.js';
import { applyBatchAnswer } from '../../src-main/sync/apply-answer.js';
import { applyDecision } from '../../src-main/store/person-sync-repo.js';
import { markDone, openJobFor } from '../../src-main/store/outbox-repo.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';
import { makeBackend, TEST_ACTOR } from '../helpers/desktop-handlers.js';
import { ok, refused } from '../helpers/handler-answers.js';
import { prepareDesktopBatch, type DesktopBatch } from '../helpers/desktop-batch.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { tempDir } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';
import { getBatch, listBatches } from '../../src-main/store/batches-repo.js';

/**
 * A batch's exam after the fact on the desktop (issue 19), over a real SQLite store and the handlers as
 * the window calls them: 选择考试 / 更改考试 allowed and refused, the 考试类别 check the server makes
 * said here first, the push refused offline without an exam, and the warnings' lead as a setting.
 */
const TODAY = '2026-09-01';
const root = tempDir('zfbm-batch-exam-');
const data = path.join(root, 'desk');
let db: Db;
let backend: DesktopBackend;
let a: DesktopBatch;

function exam(id: number, name: string, category: string, registration: { start: string; end: string }): ExamSummary {
  return examSummarySchema.parse({
    id, name, category,
    windows: { registration, review: null, payment: null, training: null, admitCard: null, exam: { start: '2026-10-25', end: '2026-11-05' } },
    feeYuan: 200, sites: [],
    state: { code: 'registration', label: '报名中', activeStages: ['registration'], stage: 'registration', closes: null, opens: null },
  });
}
const ZONGHE = exam(11, '2026年度广西行政执法人员资格考试', '综合法律知识考试', { start: '2026-08-15', end: '2026-09-18' });
const XIANGZHEN = exam(12, '2026年度广西乡镇执法人员资格考试', '乡镇执法考试', { start: '2026-08-20', end: '2026-10-10' });
const OLD = exam(13, '2025年度广西行政执法人员资格考试', '综合法律知识考试', { start: '2025-08-11', end: '2025-09-12' });
const reference = (exams: ExamSummary[]): ReferenceResponse => ({
  rulesVersion: 'test', codeTables: loadCodeTables(), photoSpec: getPhotoSpec('guangxi'), reviewStages: 1, serverTime: new Date().toISOString(), exams,
});

const call = <T>(method: string, input: unknown) => ok<T>(backend.handlers.handle(method, input));
const refusal = (method: string, input: unknown, code: string) => refused(backend.handlers.handle(method, input), code);
const batchOf = (id: string) => call<BatchSummaryView>('batches.get', { batchId: id });
const findings = async (id: string) => (await call<{ rows: FindingRow[] }>('findings.list', { batchId: id, limit: 200 })).rows;
const mismatches = async (id: string) => (await findings(id)).flatMap((r) => r.issues.filter((i) => i.code === 'exam.category_mismatch').map((i) => `${r.name}: ${i.message}`));

beforeAll(async () => {
  // Made before any exam was known: no exam, ready to go otherwise (photos that pass).
  a = await prepareDesktopBatch(data, 2);
  db = openStore(data);
  saveReference(db, reference([XIANGZHEN, ZONGHE, OLD]), new Date());
  backend = makeBackend(db, data, { today: () => TODAY });
}, 60_000);
afterAll(async () => {
  await backend?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a batch exam after the fact', () => {
  it('the push refuses, offline, a batch without an exam where exams are known, saying to choose it', async () => {
    expect(await batchOf(a.batchId)).toMatchObject({ examId: null, status: 'draft' });
    const message = await refusal('sync.submit', { batchId: a.batchId }, 'not_ready');
    expect(message).toBe(`批次 ${a.number} 还没有选择考试，不能提交。请在“人员导入”的批次表中点这个批次的“选择考试”，选好后再提交。`);
    expect(openJobFor(db, a.batchId)).toBeUndefined();
    expect((await batchOf(a.batchId)).status).toBe('draft');
  });

  it('refuses bad choices with the reason and changes nothing', async () => {
    expect(await refusal('batches.setExam', { batchId: a.batchId, examId: 'x' }, 'invalid_input')).toMatch(/请选择考试/);
    expect(await refusal('batches.setExam', { batchId: a.batchId }, 'invalid_input')).toMatch(/请选择考试/);
    expect(await refusal('batches.setExam', { batchId: a.batchId, examId: 999 }, 'invalid_input')).toMatch(/不在服务器发来的考试列表中.*点“同步”/);
    expect(await refusal('batches.setExam', { batchId: a.batchId, examId: OLD.id }, 'invalid_input')).toBe(
      '2025年度广西行政执法人员资格考试的网络报名已于 2025年9月12日 截止，不能再报这个考试。请选择正在报名或即将报名的考试。',
    );
    expect(await refusal('batches.setExam', { batchId: 'no-such-batch', examId: ZONGHE.id }, 'not_found')).toMatch(/找不到/);
    expect(await batchOf(a.batchId)).toMatchObject({ examId: null, examName: '' });
    expect(await mismatches(a.batchId)).toEqual([]);
  });

  it('a draft batch takes an exam; people of another 考试类别 get the server finding in the lists, and lose it when the exam fits', async () => {
    const wrong = await call<BatchExamChange>('batches.setExam', { batchId: a.batchId, examId: XIANGZHEN.id });
    expect(wrong).toEqual({ batchId: a.batchId, batchNumber: a.number, examId: XIANGZHEN.id, examName: XIANGZHEN.name, rechecked: 2, mismatched: 2 });
    expect(await batchOf(a.batchId)).toMatchObject({ examId: XIANGZHEN.id, examName: XIANGZHEN.name, invalid: 2 });
    expect(await mismatches(a.batchId)).toEqual(
      a.names.map((n) => `${n}: ${n}的考试类别是“综合法律知识考试”，而本批次报名的2026年度广西乡镇执法人员资格考试是“乡镇执法考试”。请把考试类别改为“乡镇执法考试”，或把此人放进报综合法律知识考试的批次。`),
    );
    expect(await refusal('sync.submit', { batchId: a.batchId }, 'not_ready')).toMatch(/2 人的信息还有错误/);

    const right = await call<BatchExamChange>('batches.setExam', { batchId: a.batchId, examId: ZONGHE.id });
    expect(right).toMatchObject({ examId: ZONGHE.id, rechecked: 2, mismatched: 0 });
    expect(await mismatches(a.batchId)).toEqual([]);
    expect(await batchOf(a.batchId)).toMatchObject({ examId: ZONGHE.id, examName: ZONGHE.name, invalid: 0 });
    const audit = db.prepare("SELECT detail FROM audit_log WHERE action = 'batch.exam' ORDER BY id").pluck().all();
    expect(audit).toEqual([`批次 ${a.number}选择考试：${XIANGZHEN.name}`, `批次 ${a.number}的考试由“${XIANGZHEN.name}”改为“${ZONGHE.name}”`]);
  });

  it('the form says it too: editing a person to another 考试类别, and the live check', async () => {
    const personId = a.personIds[0]!;
    const issues = await call<Array<{ code: string }>>('persons.check', { batchId: a.batchId, personId, fields: { examCategory: '专业法律知识考试' } });
    expect(issues.map((i) => i.code)).toContain('exam.category_mismatch');
    await call('persons.update', { personId, fields: { examCategory: '专业' } });
    expect(await mismatches(a.batchId)).toEqual([expect.stringMatching(/考试类别是“专业法律知识考试”/)]);
    await call('persons.update', { personId, fields: { examCategory: '综合法律知识考试' } });
    expect(await mismatches(a.batchId)).toEqual([]);
  });

  it('a queued batch is refused until withdrawn; a server-refused (failed) push may take the choice', async () => {
    const { jobId } = await call<{ jobId: number }>('sync.submit', { batchId: a.batchId });
    expect(await refusal('batches.setExam', { batchId: a.batchId, examId: XIANGZHEN.id }, 'not_editable')).toBe(
      `批次 ${a.number}已加入待提交队列，不能更改考试。要更改，请先在“人员提交”中撤回这个批次，再选择考试。`,
    );
    expect((await batchOf(a.batchId)).examId).toBe(ZONGHE.id);
    await call('sync.withdraw', { jobId });
    expect(await call<BatchExamChange>('batches.setExam', { batchId: a.batchId, examId: ZONGHE.id })).toMatchObject({ examId: ZONGHE.id });
    // The server refused the push (e.g. exam.choice_required): the job failed, nothing of it is there.
    const again = await call<{ jobId: number }>('sync.submit', { batchId: a.batchId });
    db.prepare("UPDATE outbox SET state = 'failed', error_message = '请在批次上选择考试后再提交' WHERE id = ?").run(again.jobId);
    expect(await call<BatchExamChange>('batches.setExam', { batchId: a.batchId, examId: ZONGHE.id })).toMatchObject({ examId: ZONGHE.id });
    await call('sync.withdraw', { jobId: again.jobId });
  });

  it('a batch the server holds: refused with an exam or while under review; a returned batch without one may choose', async () => {
    const b = await importWithoutExam();
    const answer = (status: 'submitted') => ({ batchId: b.id, result: 'created' as const, resubmitted: [], receivedAt: new Date().toISOString(), persons: b.personIds.map((id) => ({ key: String(id), version: 1, status, pendingAt: null, issues: [] })) });
    // Accepted by the server before exam tasks existed: no exam, everyone under review.
    db.prepare('UPDATE batches SET exam_id = NULL, exam_name = \'\' WHERE id = ?').run(b.id);
    applyBatchAnswer(db, b.id, answer('submitted'), TEST_ACTOR);
    expect(await refusal('batches.setExam', { batchId: b.id, examId: ZONGHE.id }, 'not_editable')).toBe(
      `批次 ${b.number}已经提交，正在审核或已审核通过，不能再选择考试。只有有人员被退回、要重新提交的批次才能补选考试。`,
    );
    // Its pushes of returned people go without an exam, as the server allows (no refusal for it).
    applyDecision(db, b.personIds[0]!, { status: 'rejected', level: 'county', comment: '照片不清晰', reviewer: '审核员', decidedAt: new Date().toISOString(), pendingAt: '', version: 1 }, new Date());
    const chosen = await call<BatchExamChange>('batches.setExam', { batchId: b.id, examId: ZONGHE.id });
    expect(chosen).toMatchObject({ examId: ZONGHE.id, rechecked: 1, mismatched: 0 });
    expect(await refusal('batches.setExam', { batchId: b.id, examId: XIANGZHEN.id }, 'not_editable')).toBe(
      `批次 ${b.number}已经提交，服务器已按“${ZONGHE.name}”收下，所报的考试不能再改。要报另一个考试，请新建批次。`,
    );
    expect((await batchOf(b.id)).examId).toBe(ZONGHE.id);
  });

  it('an import for an exam marks the rows of another 考试类别; a new 考试类别 of the exam from the server checks them again', async () => {
    const work = fs.mkdtempSync(path.join(root, 'imp-'));
    const xlsx = path.join(work, '采集表.xlsx');
    await writeTemplate(xlsx, [validRow({ name: '赵综合' }), validRow({ name: '钱乡镇', examCategory: '乡镇执法' })]);
    const { batch } = await call<{ batch: BatchSummaryView }>('import.file', { file: xlsx, kind: 'new', examId: XIANGZHEN.id });
    expect(batch).toMatchObject({ examId: XIANGZHEN.id });
    expect(await mismatches(batch.id)).toEqual([expect.stringMatching(/^赵综合: 赵综合的考试类别是“综合法律知识考试”/)]);
    // The administrator corrects the exam's 考试类别: the clerk's rows follow on the next pull.
    const change = await applyReference(db, reference([{ ...XIANGZHEN, category: '综合法律知识考试' }, ZONGHE, OLD]), TEST_ACTOR, { blobBytes: () => Buffer.alloc(0), today: TODAY });
    expect(change.changed).toBe(false);
    expect(await mismatches(batch.id)).toEqual([expect.stringMatching(/^钱乡镇: 钱乡镇的考试类别是“乡镇执法考试”/)]);
  });
});

describe('the warnings lead as a setting', () => {
  it('is 3 days until set; bad values are refused in Chinese and change nothing', async () => {
    const view = await call<ExamTasksView>('examTasks.list', undefined);
    expect(view.warningDays).toBe(3);
    // 报名 of ZONGHE closes in 17 days: no warning at 3.
    expect(view.warnings).toEqual([]);
    for (const [days, message] of [[31, /最多 30 天/], [-1, /不能小于 0/], [2.5, /请填整数/], ['7', /0 到 30/]] as const) {
      expect(await refusal('examTasks.setWarningDays', { days }, 'invalid_input')).toMatch(message);
    }
    expect((await call<ExamTasksView>('examTasks.list', undefined)).warningDays).toBe(3);
  });

  it('a longer lead warns earlier; 0 turns the warnings off; the choice stays after a restart', async () => {
    const at20 = await call<ExamTasksView>('examTasks.setWarningDays', { days: 20 });
    expect(at20.warningDays).toBe(20);
    expect(at20.warnings.map((w) => [w.examName, w.daysLeft])).toEqual([[ZONGHE.name, 17]]);
    const off = await call<ExamTasksView>('examTasks.setWarningDays', { days: 0 });
    expect(off).toMatchObject({ warningDays: 0, warnings: [] });
    await call('examTasks.setWarningDays', { days: 30 });
    await backend.close();
    db = openStore(data);
    backend = makeBackend(db, data, { today: () => TODAY });
    const after = await call<ExamTasksView>('examTasks.list', undefined);
    expect(after.warningDays).toBe(30);
    // 乡镇执法's 报名 closes in 39 days: beyond even the longest lead.
    expect(after.warnings.map((w) => w.examName)).toEqual([ZONGHE.name]);
  });
});

describe('the CLI import names the exam like the window', () => {
  it('with two exams in 报名 it asks for --exam, refuses a bad one, and ties the batch to the one given', async () => {
    const dir = path.join(root, 'cli');
    const seeded = openStore(dir);
    saveReference(seeded, reference([XIANGZHEN, ZONGHE, OLD]), new Date());
    seeded.close();
    const work = fs.mkdtempSync(path.join(root, 'cli-'));
    const xlsx = path.join(work, '采集表.xlsx');
    await writeTemplate(xlsx, [validRow({ name: '周命令' })]);
    const env = { HARNESS_TODAY: TODAY };
    const asked = await runCli(['import', '--data', dir, xlsx], env);
    expect(asked.code).not.toBe(0);
    expect(asked.stderr).toContain('现在有 2 个考试正在网络报名');
    const bad = await runCli(['import', '--data', dir, xlsx, '--exam', 'abc'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--exam 应为考试编号');
    const closed = await runCli(['import', '--data', dir, xlsx, '--exam', String(OLD.id)], env);
    expect(closed.stderr).toMatch(/现在不在网络报名时间内/);
    const done = await runCli(['import', '--data', dir, xlsx, '--exam', String(ZONGHE.id)], env);
    expect(done.code, done.stderr).toBe(0);
    const check = openStore(dir);
    try {
      const [only] = listBatches(check);
      expect(listBatches(check)).toHaveLength(1);
      expect(getBatch(check, only!.id)).toMatchObject({ examId: ZONGHE.id, examName: ZONGHE.name });
    } finally {
      check.close();
    }
  }, 60_000);
});

/** A batch imported with ZONGHE (1 person, no photo needed: the server's answer is simulated). */
async function importWithoutExam(): Promise<{ id: string; number: string; personIds: number[] }> {
  const work = fs.mkdtempSync(path.join(root, 'b-'));
  const xlsx = path.join(work, '采集表.xlsx');
  await writeTemplate(xlsx, [validRow({ name: '孙退回' })]);
  const { batch } = await call<{ batch: BatchSummaryView }>('import.file', { file: xlsx, kind: 'new', examId: ZONGHE.id });
  const persons = await call<{ rows: Array<{ id: number }> }>('persons.query', { batchId: batch.id });
  const job = openJobFor(db, batch.id);
  if (job) markDone(db, job.id, new Date());
  return { id: batch.id, number: batch.number, personIds: persons.rows.map((r) => r.id) };
}
