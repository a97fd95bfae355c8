import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildServer } from '../../src-server/app.js';
import { defaultConfig } from '../../src-server/config.js';
import { addUser } from '../../src-server/accounts/accounts.js';
import { loggerOptions } from '../../src-server/logging.js';
import { CONSOLE_DIR } from './built-pages.js';
import { publishUntilKilled } from './seed/seed-process.js';
import { serverCaller, signInUnit } from './seed/server-seed.js';

/**
 * For console-exams.spec.ts: the real sync server serving the built console, with a clock that starts
 * at 2026-09-10 10:00 in China (and runs on from there), so that the Guangxi windows the spec types are
 * 报名中 whatever day the test runs. An administrator whose first password change is done, and last
 * year's exam already there (ended), so the list has more than the new row. Prints one JSON line and
 * runs until killed; everything is removed on exit.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-exams-'));
const startedAt = Date.now();
const base = Date.parse('2026-09-10T02:00:00Z');
const now = () => new Date(base + (Date.now() - startedAt));
const config = defaultConfig(path.join(root, 'server'), { port: 0, host: '127.0.0.1', logLevel: 'silent', reviewStages: 2, photoSpec: 'guangxi' });
const app = await buildServer(config, { now, consoleDir: CONSOLE_DIR, logger: { ...loggerOptions({ logLevel: 'warn' }), stream: process.stderr } });
const url = await app.listen({ port: 0, host: '127.0.0.1' });
const call = serverCaller(url);

const seeder = { userId: null, name: 'e2e', now };
const initial = (await addUser(app.db, { username: 'sfj_admin', role: 'admin', unitId: null, jurisdictionId: null }, seeder)).initialPassword;
const admin = { username: 'sfj_admin', password: 'Guangxi2026sfj' };
const token = await signInUnit(call, { username: admin.username, password: initial }, admin.password);

await call('POST', '/api/v1/admin/exams', token, {
  name: '2025年度广西行政执法人员资格考试',
  category: '综合法律知识考试',
  windows: {
    registration: { start: '2025-08-11', end: '2025-09-12' },
    review: { start: '2025-08-11', end: '2025-09-12' },
    payment: { start: '2025-08-11', end: '2025-09-12' },
    training: { start: '2025-09-13', end: '2025-10-13' },
    admitCard: { start: '2025-09-25', end: '2025-10-13' },
    exam: { start: '2025-10-18', end: '2025-10-30' },
  },
  feeYuan: 200,
  sites: ['南宁市考点', '柳州市考点', '桂林市考点'],
});

publishUntilKilled({ url, admin }, [() => app.close(), () => fs.rmSync(root, { recursive: true, force: true })]);
