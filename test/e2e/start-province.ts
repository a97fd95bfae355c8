import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { buildServer } from '../../src-server/app.js';
import { defaultConfig } from '../../src-server/config.js';
import { loggerOptions } from '../../src-server/logging.js';
import { addJurisdiction, addUnit, addUser } from '../../src-server/accounts/accounts.js';
import type { BatchPerson, BatchPutRequest } from '../../src-shared/contract/sync-api.js';
import type { RawRow } from '../../src-shared/domain/person.js';
import { buildLookups } from '../../src-shared/rules/code-tables.js';
import { checkPerson } from '../../src-shared/rules/person.js';
import { RULES_VERSION } from '../../src-shared/rules/version.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { validRow } from '../helpers/template-workbook.js';
import { CONSOLE_DIR } from './built-pages.js';
import { serverCaller } from './seed/server-seed.js';
import { publishUntilKilled } from './seed/seed-process.js';

/**
 * For the province chain's Playwright test (console-province.spec.ts): the real sync server (two review
 * levels for the cities) serving the built console. 自治区司法厅 with two departments under it,
 * 自治区交通运输厅 (unit 自治区公路发展中心, which has sent 3 people) and 自治区农垦局 (unit
 * 自治区农垦局执法支队, 1 person); beside them 南宁市司法局 with 青秀区司法局 and a unit that has sent 1.
 * The department's and the province's reviewers and the administrator have changed their first
 * passwords. Prints one JSON line; runs until killed; everything is removed on exit.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-province-'));
const config = defaultConfig(path.join(root, 'server'), { port: 0, host: '127.0.0.1', logLevel: 'silent', reviewStages: 2, photoSpec: 'guangxi' });
const app = await buildServer(config, { logger: { ...loggerOptions({ logLevel: 'warn' }), stream: process.stderr }, consoleDir: CONSOLE_DIR });
const url = await app.listen({ port: 0, host: '127.0.0.1' });

const seeder = { userId: null, name: 'e2e', now: () => new Date() };
const province = await addJurisdiction(app.db, { name: '自治区司法厅', level: 'province', parentId: null }, seeder);
const transport = await addJurisdiction(app.db, { name: '自治区交通运输厅', level: 'department', parentId: province.id }, seeder);
const farm = await addJurisdiction(app.db, { name: '自治区农垦局', level: 'department', parentId: province.id }, seeder);
const city = await addJurisdiction(app.db, { name: '南宁市司法局', level: 'city', parentId: null }, seeder);
const county = await addJurisdiction(app.db, { name: '青秀区司法局', level: 'county', parentId: city.id }, seeder);
const units = {
  road: await addUnit(app.db, { name: '自治区公路发展中心', jurisdictionId: transport.id }, seeder),
  farm: await addUnit(app.db, { name: '自治区农垦局执法支队', jurisdictionId: farm.id }, seeder),
  county: await addUnit(app.db, { name: '青秀区市场监督管理局', jurisdictionId: county.id }, seeder),
};

const call = serverCaller(url);
/** An account whose first password is already changed, with a token. */
async function ready(username: string, role: 'unit' | 'reviewer' | 'admin', newPassword: string, where: { unitId?: number; jurisdictionId?: number } = {}) {
  const { initialPassword } = await addUser(app.db, { username, role, unitId: where.unitId ?? null, jurisdictionId: where.jurisdictionId ?? null }, seeder);
  const token = ((await call('POST', '/api/v1/auth/login', undefined, { username, password: initialPassword })) as { token: string }).token;
  await call('POST', '/api/v1/auth/change-password', token, { oldPassword: initialPassword, newPassword });
  return { username, password: newPassword, token };
}
const clerks = {
  road: await ready('gxgl_zx', 'unit', 'Lan9Hai-Qiao27', { unitId: units.road.id }),
  farm: await ready('gxnk_zd', 'unit', 'Shu7Lin-Feng88', { unitId: units.farm.id }),
  county: await ready('qingxiu_scj', 'unit', 'Mu3Shan-He61z', { unitId: units.county.id }),
};
const departmentReviewer = await ready('gxjt_fzc', 'reviewer', 'Yun5Tai-Shi40w', { jurisdictionId: transport.id });
const provinceReviewer = await ready('gxsft_sh', 'reviewer', 'Qin4Yue-Bo72k', { jurisdictionId: province.id });
const admin = await ready('sfj_admin', 'admin', 'Hua6Cheng-Lu35');

const lookups = buildLookups(loadCodeTables());
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let photoSeed = 0;
/** A batch of valid people sent by a unit, as its desktop sends it (photos first). */
async function send(token: string, agency: string, names: string[], number: string): Promise<void> {
  const persons: BatchPerson[] = [];
  for (const [i, name] of names.entries()) {
    const { fields } = checkPerson(validRow({ name, county: '南宁市', agency }) as RawRow, { lookups, today: new Date().toISOString().slice(0, 10), kind: 'new' });
    const photo = await sharp({ create: { width: 90, height: 120, channels: 3, background: { r: 200, g: 30 + photoSeed++ * 9, b: 40 } } }).jpeg().toBuffer();
    await call('PUT', `/api/v1/blobs/${sha256(photo)}`, token, undefined, photo);
    persons.push({ key: `p${i + 1}`, fields, photo: { sha256: sha256(photo), fileName: `${fields.idNumber}.jpg` } });
  }
  const body: BatchPutRequest = { kind: 'new', name: `行政执法人员${names[0]}等批次`, number, createdAt: '2026-12-05T09:00:00+08:00', rulesVersion: RULES_VERSION, persons, evidence: [] };
  await call('PUT', `/api/v1/batches/${randomUUID()}`, token, body);
}
await send(clerks.road.token, units.road.name, ['韦建国', '覃秀英', '黄志强'], 'XZZF20261205-090000');
await send(clerks.farm.token, units.farm.name, ['蒙海波'], 'XZZF20261205-100000');
await send(clerks.county.token, units.county.name, ['陆春梅'], 'XZZF20261205-110000');

publishUntilKilled(
  {
    url,
    departmentReviewer: { username: departmentReviewer.username, password: departmentReviewer.password },
    provinceReviewer: { username: provinceReviewer.username, password: provinceReviewer.password },
    admin: { username: admin.username, password: admin.password },
  },
  [() => app.close(), () => fs.rmSync(root, { recursive: true, force: true })],
);
