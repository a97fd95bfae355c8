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
 * For console-session.spec.ts (password forms and an expired session, issue 18): the real sync server
 * (one review level) serving the built console, a county bureau with a unit that has sent one batch of
 * three people over HTTP, and three accounts of the county: a reviewer still on the initial password
 * (the forced change, done by keyboard), a reviewer and a second one already on their own passwords
 * (the session tests), and an administrator signed in over HTTP (to disable an account). Prints one
 * JSON line and runs until killed; everything is removed on exit.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-session-'));
const config = defaultConfig(path.join(root, 'server'), { port: 0, host: '127.0.0.1', logLevel: 'silent', reviewStages: 1, photoSpec: 'guangxi' });
const app = await buildServer(config, { logger: { ...loggerOptions({ logLevel: 'warn' }), stream: process.stderr }, consoleDir: CONSOLE_DIR });
const url = await app.listen({ port: 0, host: '127.0.0.1' });

const seeder = { userId: null, name: 'e2e', now: () => new Date() };
const city = await addJurisdiction(app.db, { name: '南宁市司法局', level: 'city', parentId: null }, seeder);
const county = await addJurisdiction(app.db, { name: '青秀区司法局', level: 'county', parentId: city.id }, seeder);
const unit = await addUnit(app.db, { name: '青秀区市场监督管理局', jurisdictionId: county.id }, seeder);
const account = async (username: string, role: 'unit' | 'reviewer' | 'admin', where: { unitId?: number; jurisdictionId?: number } = {}) => {
  const added = await addUser(app.db, { username, role, unitId: where.unitId ?? null, jurisdictionId: where.jurisdictionId ?? null }, seeder);
  return { id: added.user.id, username, password: added.initialPassword };
};

const call = serverCaller(url);
/** First login and the password change, as the account's owner would: answers the token. */
async function ownPassword(who: { username: string; password: string }, newPassword: string): Promise<string> {
  const token = ((await call('POST', '/api/v1/auth/login', undefined, { username: who.username, password: who.password })) as { token: string }).token;
  await call('POST', '/api/v1/auth/change-password', token, { oldPassword: who.password, newPassword });
  who.password = newPassword;
  return token;
}

const clerk = await account('qingxiu_scj', 'unit', { unitId: unit.id });
const newcomer = await account('qingxiu_xin', 'reviewer', { jurisdictionId: county.id });
const reviewer = await account('qingxiu_sfj', 'reviewer', { jurisdictionId: county.id });
const second = await account('qingxiu_fu', 'reviewer', { jurisdictionId: county.id });
const admin = await account('sfj_admin', 'admin');
const unitToken = await ownPassword(clerk, 'Qingxiu2026scj');
await ownPassword(reviewer, 'Shenhe2026qx');
await ownPassword(second, 'Fuhe2026qxsfj');
const adminToken = await ownPassword(admin, 'Guanli2026sfj');

// The unit's batch of three, as its desktop sends it: photos first, then the batch.
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const lookups = buildLookups(loadCodeTables());
const persons: BatchPerson[] = [];
for (const [i, name] of ['张三', '李四', '王五'].entries()) {
  const { fields } = checkPerson(validRow({ name, county: '南宁市' }) as RawRow, { lookups, today: new Date().toISOString().slice(0, 10), kind: 'new' });
  const photo = await sharp({ create: { width: 90, height: 120, channels: 3, background: { r: 200, g: 30 + i * 20, b: 40 } } })
    .jpeg()
    .toBuffer();
  await call('PUT', `/api/v1/blobs/${sha256(photo)}`, unitToken, undefined, photo);
  persons.push({ key: `p${i + 1}`, fields, photo: { sha256: sha256(photo), fileName: `${fields.idNumber}.jpg` } });
}
const batch: BatchPutRequest = {
  kind: 'new',
  name: '行政执法人员2026-11-2301批次',
  number: 'XZZF20261123-090000',
  createdAt: '2026-11-23T09:00:00+08:00',
  rulesVersion: RULES_VERSION,
  persons,
  evidence: [],
};
await call('PUT', `/api/v1/batches/${randomUUID()}`, unitToken, batch);

publishUntilKilled(
  {
    url,
    persons: persons.map((p) => ({ name: p.fields.name, idNumber: p.fields.idNumber })),
    newcomer,
    reviewer,
    second,
    adminToken,
  },
  [() => app.close(), () => fs.rmSync(root, { recursive: true, force: true })],
);
