import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src-main/store/open-store.js';
import { RegistrationService } from '../../src-main/services/registration-service.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { BlobStore } from '../../src-main/blobs/blob-store.js';
import { PhotoService } from '../../src-main/photos/photo-service.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';
import { auditFor } from '../../src-main/store/audit-log.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { tempDir } from '../helpers/temp-dir.js';

/** 照片导入 into the real store: matched, stored once, replaced with history, the rest reported. */
const root = tempDir('zfbm-photo-import-');

async function photo(fill: string): Promise<Buffer> {
  const svg = `<svg width="90" height="120"><rect width="90" height="120" fill="${fill}"/><ellipse cx="45" cy="60" rx="24" ry="32" fill="#f1c27d"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

describe('photo import', () => {
  it('attaches, replaces with history, ignores a repeat, and reports the unusable, the stray and the missing', async () => {
    const dir = path.join(root, 'data');
    const db = openStore(dir);
    const actor = { name: '测试员', now: () => new Date() };
    const svc = new RegistrationService(db, { tables: loadCodeTables(), actor, today: () => '2026-11-23' });
    const rows = [validRow(), validRow(), validRow(), validRow()];
    const xlsx = path.join(root, 'p.xlsx');
    await writeTemplate(xlsx, rows);
    const { batch } = await svc.importFile(xlsx);
    const people = svc.listPersons(batch.id);
    const photos = new PhotoService(db, new BlobStore(db, dir), actor);
    const spec = getPhotoSpec('guangxi');

    const first = path.join(root, 'first');
    fs.mkdirSync(first);
    const red = await photo('#d81e06');
    fs.writeFileSync(path.join(first, `${rows[0]!.idNumber}.jpg`), red);
    fs.writeFileSync(path.join(first, `${rows[1]!.idNumber}.jpg`), await photo('#ffffff'));
    fs.writeFileSync(path.join(first, `${rows[2]!.idNumber}.jpg`), red.subarray(0, 200)); // truncated
    fs.writeFileSync(path.join(first, '合照.jpg'), red);
    const r1 = await photos.importPhotos(batch, [first], spec);
    expect(r1).toMatchObject({ attached: 2, replaced: 0, unchanged: 0, withFindings: 1 });
    expect(r1.rejected.map((x) => x.fileName)).toEqual([`${rows[2]!.idNumber}.jpg`]);
    expect(r1.rejected[0]!.issues.map((i) => i.code)).toContain('photo.format');
    expect(r1.unmatched.map((x) => x.fileName)).toEqual(['合照.jpg']);
    // The truncated file's owner is told under `rejected`, not as missing.
    expect(r1.missing.map((m) => m.idNumber)).toEqual([rows[3]!.idNumber]);
    expect(photos.current(people[1]!.id)!.issues.map((i) => i.code)).toContain('photo.background');
    // The same photo in the same place twice is stored once.
    expect((db.prepare('SELECT COUNT(*) AS c FROM blobs').get() as { c: number }).c).toBe(2);

    // A better photo for the second person replaces the first; the old one stays in the history.
    const second = path.join(root, 'second');
    fs.mkdirSync(second);
    fs.writeFileSync(path.join(second, `${rows[1]!.idNumber}.JPG`), red);
    fs.writeFileSync(path.join(second, `${rows[0]!.idNumber}.jpg`), red);
    const r2 = await photos.importPhotos(batch, [second], spec);
    expect(r2).toMatchObject({ attached: 0, replaced: 1, unchanged: 1 });
    expect(r2.missing.map((m) => m.idNumber).sort()).toEqual([rows[2]!.idNumber, rows[3]!.idNumber].sort());
    const history = photos.history(people[1]!.id);
    expect(history.map((h) => [h.current, h.issues.length === 0])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(auditFor(db, 'person', String(people[1]!.id)).filter((a) => a.field === 'photo').map((a) => a.action)).toEqual(['photo.add', 'photo.replace']);

    db.prepare("UPDATE batches SET status = 'submitted' WHERE id = ?").run(batch.id);
    await expect(photos.importPhotos(svc.getBatch(batch.id), [second], spec)).rejects.toThrow(/已提交，不能再导入照片/);
    db.close();
  });
});

describe('cli photos import', () => {
  it('imports a folder into a batch and says what matched, what did not and who has no photo', async () => {
    const { runCli } = await import('../helpers/run-cli.js');
    const dir = path.join(root, 'cli-data');
    const rows = [validRow(), validRow()];
    const xlsx = path.join(root, 'cli.xlsx');
    await writeTemplate(xlsx, rows);
    const number = (JSON.parse((await runCli(['import', '--data', dir, xlsx, '--json'])).stdout) as { batch: { number: string } }).batch.number;
    const folder = path.join(root, 'cli-photos');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, `${rows[0]!.idNumber}.jpg`), await photo('#d81e06'));
    fs.writeFileSync(path.join(folder, '未命名 照片.jpg'), await photo('#d81e06'));
    const r = await runCli(['photos', 'import', '--data', dir, '--batch', number, folder, '--photo-spec', 'guangxi']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/新增 1 张，更换 0 张/);
    expect(r.stdout).toContain('照片“未命名 照片.jpg”找不到对应的人员');
    expect(r.stdout).toContain(`${rows[1]!.idNumber}：没有找到此人的照片`);
    const again = JSON.parse((await runCli(['photos', 'import', '--data', dir, '--batch', number, folder, '--photo-spec', 'guangxi', '--json'])).stdout);
    expect(again).toMatchObject({ attached: 0, replaced: 0, unchanged: 1 });
    expect((await runCli(['photos', 'import', '--data', dir, folder])).stderr).toMatch(/--batch/);
  });
});
