import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import type { DesktopHandlers } from '../../src-main/services/desktop-handlers.js';
import type { PersonDetail } from '../../src-shared/contract/desktop-api.js';
import { makeBackend, makeHandlers } from '../helpers/desktop-handlers.js';
import { ok, refused } from '../helpers/handler-answers.js';
import { saveReference } from '../../src-main/sync/reference-store.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { jpegPortrait } from '../helpers/photos.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * 人员导入's buttons through the handlers, on real files: 同步设置's photo spec, 照片导入, the findings
 * table, the person form's 选择照片 and 一键修正, 佐证资料, 导出问题清单. Bad files get a Chinese
 * answer and change nothing.
 */
const root = tempDir('zfbm-batch-work-');
const data = path.join(root, 'desk');
let db: Db;
let h: DesktopHandlers;
const CHINESE = /[\u4e00-\u9fff]/;


let batchId = '';
const rows = [validRow({ name: '林一' }), validRow({ name: '黄二' }), validRow({ name: '何三' })];
// 黄二's ID with its last digit wrong: the check digit fails.
const goodId = String(rows[1]!.idNumber);
rows[1]!.idNumber = goodId.slice(0, 17) + (goodId.endsWith('1') ? '2' : '1');

beforeAll(async () => {
  db = openStore(data);
  h = makeHandlers(db, data);
});
afterAll(() => db.close());

describe('同步设置: the photo spec before any server has sent one', () => {
  it('starts with the shipped one, takes the clerk’s choice, refuses one that does not exist', async () => {
    const s = await ok<{ photoSpec: { name: string }; photoSpecFromServer: boolean; photoSpecs: unknown[] }>(h.handle('settings.get', undefined));
    expect(s.photoSpec.name).toBe('fujian');
    expect(s.photoSpecFromServer).toBe(false);
    expect(s.photoSpecs.length).toBeGreaterThanOrEqual(3);
    await refused(h.handle('settings.setPhotoSpec', { name: 'shanghai' }), 'invalid_input');
    const after = await ok<{ photoSpec: { name: string } }>(h.handle('settings.setPhotoSpec', { name: 'guangxi' }));
    expect(after.photoSpec.name).toBe('guangxi');
  });
});

describe('a batch from import to a clean findings table', () => {
  const photoDir = path.join(root, 'photos');
  let people: Array<{ id: number; name: string; idNumber: string }> = [];

  it('照片导入 attaches what matches, says who has none and which files match nobody', async () => {
    const file = path.join(root, '采集表.xlsx');
    await writeTemplate(file, rows);
    batchId = (await ok<{ batch: { id: string } }>(h.handle('import.file', { file }))).batch.id;
    people = (await ok<{ rows: typeof people }>(h.handle('persons.query', { batchId }))).rows;
    fs.mkdirSync(photoDir);
    // 林一: right size; 黄二: four times too big (fixable); 何三: none; and a stranger's photo.
    fs.writeFileSync(path.join(photoDir, `${people[0]!.idNumber}.jpg`), await jpegPortrait(90, 120, { quality: 80 }));
    fs.writeFileSync(path.join(photoDir, `${people[1]!.idNumber}.jpg`), await jpegPortrait(360, 480));
    fs.writeFileSync(path.join(photoDir, '110101199001011234.jpg'), await jpegPortrait(90, 120));
    const r = await ok<{ attached: number; withFindings: number; unmatched: Array<{ fileName: string; message: string }>; missing: Array<{ name: string }> }>(
      h.handle('photos.import', { batchId, paths: [photoDir] }),
    );
    expect(r.attached).toBe(2);
    expect(r.withFindings).toBe(1);
    expect(r.unmatched.map((u) => u.fileName)).toEqual(['110101199001011234.jpg']);
    expect(r.unmatched[0]!.message).toMatch(CHINESE);
    expect(r.missing.map((m) => m.name)).toEqual(['何三']);
    expect(await ok<unknown[]>(h.handle('progress.current', undefined))).toEqual([]);
  });

  it('the findings table lists each person once with their row’s and their photo’s findings', async () => {
    const f = await ok<{ total: number; rows: Array<{ name: string; issues: Array<{ fieldLabel: string; code: string; severity: string }> }> }>(
      h.handle('findings.list', { batchId, onlyErrors: true }),
    );
    // 何三 has no photo: that is a finding too, long before 提交 (issue 17).
    expect(f.total).toBe(2);
    expect(f.rows.map((r) => r.name)).toEqual(['黄二', '何三']);
    expect(f.rows[0]!.issues.map((i) => i.code).sort()).toEqual(['id.checksum', 'photo.dimensions']);
    expect(f.rows[0]!.issues.find((i) => i.code === 'photo.dimensions')!.fieldLabel).toBe('照片');
    expect(f.rows[1]!.issues.map((i) => [i.fieldLabel, i.code])).toEqual([['照片', 'photo.missing']]);
    const page2 = await ok<{ total: number; rows: unknown[] }>(h.handle('findings.list', { batchId, onlyErrors: true, offset: 2, limit: 1 }));
    expect(page2).toEqual({ total: 2, rows: [] });
  });

  it('一键修正 makes 黄二’s photo fit and keeps the old one; the preview shows the new one', async () => {
    const before = await ok<PersonDetail>(h.handle('persons.get', { personId: people[1]!.id }));
    const fixed = await ok<{ person: PersonDetail; changed: boolean; actions: string[] }>(h.handle('photos.fix', { personId: people[1]!.id }));
    expect(fixed.changed).toBe(true);
    expect(fixed.actions.length).toBeGreaterThan(0);
    expect(fixed.person.photo!.sha256).not.toBe(before.photo!.sha256);
    expect(fixed.person.photo!.fileName).toBe(`${people[1]!.idNumber}.jpg`);
    expect(fixed.person.photo!.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM photos WHERE person_id = ?').pluck().get(people[1]!.id)).toBe(2);

    const { dataUrl } = await ok<{ dataUrl: string }>(h.handle('photos.preview', { personId: people[1]!.id }));
    expect(dataUrl).toMatch(/^data:image\/jpeg;base64,/);
    const meta = await sharp(Buffer.from(dataUrl.split(',')[1]!, 'base64')).metadata();
    expect([meta.width, meta.height]).toEqual([90, 120]);

    // Fixing a photo that already fits changes nothing.
    const again = await ok<{ changed: boolean }>(h.handle('photos.fix', { personId: people[1]!.id }));
    expect(again.changed).toBe(false);
    await refused(h.handle('photos.fix', { personId: people[2]!.id }), 'photo');
    expect(await ok<{ dataUrl: null }>(h.handle('photos.preview', { personId: people[2]!.id }))).toEqual({ dataUrl: null });
  });

  it('选择照片 refuses a PDF and a missing file, and changes nothing; a good file becomes the photo', async () => {
    const pdf = path.join(root, '何三.jpg');
    fs.writeFileSync(pdf, Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'));
    await refused(h.handle('photos.attach', { personId: people[2]!.id, file: pdf }), 'photo');
    await refused(h.handle('photos.attach', { personId: people[2]!.id, file: path.join(root, '没有这个文件.jpg') }), 'photo');
    expect(db.prepare('SELECT COUNT(*) FROM photos WHERE person_id = ?').pluck().get(people[2]!.id)).toBe(0);

    const good = path.join(root, '何三-证件照.jpg');
    fs.writeFileSync(good, await jpegPortrait(90, 120, { quality: 80 }));
    const p = await ok<PersonDetail>(h.handle('photos.attach', { personId: people[2]!.id, file: good }));
    expect(p.photo!.fileName).toBe('何三-证件照.jpg');
  });

  it('the form fixes the ID: the findings table is empty', async () => {
    const p = await ok<PersonDetail>(h.handle('persons.update', { personId: people[1]!.id, fields: { idNumber: goodId } }));
    expect(p.errorCount).toBe(0);
    expect(await ok<{ total: number }>(h.handle('findings.list', { batchId, onlyErrors: true }))).toMatchObject({ total: 0 });
  });

  it('佐证资料: add, list, refuse a program renamed .pdf, remove', async () => {
    const pdf = path.join(root, '三定方案.pdf');
    fs.writeFileSync(pdf, Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'));
    const added = await ok<{ id: number; fileName: string; kind: string }>(h.handle('evidence.add', { batchId, file: pdf, kind: '三定方案' }));
    expect(added).toMatchObject({ fileName: '三定方案.pdf', kind: '三定方案' });
    const exe = path.join(root, '在编证明.pdf');
    fs.writeFileSync(exe, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]));
    await refused(h.handle('evidence.add', { batchId, file: exe, kind: '在编证明' }), /^evidence\./);
    await refused(h.handle('evidence.add', { batchId, file: pdf, kind: '随便什么' }), 'invalid_input');
    expect((await ok<unknown[]>(h.handle('evidence.list', { batchId }))).length).toBe(1);
    await ok(h.handle('evidence.remove', { batchId, evidenceId: added.id }));
    expect(await ok<unknown[]>(h.handle('evidence.list', { batchId }))).toEqual([]);
    await refused(h.handle('evidence.list', { batchId: 'XZZF-没有' }), 'not_found');
  });

  it('导出问题清单 writes a workbook the clerk can open; bad paths are explained', async () => {
    const out = path.join(root, '问题清单.xlsx');
    const r = await ok<{ file: string; rows: number }>(h.handle('report.write', { batchId, file: out }));
    expect(r.rows).toBe(3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.length).toBeGreaterThan(0);
    await refused(h.handle('report.write', { batchId, file: path.join(root, '没有的文件夹', '清单.xlsx') }), 'file');
    await refused(h.handle('photos.import', { batchId, paths: [] }), 'invalid_input');
  });
});

describe('long jobs say how far they are', () => {
  it('an import reports reading and saving to the progress the window shows, and clears it when done', async () => {
    const dir = path.join(root, 'progress');
    const pdb = openStore(path.join(dir, 'desk'));
    const backend = makeBackend(pdb, path.join(dir, 'desk'));
    const seen: string[] = [];
    const off = backend.progress.subscribe((entries) => seen.push(...entries.map((e) => `${e.task}:${e.text}`)));
    const file = path.join(dir, '采集表.xlsx');
    await writeTemplate(file, Array.from({ length: 1200 }, () => validRow()));
    await ok(backend.handlers.handle('import.file', { file }));
    off();
    expect(seen.some((t) => /^import:已读取并检查 \d+/.test(t))).toBe(true);
    expect(seen.some((t) => /^import:已保存 \d+\/1200 人/.test(t))).toBe(true);
    expect(await ok<unknown[]>(backend.handlers.handle('progress.current', undefined))).toEqual([]);
    await backend.close();
  });
});

describe('new code tables from the server', () => {
  it('apply to the next check without a restart', async () => {
    const dir = path.join(root, 'reference');
    const rdb = openStore(path.join(dir, 'desk'));
    const backend = makeBackend(rdb, path.join(dir, 'desk'));
    const file = path.join(dir, '采集表.xlsx');
    await writeTemplate(file, [validRow({ name: '甘一' })]);
    const bid = (await ok<{ batch: { id: string } }>(backend.handlers.handle('import.file', { file }))).batch.id;
    const check = async () => (await ok<Array<{ code: string; field: string }>>(backend.handlers.handle('persons.check', { batchId: bid, fields: { examCategory: '综合法律知识考试' } }))).filter((i) => i.field === 'examCategory');
    expect(await check()).toEqual([]);

    // The server drops 综合法律知识考试 from 考试类别: the same input is now refused.
    const tables = loadCodeTables();
    const codeTables = { ...tables, examCategory: { ...tables.examCategory, entries: tables.examCategory.entries.filter((e) => e.code !== '01') } };
    saveReference(rdb, { rulesVersion: 'test', codeTables, photoSpec: getPhotoSpec('guangxi'), reviewStages: 1, serverTime: new Date().toISOString() }, new Date());
    expect((await check()).map((i) => i.code)).toEqual(['code.invalid']);
    await backend.close();
  });
});
