import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import { MIGRATIONS } from '../../src-main/store/migrations/index.js';
import { setPhotoIssues } from '../../src-main/store/photos-repo.js';
import type { DesktopHandlers } from '../../src-main/services/desktop-handlers.js';
import type { BatchSummaryView, DesktopOutput, FindingRow, PersonPage } from '../../src-shared/contract/desktop-api.js';
import { makeHandlers } from '../helpers/desktop-handlers.js';
import { ok } from '../helpers/handler-answers.js';
import { guangxiPortrait } from '../helpers/desktop-batch.js';
import { portraitSvg, WHITE } from '../helpers/photos.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Photo findings are the person's findings (issue 17, item 3), through the handlers the window calls,
 * on a real store and real photos made by sharp: the person list's 问题, 只看错误, the batch's 有错误,
 * the 问题清单 and the 提交 refusal count a photo that does not fit and a photo that is missing, from
 * import on; the photo import names each bad photo's person.
 */
const root = tempDir('zfbm-photo-findings-');
const data = path.join(root, 'desk');
let db: Db;
let h: DesktopHandlers;


const rows = [validRow({ name: '林一' }), validRow({ name: '黄二' }), validRow({ name: '何三' }), validRow({ name: '欧阳四' })];
let batchId = '';
let ids: number[] = [];

const batch = () => ok<BatchSummaryView>(h.handle('batches.get', { batchId }));
const people = () => ok<PersonPage>(h.handle('persons.query', { batchId }));
const batches = () => ok<BatchSummaryView[]>(h.handle('batches.list', undefined));
const findings = (onlyErrors = true) => ok<{ total: number; rows: FindingRow[] }>(h.handle('findings.list', { batchId, onlyErrors }));

beforeAll(async () => {
  db = openStore(data);
  h = makeHandlers(db, data);
  await ok(h.handle('settings.setPhotoSpec', { name: 'guangxi' }));
  const file = path.join(root, '采集表.xlsx');
  await writeTemplate(file, rows);
  batchId = (await ok<{ batch: { id: string } }>(h.handle('import.file', { file }))).batch.id;
  ids = (await people()).rows.map((r) => r.id);
});
afterAll(() => db.close());

describe('a person without a photo', () => {
  it('shows 缺少照片 in the lists and the 问题清单 right after the import, not first at 提交', async () => {
    expect(await batch()).toMatchObject({ persons: 4, invalid: 4, noPhoto: 4 });
    const list = await people();
    expect(list.rows.map((r) => [r.errorCount, r.photoErrors, r.hasPhoto])).toEqual([[1, 1, false], [1, 1, false], [1, 1, false], [1, 1, false]]);
    expect((await ok<PersonPage>(h.handle('persons.query', { batchId, onlyErrors: true }))).total).toBe(4);
    const f = await findings();
    expect(f.total).toBe(4);
    expect(f.rows[0]!.issues).toEqual([
      { field: 'photo', fieldLabel: '照片', severity: 'error', code: 'photo.missing', message: '缺少照片：请在人员表单中点“选择照片”，或用“照片导入”导入按身份证号命名的照片。' },
    ]);
    // 全部问题 lists it too.
    expect((await findings(false)).total).toBe(4);
  });
});

describe('a batch with 2 bad photos', () => {
  let result: DesktopOutput<'photos.import'>;

  it('照片导入 names each bad photo’s file, person and finding, and says which 一键修正 can fix', async () => {
    const dir = path.join(root, 'photos');
    fs.mkdirSync(dir);
    // 林一 and 何三 fit; 黄二's is four times too big (一键修正 scales it); 欧阳四's has a white background.
    fs.writeFileSync(path.join(dir, `${rows[0]!.idNumber}.jpg`), await guangxiPortrait(1));
    fs.writeFileSync(path.join(dir, `${rows[1]!.idNumber}.jpg`), await guangxiPortrait(2, { width: 360, height: 480 }));
    fs.writeFileSync(path.join(dir, `${rows[2]!.idNumber}.jpg`), await guangxiPortrait(3));
    fs.writeFileSync(path.join(dir, `${rows[3]!.idNumber} 欧阳四.jpg`), await sharp(portraitSvg(90, 120, WHITE)).jpeg({ quality: 85 }).toBuffer());
    result = await ok(h.handle('photos.import', { batchId, paths: [dir] }));
    expect(result).toMatchObject({ attached: 4, withFindings: 2, missing: [], rejected: [], unmatched: [] });
    expect(result.findings.map((f) => [f.fileName, f.name, f.idNumber, f.attached, f.fixable])).toEqual([
      [`${rows[1]!.idNumber}.jpg`, '黄二', rows[1]!.idNumber, true, true],
      [`${rows[3]!.idNumber} 欧阳四.jpg`, '欧阳四', rows[3]!.idNumber, true, false],
    ]);
    expect(result.findings[0]!.messages.join()).toMatch(/像素/);
    expect(result.findings[1]!.messages.join()).toMatch(/背景/);
  });

  it('has 有错误 2, and the two people show their photo findings in the list and the 问题清单', async () => {
    expect(await batch()).toMatchObject({ persons: 4, invalid: 2, noPhoto: 0 });
    const list = await people();
    const errors = list.rows.map((r) => [r.name, r.errorCount, r.photoErrors, r.hasPhoto]);
    expect(errors).toEqual([['林一', 0, 0, true], ['黄二', 1, 1, true], ['何三', 0, 0, true], ['欧阳四', 1, 1, true]]);
    const only = await ok<PersonPage>(h.handle('persons.query', { batchId, onlyErrors: true }));
    expect(only.rows.map((r) => r.name)).toEqual(['黄二', '欧阳四']);
    const f = await findings();
    expect(f.rows.map((r) => [r.name, r.issues.map((i) => i.code)])).toEqual([
      ['黄二', ['photo.dimensions']],
      ['欧阳四', ['photo.background']],
    ]);
    // 首页's 有错误待修改 adds up the batch list's counts.
    expect((await batches()).find((b) => b.id === batchId)?.invalid).toBe(2);
  });

  it('提交 is refused with both reasons and names; 一键修正 takes one off the count', async () => {
    const refused = (await h.handle('sync.submit', { batchId })) as { ok: false; error: { code: string; message: string } };
    expect(refused.ok).toBe(false);
    expect(refused.error.code).toBe('not_ready');
    expect(refused.error.message).toMatch(/2 人的照片不符合规格（黄二、欧阳四）/);

    await ok(h.handle('photos.fix', { personId: ids[1]! }));
    expect(await batch()).toMatchObject({ invalid: 1 });
    expect((await people()).rows[1]!.errorCount).toBe(0);
    expect((await findings()).rows.map((r) => r.name)).toEqual(['欧阳四']);
  });

  it('a photo checked again (a new photo spec from the server) moves the counts with it', async () => {
    const photoId = db.prepare('SELECT id FROM photos WHERE person_id = ? AND current = 1').pluck().get(ids[0]!) as number;
    setPhotoIssues(db, photoId, [{ field: 'photo', code: 'photo.dpi', severity: 'error', message: '分辨率不够。' }]);
    expect(await batch()).toMatchObject({ invalid: 2 });
    expect((await people()).rows[0]!.errorCount).toBe(1);
    setPhotoIssues(db, photoId, []);
    expect(await batch()).toMatchObject({ invalid: 1 });
  });
});


describe('a store from before the photo counts (migration 6)', () => {
  it('counts its people’s photos when it is opened by this version', () => {
    const dir = path.join(root, 'old');
    const old = openStore(dir, MIGRATIONS.filter((m) => m.id < 6));
    const at = '2026-11-23T09:00:00+08:00';
    old.prepare(`INSERT INTO batches (id, kind, name, number, created_at, updated_at) VALUES ('b', 'new', 'n', 'XZZF1', ?, ?)`).run(at, at);
    const person = old.prepare(`INSERT INTO persons (batch_id, raw_json, name, created_at, updated_at) VALUES ('b', '{}', ?, ?, ?)`);
    const [good, bad, none] = ['好', '坏', '无'].map((n) => Number(person.run(n, at, at).lastInsertRowid));
    old.prepare(`INSERT INTO blobs (sha256, size, mime, created_at) VALUES ('s', 1, 'image/jpeg', ?)`).run(at);
    const photo = old.prepare(`INSERT INTO photos (person_id, sha256, file_name, current, issues_json, created_at) VALUES (?, 's', 'x.jpg', ?, ?, ?)`);
    photo.run(good, 1, '[]', at);
    photo.run(bad, 0, '[]', at); // an earlier photo that fitted …
    photo.run(bad, 1, JSON.stringify([{ field: 'photo', code: 'photo.color', severity: 'error', message: 'x' }, { field: 'photo', code: 'photo.dpi', severity: 'error', message: 'y' }]), at);
    old.close();

    const now = openStore(dir);
    const counts = now.prepare('SELECT id, has_photo AS hasPhoto, photo_error_count AS errors FROM persons ORDER BY id').all();
    now.close();
    expect(counts).toEqual([
      { id: good, hasPhoto: 1, errors: 0 },
      { id: bad, hasPhoto: 1, errors: 2 },
      { id: none, hasPhoto: 0, errors: 1 },
    ]);
  });
});
