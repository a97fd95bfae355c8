import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { insertStudyAccount } from '../../src-main/store/study-repo.js';
import { idCheckChar } from '../../src-shared/rules/id-number.js';
import { PEOPLE, seedRecords } from '../helpers/records-seed.js';
import { openDesktop, serveDesktop } from './seed/desktop-seed.js';

/**
 * For the Playwright test of 人员管理's 导出学习账号 and 打印账号条: the records seed (four approved
 * people with study accounts, test/helpers/records-seed.ts) plus the account of a person whose ID
 * ends in X, as a pull stores it (and EXTRA_ACCOUNTS more, when set); the real handlers and the web bridge serving the built renderer.
 * Prints one JSON line { url, token, dataDir, people, xId } and runs until killed; the folder is
 * removed on exit.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-e2e-accounts-'));
const data = path.join(dataDir, 'desk');
await seedRecords(data);
const { db, handlers } = openDesktop(data);
let xId = '';
for (let seq = 100; !xId; seq++) {
  const first17 = `350102197903041${String(seq).slice(-2)}`;
  if (idCheckChar(first17) === 'X') xId = `${first17}X`;
}
insertStudyAccount(db, { seq: 900, personId: null, idNumber: xId, name: '欧阳秀', username: `欧阳秀${xId.slice(6, 14)}`, initialPassword: '0123Ab', createdAt: '2026-11-24T09:00:00+08:00' });
// EXTRA_ACCOUNTS=n: n more accounts (people not on this PC), so that writing a file takes long enough to watch its progress.
const extra = Number(process.env.EXTRA_ACCOUNTS ?? 0);
db.transaction(() => {
  for (let i = 1; i <= extra; i++) {
    const first17 = `350102199001${String(i).padStart(5, '0')}`;
    insertStudyAccount(db, { seq: 1000 + i, personId: null, idNumber: first17 + idCheckChar(first17), name: `学员${i}`, username: `user${i}`, initialPassword: `pw${i}`, createdAt: '2026-11-24T09:00:00+08:00' });
  }
})();
await serveDesktop(handlers, dataDir, { dataDir, people: PEOPLE, xId }, [() => db.close()]);
