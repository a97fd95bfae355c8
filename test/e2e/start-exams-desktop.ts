import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDesktopBackend } from '../../src-main/services/desktop-backend.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { handlerCaller, serveDesktop } from './seed/desktop-seed.js';
import { seedLog } from './seed/seed-process.js';
import { serverCaller, signInDesktop, signInUnit, startSeedServer } from './seed/server-seed.js';

/**
 * For exams-desktop.spec.ts (issue 19): the real sync server whose administrator has defined four
 * exams — the Guangxi notice's 2026 exam (网络报名 8月15日–9月18日), a second 2026 exam whose 报名 runs
 * to 10月10日, last year's (ended) and next year's (not started) — and a desktop whose clock stands at
 * 2026-09-16 10:00 China time (and runs on from there), so 报名 closes in 2 days whatever day the test
 * runs. The clerk has signed in and pulled (the exams are in the store) and has imported one batch for
 * the Guangxi exam, not submitted: 首页 and 人员导入 warn. Before that pull it imported a batch that
 * therefore has no exam (选择考试). A second filled-in list waits in `work` for the spec to import
 * through the window. Prints one JSON line and runs until killed.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-exams-desk-'));
const server = await startSeedServer(root, { reviewStages: 1, photoSpec: 'guangxi' });
const http = serverCaller(server.url);
const adminToken = await signInUnit(http, await server.account('gx_admin', 'admin'), 'Guangxi2026sfj');

const w = (start: string, end: string) => ({ start, end });
const exams = [
  {
    name: '2026年度广西行政执法人员资格考试',
    windows: { registration: w('2026-08-15', '2026-09-18'), review: w('2026-08-15', '2026-09-18'), payment: w('2026-08-15', '2026-09-18'), training: w('2026-09-19', '2026-10-19'), admitCard: w('2026-09-29', '2026-10-19'), exam: w('2026-10-25', '2026-11-05') },
  },
  {
    name: '2026年度广西行政执法人员资格考试（第二批）',
    windows: { registration: w('2026-09-01', '2026-10-10'), review: w('2026-09-01', '2026-10-10'), payment: null, training: null, admitCard: null, exam: w('2026-11-20', '2026-11-22') },
  },
  {
    name: '2025年度广西行政执法人员资格考试',
    windows: { registration: w('2025-08-11', '2025-09-12'), review: null, payment: null, training: w('2025-09-13', '2025-10-13'), admitCard: null, exam: w('2025-10-18', '2025-10-30') },
  },
  {
    name: '2027年度广西行政执法人员资格考试',
    windows: { registration: w('2027-08-16', '2027-09-17'), review: null, payment: null, training: null, admitCard: null, exam: w('2027-10-23', '2027-11-04') },
  },
];
const ids: number[] = [];
for (const e of exams) {
  const made = (await http('POST', '/api/v1/admin/exams', adminToken, { ...e, category: '综合法律知识考试', feeYuan: 200, sites: ['南宁市考点', '柳州市考点', '桂林市考点'] })) as { id: number };
  ids.push(made.id);
}

// The desktop's clock: 2026-09-16 10:00 in China, running on.
const startedAt = Date.now();
const base = Date.parse('2026-09-16T02:00:00Z');
const backend = openDesktopBackend({
  dataDir: path.join(root, 'desk'),
  tokens: new MemoryTokenStore(),
  actor: { name: 'e2e', now: () => new Date(base + (Date.now() - startedAt)) },
  runOutbox: false,
  runPull: false,
  log: seedLog,
});
const call = handlerCaller(backend.handlers);
const clerk = await signInDesktop(call, server.url, await server.account('qingxiu_scj', 'unit', { unitId: server.unit.id }), 'Qingxiu2026ok');
const work = path.join(root, 'work');
fs.mkdirSync(work);
// Imported before the first pull, when no exam was known here: a batch without an exam, one of whose
// people is down for 专业法律知识考试 (every exam here is 综合法律知识考试), for 选择考试 in 人员导入.
const old = path.join(work, '旧批次名单.xlsx');
await writeTemplate(old, [validRow({ name: '莫旧批' }), validRow({ name: '卢专业', examCategory: '专业法律知识考试' })]);
await call('import.file', { file: old });
await call('sync.pull', {});

const first = path.join(work, '第一批名单.xlsx');
await writeTemplate(first, [validRow({ name: '韦小宁' }), validRow({ name: '黄海燕' })]);
await call('import.file', { file: first, examId: ids[0] });
const second = path.join(work, '第二批名单.xlsx');
await writeTemplate(second, [validRow({ name: '覃志强' }), validRow({ name: '蓝天' }), validRow({ name: '黄河' })]);

await serveDesktop(backend.handlers, root, { serverUrl: server.url, clerk, second, examIds: ids }, [() => backend.close(), () => server.app.close()]);
