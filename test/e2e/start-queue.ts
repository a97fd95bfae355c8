import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { buildServer } from '../../src-server/app.js';
import { defaultConfig } from '../../src-server/config.js';
import { loggerOptions } from '../../src-server/logging.js';
import { addJurisdiction, addUnit, addUser } from '../../src-server/accounts/accounts.js';
import { REVIEW_PENDING_PAGE, type BatchPerson, type BatchPutRequest } from '../../src-shared/contract/sync-api.js';
import type { RawRow } from '../../src-shared/domain/person.js';
import { buildLookups } from '../../src-shared/rules/code-tables.js';
import { checkPerson } from '../../src-shared/rules/person.js';
import { RULES_VERSION } from '../../src-shared/rules/version.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { validRow } from '../helpers/template-workbook.js';
import { makeId } from '../helpers/ids.js';
import { CONSOLE_DIR } from './built-pages.js';
import { serverCaller } from './seed/server-seed.js';
import { publishUntilKilled } from './seed/seed-process.js';

/**
 * For the queue's Playwright test (console-queue.spec.ts): the real sync server (two review levels)
 * serving the built console, with 南宁市司法局, 青秀区司法局 under it and two units with long names under
 * the county. A day's queue at the county: unit A's batch of 20 arrived yesterday, when the county
 * reviewer looked at the list (their previous visit) and returned three of them; since then unit A
 * sent those three again and unit B sent a batch of 12. So 32 wait, of them 12 new and 3 resubmitted.
 * Accounts are ready (first password changed). Beside it, 兴宁区司法局 with a queue longer than the
 * console's page (REVIEW_PENDING_PAGE + 12 of one unit), for 再列出. Prints one JSON line; runs until killed.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-queue-'));
const config = defaultConfig(path.join(root, 'server'), { port: 0, host: '127.0.0.1', logLevel: 'silent', reviewStages: 2, photoSpec: 'guangxi' });
const app = await buildServer(config, { logger: { ...loggerOptions({ logLevel: 'warn' }), stream: process.stderr }, consoleDir: CONSOLE_DIR });
const url = await app.listen({ port: 0, host: '127.0.0.1' });

const seeder = { userId: null, name: 'e2e', now: () => new Date() };
const city = await addJurisdiction(app.db, { name: '南宁市司法局', level: 'city', parentId: null }, seeder);
const county = await addJurisdiction(app.db, { name: '青秀区司法局', level: 'county', parentId: city.id }, seeder);
const unitA = await addUnit(app.db, { name: '南宁市青秀区市场监督管理局综合行政执法大队', jurisdictionId: county.id }, seeder);
const unitB = await addUnit(app.db, { name: '南宁市青秀区交通运输局综合行政执法大队第二中队', jurisdictionId: county.id }, seeder);

const call = serverCaller(url);
const login = async (username: string, password: string) => ((await call('POST', '/api/v1/auth/login', undefined, { username, password })) as { token: string }).token;

/** An account whose first password is already changed; answers its sign-in and a token. */
async function ready(username: string, role: 'unit' | 'reviewer' | 'admin', newPassword: string, where: { unitId?: number; jurisdictionId?: number } = {}) {
  const { initialPassword } = await addUser(app.db, { username, role, unitId: where.unitId ?? null, jurisdictionId: where.jurisdictionId ?? null }, seeder);
  const token = await login(username, initialPassword);
  await call('POST', '/api/v1/auth/change-password', token, { oldPassword: initialPassword, newPassword });
  return { username, password: newPassword, token };
}
const clerkA = await ready('qingxiu_scj', 'unit', 'Lan9Hai-Qiao27', { unitId: unitA.id });
const clerkB = await ready('qingxiu_jtj', 'unit', 'Shu7Lin-Feng88', { unitId: unitB.id });
const countyReviewer = await ready('qingxiu_sfj', 'reviewer', 'Mu3Shan-He61z', { jurisdictionId: county.id });
const admin = await ready('sfj_admin', 'admin', 'Yun5Tai-Shi40w');

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const upload = async (token: string, bytes: Buffer) => {
  const name = sha256(bytes);
  await call('PUT', `/api/v1/blobs/${name}`, token, undefined, bytes);
  return name;
};
const lookups = buildLookups(loadCodeTables());
const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜';
const GIVEN = ['建国', '秀英', '志强', '丽娟', '海波', '春梅', '文杰', '晓燕'];
let made = 0;
async function people(token: string, n: number, agency: string, idOf?: (i: number) => string): Promise<BatchPerson[]> {
  const out: BatchPerson[] = [];
  for (let i = 0; i < n; i++, made++) {
    const name = `${SURNAMES[made % SURNAMES.length]}${GIVEN[made % GIVEN.length]}`;
    const { fields } = checkPerson(validRow({ name, county: '南宁市', agency, ...(idOf ? { idNumber: idOf(i) } : {}) }) as RawRow, { lookups, today: new Date().toISOString().slice(0, 10), kind: 'new' });
    const photo = await sharp({ create: { width: 90, height: 120, channels: 3, background: { r: 200, g: 20 + made * 5, b: 40 } } })
      .jpeg()
      .toBuffer();
    out.push({ key: `p${i + 1}`, fields, photo: { sha256: await upload(token, photo), fileName: `${fields.idNumber}.jpg` } });
  }
  return out;
}
const batchOf = (persons: BatchPerson[], number: string, name: string): BatchPutRequest => ({
  kind: 'new', name, number, createdAt: '2026-12-05T09:00:00+08:00', rulesVersion: RULES_VERSION, persons, evidence: [],
});
const pause = () => new Promise((r) => setTimeout(r, 30));

// Yesterday: unit A's 20 arrive; the county reviewer looks at the list and returns three.
const idA = randomUUID();
const batchA = batchOf(await people(clerkA.token, 20, unitA.name), 'XZZF20261205-090000', '行政执法人员2026-12-0501批次');
await call('PUT', `/api/v1/batches/${idA}`, clerkA.token, batchA);
await pause();
type Pending = { persons: Array<{ personId: number; version: number; name: string }> };
const yesterday = (await call('GET', '/api/v1/review/pending', countyReviewer.token)) as Pending;
const returned = yesterday.persons.slice(5, 8);
await call('POST', '/api/v1/review/decisions', countyReviewer.token, {
  items: returned.map((p) => ({ personId: p.personId, version: p.version })),
  result: 'rejected',
  comment: '照片背景不是红色，请重新拍摄。',
});
await call('POST', '/api/v1/auth/logout', countyReviewer.token);
await pause();

// Since then: unit A sends the three again (new photos), unit B sends 12.
const again = new Set(returned.map((p) => p.name));
const resent: BatchPerson[] = [];
for (const p of batchA.persons) {
  if (!again.has(p.fields.name)) resent.push(p);
  else {
    const photo = await sharp({ create: { width: 90, height: 120, channels: 3, background: { r: 210, g: 10, b: 30 + resent.length } } }).jpeg().toBuffer();
    resent.push({ ...p, photo: { ...p.photo!, sha256: await upload(clerkA.token, photo) }, resubmit: true });
  }
}
await call('PUT', `/api/v1/batches/${idA}`, clerkA.token, { ...batchA, persons: resent });
const batchB = batchOf(await people(clerkB.token, 12, unitB.name), 'XZZF20261206-100000', '行政执法人员2026-12-0601批次');
await call('PUT', `/api/v1/batches/${randomUUID()}`, clerkB.token, batchB);

// Another county, whose queue is longer than one page of the console.
const longCounty = await addJurisdiction(app.db, { name: '兴宁区司法局', level: 'county', parentId: city.id }, seeder);
const unitC = await addUnit(app.db, { name: '南宁市兴宁区城市管理综合行政执法局', jurisdictionId: longCounty.id }, seeder);
const clerkC = await ready('xingning_cgj', 'unit', 'Qing2Song-Bai55', { unitId: unitC.id });
const longReviewer = await ready('xingning_sfj', 'reviewer', 'Xia8Yue-Ming34', { jurisdictionId: longCounty.id });
const LONG = REVIEW_PENDING_PAGE + 12;
/** Distinct men's ID numbers past what validRow's 3-digit sequence can give (it repeats after 450). */
const longQueueId = (i: number) => makeId('19910305', String(2 * (i % 450) + 1).padStart(3, '0'), i < 450 ? '350103' : '350104');
await call('PUT', `/api/v1/batches/${randomUUID()}`, clerkC.token, batchOf(await people(clerkC.token, LONG, unitC.name, longQueueId), 'XZZF20261206-110000', '行政执法人员2026-12-0602批次'));

publishUntilKilled(
  {
    url,
    countyReviewer: { username: countyReviewer.username, password: countyReviewer.password },
    admin: { username: admin.username, password: admin.password },
    batchNumbers: [batchA.number, batchB.number],
    resubmitted: [...again],
    units: [unitA.name, unitB.name],
    longQueue: { reviewer: { username: longReviewer.username, password: longReviewer.password }, waiting: LONG },
  },
  [() => app.close(), () => fs.rmSync(root, { recursive: true, force: true })],
);
