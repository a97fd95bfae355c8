import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RegistrationService } from '../../src-main/services/registration-service.js';
import { setAppSetting } from '../../src-main/store/app-settings.js';
import { enqueuePush } from '../../src-main/store/outbox-repo.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { PEOPLE, seedRecords } from '../helpers/records-seed.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { makeId } from '../helpers/ids.js';
import { openDesktop, serveDesktop } from './seed/desktop-seed.js';

/**
 * For layout-1366.spec.ts: every clerk screen with realistic data. The records seed (approved people
 * with study accounts, study records and scores, a returned one, one never sent), plus a batch of 25
 * people from a unit with a long name, imported under a long file name and without photos (so its
 * 问题清单 is full), an upload waiting to retry (so 人员提交 and the status bar show it), a server
 * set and a last sync (so the status bar shows all its items).
 * Prints one JSON line { url, token, dataDir, bigBatch, returned, people } and runs until killed.
 */
const LONG_UNIT = '福州市鼓楼区市场监督管理局综合行政执法大队第三中队';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-e2e-layout-'));
const data = path.join(dataDir, 'desk');
const seed = await seedRecords(data);
const { db, handlers, call } = openDesktop(data);
const svc = new RegistrationService(db, { tables: loadCodeTables(), actor: { name: '测试员', now: () => new Date() }, today: () => '2026-11-23' });
const xlsx = path.join(dataDir, '福州市鼓楼区市场监督管理局2026年度行政执法人员资格考试报名采集表（第二批）.xlsx');
const names = ['欧阳明华', '司马晓东', '上官婉儿', '诸葛亮', '王小明', '李娜', '张伟', '刘洋', '陈静', '杨帆', '赵磊', '黄丽', '周杰', '吴敏', '徐强', '孙悦', '马超', '朱琳', '胡军', '郭靖', '何平', '高峰', '林涛', '罗丹', '梁晨'];
await writeTemplate(xlsx, names.map((name, i) => validRow({ name, agency: LONG_UNIT, idNumber: makeId('19910305', String(201 + 2 * i)) })));
const { batch } = await svc.importFile(xlsx);
const job = enqueuePush(db, seed.c.batchId, new Date());
db.prepare("UPDATE outbox SET attempts = 3, next_attempt_at = ?, error_code = 'network', error_message = '连不上同步服务器 https://zfbm.example.gov.cn（ECONNREFUSED）。请检查网络或代理设置；报名助手会在网络恢复后自动继续，数据不会丢失。' WHERE id = ?")
  .run(new Date(Date.now() + 10 * 60_000).toISOString(), job.id);
db.prepare("UPDATE batches SET status = 'ready' WHERE id = ?").run(seed.c.batchId);
// A server set and a sync done, so the status bar shows all it can: server, sign-in, queue, last sync, 立即同步.
await call('sync.configure', { serverUrl: 'https://zfbm.example.gov.cn' });
setAppSetting(db, 'app.lastSyncAt', '2026-11-23T09:00:00+08:00');
await serveDesktop(handlers, dataDir, { dataDir, bigBatch: batch.number, people: PEOPLE }, [() => db.close()]);
