import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PEOPLE, seedRecords } from '../helpers/records-seed.js';
import { openDesktop, serveDesktop } from './seed/desktop-seed.js';

/**
 * For the Playwright tests of 人员管理, 人员查询, 人员记录 and 考试信息: a desktop data folder where
 * batches were submitted, reviewed and pulled (test/helpers/records-seed.ts: approved people with
 * study accounts, a returned one, one never sent, study records and exam scores), the real handlers
 * and the web bridge serving the built renderer. Prints one JSON line { url, token, dataDir, ... }
 * and runs until killed; the folder is removed on exit.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-e2e-records-'));
const data = path.join(dataDir, 'desk');
const seed = await seedRecords(data);
const { db, handlers } = openDesktop(data);
await serveDesktop(handlers, dataDir, { dataDir, batchA: seed.a.number, batchB: seed.b.number, people: PEOPLE }, [() => db.close()]);
