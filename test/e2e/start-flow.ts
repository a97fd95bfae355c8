import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDesktopBackend } from '../../src-main/services/desktop-backend.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { CONSOLE_DIR } from './built-pages.js';
import { serveDesktop } from './seed/desktop-seed.js';
import { seedLog } from './seed/seed-process.js';
import { serverCaller, signInUnit, startSeedServer } from './seed/server-seed.js';
import { chinaToday } from '../../src-shared/china-time.js';
import { openExam } from './seed/open-exam.js';

/**
 * For the whole-flow Playwright test: the real sync server (one review stage, the Guangxi photo
 * spec) with a city, a county, a unit, the unit's account (initial password) and a county reviewer;
 * its administrator has turned 交费 on and defined the year's exam (综合法律知识考试, 200 元/人, 网络报名
 * open from ten days ago to twenty days ahead, so every run is inside it);
 * an empty desktop data folder with the app's backend (background pusher running) behind the web
 * bridge. Prints one JSON line and runs until killed; everything is removed on exit.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-flow-'));
const server = await startSeedServer(root, { reviewStages: 1, photoSpec: 'guangxi', consoleDir: CONSOLE_DIR });
const clerk = await server.account('qingxiu_scj', 'unit', { unitId: server.unit.id });
const reviewer = await server.account('qingxiu_sfj', 'reviewer', { jurisdictionId: server.county.id });
const http = serverCaller(server.url);
const admin = { username: 'gx_admin', password: 'Guangxi2026sfj' };
const adminToken = await signInUnit(http, await server.account(admin.username, 'admin'), admin.password);
await http('PUT', '/api/v1/admin/settings', adminToken, { feesEnabled: true });
const today = chinaToday(new Date());
const exam = (await http('POST', '/api/v1/admin/exams', adminToken, openExam(today, `${today.slice(0, 4)}年度广西行政执法人员资格考试`))) as { id: number; name: string };

const work = path.join(root, 'work');
fs.mkdirSync(work);
const backend = openDesktopBackend({ dataDir: path.join(root, 'desk'), tokens: new MemoryTokenStore(), log: seedLog });
await serveDesktop(backend.handlers, root, { serverUrl: server.url, work, clerk, reviewer, admin, exam: { id: exam.id, name: exam.name } }, [() => backend.close(), () => server.app.close()]);
