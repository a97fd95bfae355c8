import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { openDesktopBackend } from '../../src-main/services/desktop-backend.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { chinaToday } from '../../src-shared/china-time.js';
import { guangxiPortrait } from '../helpers/desktop-batch.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { CONSOLE_DIR } from './built-pages.js';
import { handlerCaller, serveDesktop } from './seed/desktop-seed.js';
import { seedLog } from './seed/seed-process.js';
import { serverCaller, signInDesktop, signInUnit, startSeedServer } from './seed/server-seed.js';

/**
 * For fees.spec.ts (issue 19 item 2): the real sync server (one review level, the Guangxi photo spec,
 * serving the console) whose administrator turned 交费 on and defined the Guangxi exam (200 元/人, 报名
 * open today); a desktop (background pusher running) whose clerk has signed in, pulled, imported a batch
 * of two for that exam with photos and submitted it; the county reviewer (the only, so final, level) has
 * approved both — they now wait for 已交费. The reviewer's first password change is done (console sign-in).
 * A remittance slip (a PNG) waits in `work`. Prints one JSON line and runs until killed.
 */
const DAY = 86_400_000;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-fees-'));
const server = await startSeedServer(root, { reviewStages: 1, photoSpec: 'guangxi', consoleDir: CONSOLE_DIR });
const http = serverCaller(server.url);
const admin = { username: 'gx_admin', password: 'Guangxi2026sfj' };
const adminToken = await signInUnit(http, await server.account(admin.username, 'admin'), admin.password);
await http('PUT', '/api/v1/admin/settings', adminToken, { feesEnabled: true });
const today = chinaToday(new Date());
const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
await http('POST', '/api/v1/admin/exams', adminToken, {
  name: '2026年度广西行政执法人员资格考试',
  category: '综合法律知识考试',
  windows: {
    registration: { start: day(-10), end: day(20) }, review: { start: day(-10), end: day(20) }, payment: { start: day(-10), end: day(20) },
    training: { start: day(21), end: day(40) }, admitCard: null, exam: { start: day(45), end: day(50) },
  },
  feeYuan: 200,
  sites: ['南宁市考点'],
});
const reviewerAccount = await server.account('qingxiu_sfj', 'reviewer', { jurisdictionId: server.county.id });
const reviewer = { username: reviewerAccount.username, password: 'Qingxiu2026sfj' };
const reviewerToken = await signInUnit(http, reviewerAccount, reviewer.password);

const backend = openDesktopBackend({ dataDir: path.join(root, 'desk'), tokens: new MemoryTokenStore(), runPull: false, log: seedLog });
const call = handlerCaller(backend.handlers);
await signInDesktop(call, server.url, await server.account('qingxiu_scj', 'unit', { unitId: server.unit.id }), 'Qingxiu2026ok');
await call('sync.pull', {});

const work = path.join(root, 'work');
fs.mkdirSync(work);
const rows = [validRow({ name: '韦小宁' }), validRow({ name: '黄海燕' })];
const list = path.join(work, '青秀区市场监督管理局-名单.xlsx');
await writeTemplate(list, rows);
const { batch } = await call<{ batch: { id: string; number: string } }>('import.file', { file: list });
const photos = rows.map((r) => path.join(work, `${String(r.idNumber)}.jpg`));
for (const [i, p] of photos.entries()) fs.writeFileSync(p, await guangxiPortrait(i + 7));
await call('photos.import', { batchId: batch.id, paths: photos });
await call('sync.submit', { batchId: batch.id });
for (let i = 0; ; i++) {
  const status = await call<{ queue: unknown[] }>('sync.status', {});
  if (status.queue.length === 0) break;
  if (i > 600) throw new Error('the seed batch was not pushed in 30 s');
  await new Promise((r) => setTimeout(r, 50));
}
const pending = (await http('GET', `/api/v1/review/pending?batchId=${batch.id}`, reviewerToken)) as { persons: Array<{ personId: number; version: number }> };
await http('POST', '/api/v1/review/decisions', reviewerToken, { items: pending.persons.map((p) => ({ personId: p.personId, version: p.version })), result: 'approved' });

// A bank's electronic receipt as a phone photo would have it: a plain PNG.
const slip = path.join(work, '工商银行电子回单.png');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"><rect width="100%" height="100%" fill="#fdfdf6"/><rect x="16" y="16" width="608" height="328" fill="none" stroke="#c0392b" stroke-width="3"/><text x="40" y="80" font-size="28" fill="#c0392b">ICBC e-receipt</text><text x="40" y="150" font-size="22">Ref GX20260820-0001</text><text x="40" y="200" font-size="22">CNY 400.00</text></svg>`;
fs.writeFileSync(slip, await sharp(Buffer.from(svg)).png().toBuffer());

await serveDesktop(backend.handlers, root, { serverUrl: server.url, reviewer, admin, batchNumber: batch.number, slip }, [() => backend.close(), () => server.app.close()]);
