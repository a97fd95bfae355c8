import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { runCli, validateJson } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** `validate --photos <dir> --photo-spec <name>`: photo findings on the rows, stray files listed. */
const root = tempDir('zfbm-vphotos-');

/** A 90×120 JPEG with a red border around a face-coloured oval: what Guangxi wants. */
async function guangxiPhoto(): Promise<Buffer> {
  const face = Buffer.from('<svg width="90" height="120"><rect width="90" height="120" fill="#d81e06"/><ellipse cx="45" cy="60" rx="24" ry="32" fill="#f1c27d"/></svg>');
  return sharp(face).jpeg({ quality: 85 }).toBuffer();
}

describe('validate with photos', () => {
  it('adds each row’s photo findings, photo.missing for people without one, and lists files that match nobody', async () => {
    const rows = [validRow(), validRow(), validRow({ photo: '第三个人.jpg' }), validRow()];
    const xlsx = path.join(root, 'people.xlsx');
    await writeTemplate(xlsx, rows);
    const dir = path.join(root, 'photos');
    fs.mkdirSync(dir);
    const good = await guangxiPhoto();
    expect(good.length).toBeLessThan(40_000);
    fs.writeFileSync(path.join(dir, `${rows[0]!.idNumber}.jpg`), good);
    // A PNG renamed .jpg: the bytes decide.
    fs.writeFileSync(path.join(dir, `${String(rows[1]!.idNumber).toLowerCase()}.jpg`), await sharp(good).png().toBuffer());
    fs.writeFileSync(path.join(dir, '第三个人.jpg'), good);
    fs.writeFileSync(path.join(dir, 'IMG_2024.JPG'), good);
    fs.writeFileSync(path.join(dir, 'Thumbs.db'), 'x');

    const r = await validateJson(xlsx, ['--photos', dir, '--photo-spec', 'guangxi']);
    const codes = (i: number) => r.rows[i]!.issues.map((x) => x.code);
    expect(codes(0)).toEqual([]);
    expect(codes(1)).toContain('photo.format');
    expect(codes(2)).toEqual([]);
    expect(codes(3)).toEqual(['photo.missing']);
    expect(r.rows[3]!.issues[0]!.message).toContain(`${rows[3]!.idNumber}.jpg`);
    expect(r.photos).toEqual([{ file: 'IMG_2024.JPG', issues: [expect.objectContaining({ code: 'photo.unmatched', field: 'photo' })] }]);
    expect(r.summary).toMatchObject({ rows: 4, valid: 2, invalid: 2 });
  });

  it('an unknown spec or a missing folder is exit 2 with a Chinese line', async () => {
    const xlsx = path.join(root, 'one.xlsx');
    await writeTemplate(xlsx, [validRow()]);
    const a = await runCli(['validate', xlsx, '--photos', root, '--photo-spec', 'mars']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/没有名为“mars”的照片规格.*guangxi/);
    const b = await runCli(['validate', xlsx, '--photos', path.join(root, 'nope')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/找不到照片文件夹/);
  });
});
