import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { loggerOptions } from '../../src-server/logging.js';
import { addJurisdiction } from '../../src-server/accounts/accounts.js';
import type { BatchPerson, BatchPutRequest } from '../../src-shared/contract/sync-api.js';
import type { RawRow } from '../../src-shared/domain/person.js';
import { buildLookups } from '../../src-shared/rules/code-tables.js';
import { checkPerson } from '../../src-shared/rules/person.js';
import { RULES_VERSION } from '../../src-shared/rules/version.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { validRow } from '../helpers/template-workbook.js';
import { CONSOLE_DIR } from './built-pages.js';
import { publishUntilKilled } from './seed/seed-process.js';
import { serverCaller, signInUnit, startSeedServer, type SeedAccount } from './seed/server-seed.js';

/**
 * For console-detail.spec.ts: the real sync server (one review level, the Fujian photo spec, whose
 * 402×461 is the widest photo any spec asks for and which sets no upper limit) serving the built
 * console, with the seed's city, county and unit (青秀区市场监督管理局) and a second county with
 * nothing to review. Accounts, all past their first password change: the unit, the county's reviewer,
 * the second county's reviewer, an administrator. The unit has sent one batch (four evidence files) of
 * three people over HTTP, as the desktop does: 张大伟 with a 402×461 photo, 李明 with an 804×922 one
 * (twice the spec's width), and 王芳, rejected twice by the county and sent again each time, so she has
 * three versions and two decisions. Prints one JSON line and runs until killed; everything is removed
 * on exit.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-detail-'));
const server = await startSeedServer(root, { reviewStages: 1, photoSpec: 'fujian', consoleDir: CONSOLE_DIR, logger: { ...loggerOptions({ logLevel: 'warn' }), stream: process.stderr } });
const { app, url, unit } = server;
const call = serverCaller(url);
const idleCounty = await addJurisdiction(app.db, { name: '兴宁区司法局', level: 'county', parentId: server.city.id }, server.seeder);

let accounts = 0;
/** A ready account: created, first sign-in done, password changed; with its token. */
async function account(username: string, role: 'unit' | 'reviewer' | 'admin', where: { unitId?: number; jurisdictionId?: number } = {}): Promise<SeedAccount & { token: string }> {
  const first = await server.account(username, role, where);
  // Nothing of the user name in it (the console refuses a password that contains it or its pinyin).
  const password = `Lan${++accounts}Hai-Qiao27`;
  return { username, password, token: await signInUnit(call, first, password) };
}
const clerk = await account('qingxiu_scj', 'unit', { unitId: unit.id });
const reviewer = await account('qingxiu_sfj', 'reviewer', { jurisdictionId: server.county.id });
const idleReviewer = await account('xingning_sfj', 'reviewer', { jurisdictionId: idleCounty.id });
const admin = await account('sfj_admin', 'admin');

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const upload = async (bytes: Buffer) => {
  const name = sha256(bytes);
  await call('PUT', `/api/v1/blobs/${name}`, clerk.token, undefined, bytes);
  return name;
};
/** A PNG portrait of `width`×`height` with a face-like oval, distinct per `tone`. */
const portrait = (width: number, height: number, tone: number) =>
  sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([
      {
        input: Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><ellipse cx="${width / 2}" cy="${height * 0.42}" rx="${width * 0.3}" ry="${height * 0.32}" fill="rgb(${220 - tone},${180 - tone},${150 - tone})"/><rect x="${width * 0.1}" y="${height * 0.75}" width="${width * 0.8}" height="${height * 0.25}" fill="rgb(20,40,${90 + tone})"/></svg>`,
        ),
      },
    ])
    .png()
    .toBuffer();

const lookups = buildLookups(loadCodeTables());
const today = new Date().toISOString().slice(0, 10);
const fieldsOf = (row: Record<string, string>) => checkPerson(validRow({ county: '南宁市', agency: '南宁市青秀区市场监督管理局综合行政执法大队', ...row }) as RawRow, { lookups, today, kind: 'new' }).fields;

const people: Array<{ name: string; photo: [number, number] }> = [
  { name: '张大伟', photo: [402, 461] },
  { name: '李明', photo: [804, 922] },
  { name: '王芳', photo: [402, 461] },
];
const persons: BatchPerson[] = [];
for (const [i, p] of people.entries()) {
  const fields = fieldsOf({ name: p.name, ...(p.name === '王芳' ? { education: '大学专科', major: '行政管理' } : {}) });
  persons.push({ key: `p${i + 1}`, fields, photo: { sha256: await upload(await portrait(p.photo[0], p.photo[1], i * 20)), fileName: `${fields.idNumber}.png` } });
}
// The evidence a batch usually carries: the 三定方案 (PDF), scans of proofs and certificates.
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const scan = (w: number, h: number, shade: number, format: 'png' | 'jpeg') => {
  const img = sharp({ create: { width: w, height: h, channels: 3, background: { r: 250, g: 250 - shade, b: 245 } } });
  return (format === 'png' ? img.png() : img.jpeg()).toBuffer();
};
const evidence: BatchPutRequest['evidence'] = [
  { sha256: await upload(pdf), kind: '三定方案', fileName: '青秀区市场监督管理局三定方案.pdf' },
  { sha256: await upload(await scan(900, 600, 5, 'png')), kind: '在编证明', fileName: '在编人员证明.png' },
  { sha256: await upload(await scan(1200, 850, 15, 'jpeg')), kind: '委托书', fileName: '行政执法委托书.jpg' },
  { sha256: await upload(await scan(700, 500, 25, 'png')), kind: '成绩证明', fileName: '学历证书扫描件.png' },
];
const batchId = randomUUID();
const batch: BatchPutRequest = {
  kind: 'new',
  name: '行政执法人员2026-12-0601批次',
  number: 'XZZF20261206-090000',
  createdAt: '2026-12-06T09:00:00+08:00',
  rulesVersion: RULES_VERSION,
  persons,
  evidence,
};
await call('PUT', `/api/v1/batches/${batchId}`, clerk.token, batch);

// 王芳: rejected, fixed (education and photo) and sent again; rejected, fixed (major) and sent again.
const pending = (await call('GET', '/api/v1/review/pending', reviewer.token)) as { persons: Array<{ personId: number; name: string; version: number }> };
const wang = pending.persons.find((p) => p.name === '王芳')!;
const reject = (version: number, comment: string) =>
  call('POST', '/api/v1/review/decisions', reviewer.token, { items: [{ personId: wang.personId, version }], result: 'rejected', comment });
const resend = async (change: Record<string, string>, newPhoto: boolean) => {
  const p = batch.persons[2]!;
  batch.persons[2] = {
    ...p,
    fields: { ...p.fields, ...change },
    photo: newPhoto ? { ...p.photo!, sha256: await upload(await portrait(402, 461, 70)) } : p.photo,
    resubmit: true,
  };
  await call('PUT', `/api/v1/batches/${batchId}`, clerk.token, batch);
};
await reject(1, '最高学历与学历证书不符，请按证书填写“大学本科”，并换一张近期免冠照片。');
await resend({ education: '大学本科' }, true);
await reject(2, '最高学历专业应与学历证书一致（法学）。');
await resend({ major: '法学', isLawMajor: '是' }, false);

publishUntilKilled(
  {
    url,
    batchNumber: batch.number,
    persons: persons.map((p) => ({ name: p.fields.name, idNumber: p.fields.idNumber })),
    reviewer: { username: reviewer.username, password: reviewer.password },
    idleReviewer: { username: idleReviewer.username, password: idleReviewer.password },
    admin: { username: admin.username, password: admin.password },
  },
  [() => app.close(), () => fs.rmSync(root, { recursive: true, force: true })],
);
