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
 * For 工作概况's Playwright test: the real sync server (two review levels, the Guangxi photo spec)
 * serving the built console, on a clock that the seed sets to exact China times and that then runs on
 * from there. 南宁市司法局 has 青秀区司法局 (two units) and 兴宁区司法局 (one unit) under it, and a unit
 * of its own; 柳州市司法局 has 城中区司法局 with 40 units that have sent nothing. Everything goes through HTTP, as the desktop and the reviewers do it:
 *   Fri 2026-11-20  青秀区市场监督管理局 sends 5 people (甲一…甲五)
 *   Fri 2026-11-27  青秀区城市管理局 sends 2 (乙一, 乙二); 兴宁区市场监督管理局 sends 1 (丙一)
 *   Sun 2026-11-29 23:59  the county passes 甲一 (last week)
 *   Mon 2026-11-30 00:00  the county passes 甲二 and 甲三 and returns 甲四; the city passes 甲一 (a study account)
 *   Tue 2026-12-01  the county passes 乙一; the unit sends 甲四 again
 * and "now" is Wednesday 2026-12-02 10:00 China time. The reviewers and the administrator have changed
 * their first passwords already. Prints one JSON line and runs until killed; everything is removed on exit.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-dashboard-'));
let offset = 0;
const setClock = (iso: string) => {
  offset = Date.parse(iso) - Date.now();
};
const now = () => new Date(Date.now() + offset);
setClock('2026-11-20T01:00:00Z');

const config = defaultConfig(path.join(root, 'server'), { port: 0, host: '127.0.0.1', logLevel: 'silent', reviewStages: 2, photoSpec: 'guangxi',
  // The seed's clock jumps two weeks while the units and reviewers keep their sign-ins.
  tokenTtlMs: 30 * 86_400_000,
});
const app = await buildServer(config, { now, logger: { ...loggerOptions({ logLevel: 'warn' }), stream: process.stderr }, consoleDir: CONSOLE_DIR });
const url = await app.listen({ port: 0, host: '127.0.0.1' });

const seeder = { userId: null, name: 'e2e', now };
const city = await addJurisdiction(app.db, { name: '南宁市司法局', level: 'city', parentId: null }, seeder);
const qingxiu = await addJurisdiction(app.db, { name: '青秀区司法局', level: 'county', parentId: city.id }, seeder);
const xingning = await addJurisdiction(app.db, { name: '兴宁区司法局', level: 'county', parentId: city.id }, seeder);
const units = {
  scj: await addUnit(app.db, { name: '青秀区市场监督管理局', jurisdictionId: qingxiu.id }, seeder),
  cg: await addUnit(app.db, { name: '青秀区城市管理局', jurisdictionId: qingxiu.id }, seeder),
  xn: await addUnit(app.db, { name: '兴宁区市场监督管理局', jurisdictionId: xingning.id }, seeder),
  jt: await addUnit(app.db, { name: '南宁市交通运输局', jurisdictionId: city.id }, seeder),
};
// Another city, seen only by the administrator: enough units (none has sent anyone) that the printed
// 工作概况 runs over several A4 pages.
const liuzhou = await addJurisdiction(app.db, { name: '柳州市司法局', level: 'city', parentId: null }, seeder);
const chengzhong = await addJurisdiction(app.db, { name: '城中区司法局', level: 'county', parentId: liuzhou.id }, seeder);
const extraUnits: string[] = [];
for (let i = 0; i < 40; i++) {
  extraUnits.push((await addUnit(app.db, { name: `城中区第${String(i + 1).padStart(2, '0')}执法大队`, jurisdictionId: chengzhong.id }, seeder)).name);
}

const call = serverCaller(url);

/** An account that has signed in once and set its own password, with a token. */
async function ready(username: string, role: 'unit' | 'reviewer' | 'admin', where: { unitId?: number; jurisdictionId?: number } = {}) {
  const initial = (await addUser(app.db, { username, role, unitId: where.unitId ?? null, jurisdictionId: where.jurisdictionId ?? null }, seeder)).initialPassword;
  const token = ((await call('POST', '/api/v1/auth/login', undefined, { username, password: initial })) as { token: string }).token;
  // Nothing of the user name or the bureau in it, as a real reviewer is asked to choose.
  const password = `Lan9Hai-Qiao27${role[0]}`;
  await call('POST', '/api/v1/auth/change-password', token, { oldPassword: initial, newPassword: password });
  return { username, password, token };
}

const clerks = {
  scj: await ready('qingxiu_scj', 'unit', { unitId: units.scj.id }),
  cg: await ready('qingxiu_cg', 'unit', { unitId: units.cg.id }),
  xn: await ready('xingning_scj', 'unit', { unitId: units.xn.id }),
};
const countyReviewer = await ready('qingxiu_sfj', 'reviewer', { jurisdictionId: qingxiu.id });
const cityReviewer = await ready('nanning_sfj', 'reviewer', { jurisdictionId: city.id });
const admin = await ready('sfj_admin', 'admin');

const lookups = buildLookups(loadCodeTables());
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let photoSeed = 0;
/** A batch of valid people sent by a unit, as its desktop sends it (photos first). */
async function send(token: string, names: string[]): Promise<{ id: string; body: BatchPutRequest }> {
  const persons: BatchPerson[] = [];
  for (const [i, name] of names.entries()) {
    const { fields } = checkPerson(validRow({ name, county: '南宁市' }) as RawRow, { lookups, today: '2026-11-20', kind: 'new' });
    const photo = await sharp({ create: { width: 90, height: 120, channels: 3, background: { r: 200, g: 30 + (photoSeed++ % 200), b: 40 } } }).jpeg().toBuffer();
    await call('PUT', `/api/v1/blobs/${sha256(photo)}`, token, undefined, photo);
    persons.push({ key: `p${i + 1}`, fields, photo: { sha256: sha256(photo), fileName: `${fields.idNumber}.jpg` } });
  }
  const body: BatchPutRequest = { kind: 'new', name: `行政执法人员${names[0]}等批次`, number: `XZZF${Date.now()}`, createdAt: now().toISOString(), rulesVersion: RULES_VERSION, persons, evidence: [] };
  const id = randomUUID();
  await call('PUT', `/api/v1/batches/${id}`, token, body);
  return { id, body };
}

const batchA = await send(clerks.scj.token, ['甲一', '甲二', '甲三', '甲四', '甲五']);
setClock('2026-11-27T02:00:00Z');
await send(clerks.cg.token, ['乙一', '乙二']);
await send(clerks.xn.token, ['丙一']);

const ids: Record<string, number> = {};
for (const who of [countyReviewer, cityReviewer]) {
  const pending = (await call('GET', '/api/v1/review/pending', who.token)) as { persons: Array<{ name: string; personId: number }> };
  for (const p of pending.persons) ids[p.name] = p.personId;
}
const decide = (who: { token: string }, names: string[], result: 'approved' | 'rejected', comment = '') =>
  call('POST', '/api/v1/review/decisions', who.token, { items: names.map((n) => ({ personId: ids[n], version: 1 })), result, comment });

setClock('2026-11-29T15:59:00Z'); // Sunday 23:59 in China
await decide(countyReviewer, ['甲一'], 'approved');
setClock('2026-11-29T16:00:00Z'); // Monday 00:00 in China
await decide(countyReviewer, ['甲二', '甲三'], 'approved');
await decide(countyReviewer, ['甲四'], 'rejected', '学历与证书不符，请核对后重新提交。');
await decide(cityReviewer, ['甲一'], 'approved');
setClock('2026-12-01T02:00:00Z');
await decide(countyReviewer, ['乙一'], 'approved');
await call('PUT', `/api/v1/batches/${batchA.id}`, clerks.scj.token, {
  ...batchA.body,
  persons: batchA.body.persons.map((p) => (p.key === 'p4' ? { ...p, fields: { ...p.fields, education: '研究生' }, resubmit: true } : p)),
});
setClock('2026-12-02T02:00:00Z'); // Wednesday 10:00 in China

publishUntilKilled({ url, countyReviewer, cityReviewer, admin, extraUnits }, [() => app.close(), () => fs.rmSync(root, { recursive: true, force: true })]);
