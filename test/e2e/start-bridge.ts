import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareDesktopBatch } from '../helpers/desktop-batch.js';
import { enqueuePush } from '../../src-main/store/outbox-repo.js';
import { openDesktop, serveDesktop } from './seed/desktop-seed.js';

/**
 * For the Playwright tests: a desktop data folder with one imported batch and a second whose upload
 * waits to retry, the real handlers and the web bridge serving the built renderer. Prints one JSON
 * line { url, token, dataDir, batchNumber, waitingBatchNumber } and runs until killed; the folder is
 * removed on exit.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-e2e-'));
const data = path.join(dataDir, 'desk');
const batch = await prepareDesktopBatch(data, 3, (i) => ({ name: ['周一', '吴二', '郑三'][i]! }));
// A second batch whose upload failed and waits for its next try, as 人员提交 shows it.
const waiting = await prepareDesktopBatch(data, 2, (i) => ({ name: ['冯四', '陈五'][i]! }));
const { db, handlers } = openDesktop(data);
const job = enqueuePush(db, waiting.batchId, new Date());
db.prepare("UPDATE outbox SET attempts = 3, next_attempt_at = ?, error_code = 'network', error_message = '连不上同步服务器 https://zfbm.example.gov.cn（ECONNREFUSED）。请检查网络或代理设置；报名助手会在网络恢复后自动继续，数据不会丢失。' WHERE id = ?")
  .run(new Date(Date.now() + 10 * 60_000).toISOString(), job.id);
db.prepare("UPDATE batches SET status = 'ready' WHERE id = ?").run(waiting.batchId);
await serveDesktop(handlers, dataDir, { dataDir, batchNumber: batch.number, waitingBatchNumber: waiting.number }, [() => db.close()]);
