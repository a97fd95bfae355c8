import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { PhotoSpec } from '../../src-shared/photo-spec.js';
import { fixPhoto, type PhotoFixResult } from '../../src-main/photos/fix-photo.js';
import { inspectPhoto } from '../../src-main/photos/inspect-photo.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';
import {
  PHONE_EXIF,
  TRANSPARENT,
  WHITE,
  fakeHeic,
  jpegClaiming,
  jpegPortrait,
  meanRgb,
  pngBombHeader,
  pngPortrait,
  portrait,
  rotatedPhonePhoto,
} from '../helpers/photos.js';

/** fixPhoto: every fix, and that a fixed photo passes inspectPhoto for its profile. */
const fujian = getPhotoSpec('fujian');
const guangxi = getPhotoSpec('guangxi');
const national = getPhotoSpec('national-exam');

/** Fixes a copy of `bytes` and checks that the input buffer was not changed. */
async function fix(bytes: Buffer, fileName: string, spec: PhotoSpec): Promise<PhotoFixResult> {
  const before = Buffer.from(bytes);
  const r = await fixPhoto({ bytes, fileName }, spec);
  expect(bytes.equals(before)).toBe(true);
  for (const a of r.actions) expect(a).toMatch(/^[已照]/);
  return r;
}

/** The fixed photo passes its profile: re-inspected here from its bytes, independently of r.after. */
async function expectPasses(r: PhotoFixResult, spec: PhotoSpec, except: string[] = []): Promise<void> {
  expect(r.bytes).not.toBeNull();
  const again = await inspectPhoto({ bytes: r.bytes!, fileName: `fixed${r.extension}` }, spec);
  expect(again.issues.filter((i) => !except.includes(i.code))).toEqual([]);
  expect(r.unfixable.map((i) => i.code).sort()).toEqual(again.issues.map((i) => i.code).sort());
}

describe('fixPhoto', () => {
  it('a phone photo to guangxi: 90×120 JPG under 40 KB, 300 DPI, no EXIF and no GPS left', async () => {
    const bytes = await (await portrait(1500, 2000, { noise: 12 })).jpeg({ quality: 95 }).withExif(PHONE_EXIF).toBuffer();
    const r = await fix(bytes, '440308199901101512.jpg', guangxi);
    await expectPasses(r, guangxi);
    expect(r).toMatchObject({ format: 'jpeg', extension: '.jpg', changed: true, unfixable: [] });
    const meta = await sharp(r.bytes!).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 90, height: 120, density: 300, space: 'srgb', channels: 3 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(r.bytes!.includes('HUAWEI')).toBe(false);
    expect(r.bytes!.includes('GPS')).toBe(false);
    expect(r.bytes!.length).toBeLessThanOrEqual(40_000);
    expect(r.actions.join('\n')).toMatch(/1500×2000 像素的照片缩放为 90×120 像素/);
    expect(r.actions.join('\n')).toMatch(/GPS 位置/);
    expect(r.actions.join('\n')).toMatch(/300 DPI/);
    // The portrait is still there: red background at the top, the jacket at the bottom.
    const [tr, tg, tb] = await meanRgb(r.bytes!, { left: 0, top: 0, width: 90, height: 8 });
    expect(tr).toBeGreaterThan(200);
    expect(Math.max(tg, tb)).toBeLessThan(60);
    const [br, , bb] = await meanRgb(r.bytes!, { left: 35, top: 110, width: 20, height: 10 });
    expect(bb).toBeGreaterThan(br);
  });

  it('each profile’s good photo is passed through unchanged', async () => {
    const cases: Array<[Buffer, string, PhotoSpec]> = [
      [await jpegPortrait(90, 120, { noise: 6 }), 'a.jpg', guangxi],
      [await pngPortrait(402, 461, { background: TRANSPARENT, dpi: 300 }), 'a.png', fujian],
      [await jpegPortrait(295, 413, { background: WHITE, noise: 4, quality: 80 }), 'a.jpg', national],
    ];
    for (const [bytes, name, spec] of cases) {
      // pngPortrait with a DPI writes a small EXIF block; strip-free photos are copied as they are.
      const r = await fix(bytes, name, spec);
      await expectPasses(r, spec);
      if (!(await sharp(bytes).metadata()).exif) {
        expect(r.changed).toBe(false);
        expect(r.bytes!.equals(bytes)).toBe(true);
        expect(r.actions).toEqual([expect.stringMatching(/未作改动/)]);
      }
    }
  });

  it('wrong ratio: crops around the subject to 34:39 and resizes to 402×461 (fujian)', async () => {
    const r = await fix(await pngPortrait(900, 900, { background: TRANSPARENT }), 'a.png', fujian);
    await expectPasses(r, fujian);
    const meta = await sharp(r.bytes!).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 402, height: 461, density: 300, hasAlpha: true });
    expect(r.actions.join('\n')).toMatch(/裁剪为 34:39 的比例，并缩放为 402×461 像素/);
    // The face stays in the middle: skin colour at the centre, transparency at the top corners.
    const [fr, fg, fb] = await meanRgb(r.bytes!, { left: 181, top: 190, width: 40, height: 20 });
    expect(fr).toBeGreaterThan(fb);
    expect(fg).toBeGreaterThan(fb);
  });

  it('an off-centre subject in a landscape photo is kept in the crop (attention strategy)', async () => {
    // A wide photo, the person on the left third.
    const W = 1600;
    const H = 1200;
    const person = await (await portrait(800, 1200, { background: '#ff0000' })).png().toBuffer();
    const bytes = await sharp({ create: { width: W, height: H, channels: 3, background: '#ff0000' } })
      .composite([{ input: person, left: 100, top: 0 }])
      .jpeg()
      .toBuffer();
    const r = await fix(bytes, 'a.jpg', guangxi);
    await expectPasses(r, guangxi);
    const [fr, fg, fb] = await meanRgb(r.bytes!, { left: 35, top: 45, width: 20, height: 10 });
    // Skin (232,184,150), not the red background, at the centre of the fixed photo.
    expect(fg).toBeGreaterThan(120);
    expect(fr).toBeGreaterThan(fb);
  });

  it('too large a file: searches the JPEG quality to land under the limit (national exam, 20 KB)', async () => {
    const bytes = await jpegPortrait(295, 413, { background: WHITE, noise: 30, quality: 100 });
    expect(bytes.length).toBeGreaterThan(3 * national.maxBytes);
    const r = await fix(bytes, 'a.jpg', national);
    await expectPasses(r, national);
    expect(r.bytes!.length).toBeLessThanOrEqual(national.maxBytes);
    const q = Number(/质量 (\d+)/.exec(r.actions.join('\n'))?.[1]);
    expect(q).toBeGreaterThanOrEqual(20);
    expect(q).toBeLessThan(90);
  });

  it('too large a file because of metadata: stripping it is enough', async () => {
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><!-- ${'编辑记录'.repeat(4000)} --></x:xmpmeta>`;
    const bytes = await (await portrait(90, 120)).jpeg().withXmp(xmp).toBuffer();
    const r = await fix(bytes, 'a.jpg', guangxi);
    await expectPasses(r, guangxi);
    expect(r.actions.join('\n')).toMatch(/删除照片中的 EXIF 等附加信息/);
  });

  it('a PNG over its size limit becomes a palette PNG with the most colours that fit', async () => {
    const small: PhotoSpec = { ...fujian, name: 'small-png', maxBytes: 60_000 };
    const r = await fix(await pngPortrait(402, 461, { background: TRANSPARENT, noise: 40, dpi: 300 }), 'a.png', small);
    await expectPasses(r, small);
    expect(r.bytes!.length).toBeLessThanOrEqual(60_000);
    expect(r.actions.join('\n')).toMatch(/\d+ 色的 PNG（减少颜色数/);
    expect((await sharp(r.bytes!).metadata()).isPalette).toBe(true);
  });

  it('a PNG renamed .jpg becomes a real JPG named .jpg', async () => {
    const r = await fix(await pngPortrait(180, 240), '440308199901101512.jpg', guangxi);
    await expectPasses(r, guangxi);
    expect(r.extension).toBe('.jpg');
    expect(r.actions.join('\n')).toMatch(/已把 PNG 格式转换为 JPG 格式/);
  });

  it('WebP and AVIF become JPG', async () => {
    for (const bytes of [await (await portrait(180, 240)).webp().toBuffer(), await (await portrait(180, 240)).avif().toBuffer()]) {
      const r = await fix(bytes, 'a.jpg', guangxi);
      await expectPasses(r, guangxi);
      expect(r.actions.join('\n')).toMatch(/(WebP|AVIF) 格式转换为 JPG/);
    }
  });

  it('a JPG becomes a PNG for fujian (the background is still not transparent, and it says so)', async () => {
    const r = await fix(await jpegPortrait(804, 922, { background: WHITE }), 'a.jpg', fujian);
    await expectPasses(r, fujian, ['photo.background']);
    expect(r.extension).toBe('.png');
    expect(r.unfixable.map((i) => i.code)).toEqual(['photo.background']);
    expect(r.unfixable[0]!.message).toMatch(/无法自动修正/);
  });

  it('a spec accepting JPG and PNG keeps the format it gets', async () => {
    const both: PhotoSpec = { ...guangxi, name: 'both', formats: ['jpeg', 'png'] };
    const r = await fix(await pngPortrait(180, 240), 'a.png', both);
    await expectPasses(r, both);
    expect(r).toMatchObject({ format: 'png', extension: '.png' });
    expect(r.actions.join('\n')).not.toMatch(/格式转换/);
  });

  it('a transparent background is filled with the colour guangxi wants', async () => {
    const r = await fix(await pngPortrait(402, 461, { background: TRANSPARENT }), 'a.png', guangxi);
    await expectPasses(r, guangxi);
    expect(r.actions.join('\n')).toMatch(/已把透明背景填充为红色/);
    const [tr, tg] = await meanRgb(r.bytes!, { left: 0, top: 0, width: 90, height: 6 });
    expect(tr).toBeGreaterThan(240);
    expect(tg).toBeLessThan(20);
  });

  it('a wrong background cannot be fixed: the rest is, and unfixable says what is left', async () => {
    const r = await fix(await jpegPortrait(900, 1200, { background: WHITE, noise: 6 }), 'a.jpg', guangxi);
    await expectPasses(r, guangxi, ['photo.background']);
    expect(r.unfixable).toHaveLength(1);
    expect(r.unfixable[0]).toMatchObject({ field: 'photo', code: 'photo.background', severity: 'error' });
    expect(r.unfixable[0]!.message).toMatch(/白色.*应为红色背景；背景颜色无法自动修正/);
  });

  it('greyscale cannot be fixed', async () => {
    const r = await fix(await (await portrait(900, 1200)).greyscale().jpeg().toBuffer(), 'a.jpg', guangxi);
    await expectPasses(r, guangxi, ['photo.color', 'photo.background']);
    expect(r.unfixable.map((i) => i.code)).toContain('photo.color');
  });

  it('CMYK is converted to sRGB', async () => {
    const bytes = await (await portrait(900, 1200, { noise: 6 })).toColourspace('cmyk').jpeg().toBuffer();
    const r = await fix(bytes, 'a.jpg', guangxi);
    await expectPasses(r, guangxi);
    expect((await sharp(r.bytes!).metadata()).space).toBe('srgb');
    expect(r.actions.join('\n')).toMatch(/CMYK/);
    const [tr, tg] = await meanRgb(r.bytes!, { left: 0, top: 0, width: 90, height: 6 });
    expect(tr).toBeGreaterThan(200);
    expect(tg).toBeLessThan(60);
  });

  it('a 16-bit PNG becomes 8-bit', async () => {
    const bytes = await (await portrait(804, 922, { background: TRANSPARENT })).toColourspace('rgb16').png().toBuffer();
    const r = await fix(bytes, 'a.png', fujian);
    await expectPasses(r, fujian);
    const meta = await sharp(r.bytes!).metadata();
    expect(meta.bitsPerSample).toBe(8);
    expect(r.actions.join('\n')).toMatch(/16 位转换为 8 位/);
  });

  it('an EXIF-rotated phone photo (orientation 6) comes out upright', async () => {
    const bytes = await rotatedPhonePhoto(1500, 2000, { noise: 8 });
    const r = await fix(bytes, 'IMG_20250101.jpg', guangxi);
    await expectPasses(r, guangxi);
    const meta = await sharp(r.bytes!).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([90, 120, 1]);
    expect(r.actions[0]).toMatch(/转正（顺时针旋转 90°）/);
    // Upright: background on top, dark jacket at the bottom centre, skin in the middle.
    const [tr, , tb] = await meanRgb(r.bytes!, { left: 0, top: 0, width: 90, height: 6 });
    expect(tr).toBeGreaterThan(200);
    expect(tb).toBeLessThan(60);
    const [br, bg, bb] = await meanRgb(r.bytes!, { left: 30, top: 108, width: 30, height: 10 });
    expect(br + bg + bb).toBeLessThan(250);
    expect(r.actions.join('\n')).toMatch(/GPS/);
  });

  it('too small: no upscaling, nothing written, and it says why', async () => {
    for (const [bytes, spec] of [
      [await jpegPortrait(60, 80), guangxi],
      [await pngPortrait(300, 344, { background: TRANSPARENT }), fujian],
    ] as const) {
      const r = await fix(bytes, 'a.jpg', spec);
      expect(r.bytes).toBeNull();
      expect(r.unfixable.map((i) => i.code)).toEqual(['photo.dimensions']);
      expect(r.unfixable[0]!.message).toMatch(/像素不足.*请重新拍摄/);
    }
  });

  it('truncated, HEIC, unknown, empty and bomb files: nothing written, one clear finding each', async () => {
    const good = await jpegPortrait(900, 1200, { noise: 10 });
    const cases: Array<[Buffer, string]> = [
      [good.subarray(0, Math.floor(good.length * 0.6)), 'photo.format'],
      [fakeHeic(), 'photo.format'],
      [Buffer.from('not a photo'), 'photo.format'],
      [Buffer.alloc(0), 'photo.format'],
      [pngBombHeader(40000, 40000), 'photo.dimensions'],
      [await jpegClaiming(40000, 40000), 'photo.dimensions'],
    ];
    for (const [bytes, code] of cases) {
      const t0 = performance.now();
      const r = await fix(bytes, 'a.jpg', guangxi);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(r).toMatchObject({ bytes: null, format: null, changed: false, actions: [] });
      expect(r.unfixable.map((i) => i.code)).toEqual([code]);
      expect(r.unfixable[0]!.message).toMatch(/请/);
    }
  });
});
