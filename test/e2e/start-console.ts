import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { loggerOptions } from '../../src-server/logging.js';
import type { BatchPerson, BatchPutRequest } from '../../src-shared/contract/sync-api.js';
import type { RawRow } from '../../src-shared/domain/person.js';
import { buildLookups } from '../../src-shared/rules/code-tables.js';
import { checkPerson } from '../../src-shared/rules/person.js';
import { RULES_VERSION } from '../../src-shared/rules/version.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { validRow } from '../helpers/template-workbook.js';
import { CONSOLE_DIR } from './built-pages.js';
import { publishUntilKilled } from './seed/seed-process.js';
import { serverCaller, signInUnit, startSeedServer } from './seed/server-seed.js';

/**
 * For the reviewer's console Playwright test: the real sync server (two review levels, the Guangxi
 * photo spec) serving the built console, with a city bureau, a county bureau under it, a unit under
 * the county, and four accounts with their initial passwords: the unit, a county reviewer, a city
 * reviewer and an administrator. The unit has already sent one batch of three people (photos, a PDF
 * and a PNG as evidence) over HTTP, as the desktop does. Also writes an exam-scores workbook for the
 * first two people plus one broken row (ID number stored as a number by Excel). Prints one JSON line
 * and runs until killed; everything is removed on exit. The server's log (warnings and worse, as pino
 * JSON lines) goes to stderr, where the test reads it.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-console-'));
const server = await startSeedServer(root, { reviewStages: 2, photoSpec: 'guangxi', consoleDir: CONSOLE_DIR, logger: { ...loggerOptions({ logLevel: 'warn' }), stream: process.stderr } });
const { url, unit } = server;
const clerk = await server.account('qingxiu_scj', 'unit', { unitId: unit.id });
const countyReviewer = await server.account('qingxiu_sfj', 'reviewer', { jurisdictionId: server.county.id });
const cityReviewer = await server.account('nanning_sfj', 'reviewer', { jurisdictionId: server.city.id });
const admin = await server.account('sfj_admin', 'admin');
const call = serverCaller(url);

// The unit does what its desktop does: first login, password change, uploads, the batch.
const clerkPassword = 'Qingxiu2026scj';
const unitToken = await signInUnit(call, clerk, clerkPassword);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const upload = async (bytes: Buffer) => {
  const name = sha256(bytes);
  await call('PUT', `/api/v1/blobs/${name}`, unitToken, undefined, bytes);
  return name;
};

const lookups = buildLookups(loadCodeTables());
const names = ['张三', '李四', '王五'];
const persons: BatchPerson[] = [];
for (const [i, name] of names.entries()) {
  const { fields } = checkPerson(validRow({ name, county: '南宁市' }) as RawRow, { lookups, today: new Date().toISOString().slice(0, 10), kind: 'new' });
  // A red-background 90×120 JPEG, each one different, as the Guangxi spec asks.
  const photo = await sharp({ create: { width: 90, height: 120, channels: 3, background: { r: 200, g: 30 + i * 20, b: 40 } } })
    .jpeg()
    .toBuffer();
  persons.push({ key: `p${i + 1}`, fields, photo: { sha256: await upload(photo), fileName: `${fields.idNumber}.jpg` } });
}
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const scan = await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 250, g: 250, b: 245 } } })
  .png()
  .toBuffer();
const evidence: BatchPutRequest['evidence'] = [
  { sha256: await upload(pdf), kind: '三定方案', fileName: '三定方案.pdf' },
  { sha256: await upload(scan), kind: '在编证明', fileName: '在编证明.png' },
];
const batchNumber = 'XZZF20261123-090000';
const batch: BatchPutRequest = {
  kind: 'new',
  name: '行政执法人员2026-11-2301批次',
  number: batchNumber,
  createdAt: '2026-11-23T09:00:00+08:00',
  rulesVersion: RULES_VERSION,
  persons,
  evidence,
};
await call('PUT', `/api/v1/batches/${randomUUID()}`, unitToken, batch);

// The study platform's exam-score export: the first two people, and a row whose ID number Excel
// turned into a number (1.1E+17), which must be reported and left out.
const work = path.join(root, 'work');
fs.mkdirSync(work);
const scoresFile = path.join(work, '考试成绩.xlsx');
const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('考试成绩');
ws.addRow(['序号', '姓名', '身份证号', '手机号', '所属地区', '工作单位', '更新时间', '是否通过', '考试成绩', '考试时长', '正式考试次数', '开始考试时间', '考试结束时间', '同步时间']);
persons.slice(0, 2).forEach((p, i) =>
  ws.addRow([i + 1, p.fields.name, p.fields.idNumber, '13800000000', '南宁市', unit.name, '2026-11-20 10:00:00', '是', 88 + i, '90分钟', 1, `2026-11-20 09:0${i}:00`, `2026-11-20 10:3${i}:00`, '2026-11-20 11:00:00']),
);
ws.addRow([3, '赵六', 450103199001011234, '13900000000', '南宁市', unit.name, '2026-11-20 10:00:00', '否', 40, '90分钟', 1, '2026-11-20 09:05:00', '2026-11-20 10:35:00', '2026-11-20 11:00:00']);
await wb.xlsx.writeFile(scoresFile);

publishUntilKilled({
  url,
  work,
  batchNumber,
  persons: persons.map((p) => ({ name: p.fields.name, idNumber: p.fields.idNumber })),
  unitToken,
  scoresFile,
  clerk: { username: clerk.username, password: clerkPassword },
  countyReviewer,
  cityReviewer,
  admin,
}, [() => server.app.close(), () => fs.rmSync(root, { recursive: true, force: true })]);
