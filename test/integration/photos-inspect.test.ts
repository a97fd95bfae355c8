import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src-shared/domain/issue.js';
import { photoSpecFileSchema, type PhotoSpec } from '../../src-shared/photo-spec.js';
import { inspectPhoto, type PhotoInspection } from '../../src-main/photos/inspect-photo.js';
import { getPhotoSpec, loadPhotoSpecs, PhotoSpecError } from '../../src-node/reference/photo-specs.js';
import { sniffPhotoFormat } from '../../src-main/photos/photo-format.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import {
  BLUE,
  PHONE_EXIF,
  TRANSPARENT,
  WHITE,
  fakeHeic,
  jpegClaiming,
  jpegPortrait,
  pngBombHeader,
  pngBombValid,
  pngPortrait,
  portrait,
  rotatedPhonePhoto,
} from '../helpers/photos.js';

/** inspectPhoto against the shipped profiles, with images made by sharp here. */
const fujian = getPhotoSpec('fujian');
const guangxi = getPhotoSpec('guangxi');
const national = getPhotoSpec('national-exam');

const codes = (r: PhotoInspection) => r.issues.map((i) => `${i.code}/${i.severity}`);
const only = (r: PhotoInspection, code: string): Issue => {
  const found = r.issues.filter((i) => i.code === code);
  expect(found, `${code} in ${JSON.stringify(r.issues)}`).toHaveLength(1);
  return found[0]!;
};

/** Every message: Chinese, about the photo, and says what to do next. */
function expectGoodMessages(r: PhotoInspection): void {
  for (const i of r.issues) {
    expect(i.field).toBe('photo');
    expect(i.message).toMatch(/[\u4e00-\u9fff]/);
    expect(i.message).toMatch(/请|可点击“一键修正”/);
  }
}

describe('photo spec profiles', () => {
  it('ships fujian, guangxi and national-exam, with an active default', () => {
    const specs = loadPhotoSpecs();
    expect(specs.specs.map((s) => s.name)).toEqual(expect.arrayContaining(['fujian', 'guangxi', 'national-exam']));
    expect(getPhotoSpec().name).toBe(specs.active);
    expect(guangxi).toMatchObject({ formats: ['jpeg'], pixels: { kind: 'exact', width: 90, height: 120 }, background: 'red', color: true });
    expect(guangxi.maxBytes).toBeLessThanOrEqual(40 * 1000);
    expect(fujian).toMatchObject({ formats: ['png'], background: 'transparent', minDpi: 300, pixels: { kind: 'range', minWidth: 402, minHeight: 461 } });
    expect(national).toMatchObject({ formats: ['jpeg'], pixels: { kind: 'exact', width: 295, height: 413 }, background: 'white' });
  });

  it('an unknown name is refused in Chinese, listing the valid names', () => {
    expect(() => getPhotoSpec('beijing')).toThrow(PhotoSpecError);
    try {
      getPhotoSpec('beijing');
    } catch (e) {
      expect((e as Error).message).toMatch(/beijing/);
      for (const n of ['fujian', 'guangxi', 'national-exam']) expect((e as Error).message).toContain(n);
      expect((e as Error).message).toMatch(/请/);
    }
  });

  it('rejects a broken profile file', () => {
    const broken = { active: 'x', specs: [{ ...guangxi, name: 'y' }] };
    expect(photoSpecFileSchema.safeParse(broken).success).toBe(false);
    const transparentJpeg = { active: 'g', specs: [{ ...guangxi, name: 'g', background: 'transparent' }] };
    expect(photoSpecFileSchema.safeParse(transparentJpeg).success).toBe(false);
  });
});

describe('each profile’s good photo passes', () => {
  it('guangxi: 90×120 JPG, red background, colour, under 40 KB', async () => {
    const bytes = await jpegPortrait(90, 120, { noise: 6 });
    const r = await inspectPhoto({ bytes, fileName: '440308199901101512.jpg' }, guangxi);
    expect(r.issues).toEqual([]);
    expect(r).toMatchObject({ format: 'jpeg', width: 90, height: 120, readable: true, color: 'color', bitDepth: 8, colorSpace: 'srgb', orientation: 1 });
    expect(r.background?.name).toBe('red');
  });

  it('fujian: 402×461 PNG, transparent background, 300 DPI', async () => {
    const bytes = await pngPortrait(402, 461, { background: TRANSPARENT, dpi: 300 });
    const r = await inspectPhoto({ bytes, fileName: '440308199901101512.png' }, fujian);
    expect(r.issues).toEqual([]);
    expect(r).toMatchObject({ format: 'png', width: 402, height: 461, dpi: 300, hasAlpha: true });
    expect(r.background?.name).toBe('transparent');
  });

  it('fujian: a larger photo of the same ratio passes too', async () => {
    const bytes = await pngPortrait(804, 922, { background: TRANSPARENT, dpi: 600 });
    expect((await inspectPhoto({ bytes, fileName: 'a.png' }, fujian)).issues).toEqual([]);
  });

  it('national-exam: 295×413 JPG, white background, about 10 KB', async () => {
    const bytes = await jpegPortrait(295, 413, { background: WHITE, noise: 4, quality: 80 });
    expect(bytes.length).toBeLessThan(national.maxBytes);
    const r = await inspectPhoto({ bytes, fileName: 'a.jpg' }, national);
    expect(r.issues).toEqual([]);
    expect(r.background?.name).toBe('white');
  });

  it('blue backgrounds are recognised', async () => {
    const r = await inspectPhoto({ bytes: await jpegPortrait(90, 120, { background: BLUE }), fileName: 'a.jpg' }, guangxi);
    expect(r.background?.name).toBe('blue');
    expect(only(r, 'photo.background').message).toContain('蓝色');
  });
});

describe('findings', () => {
  it('a phone photo is the wrong size, names both sizes and offers the fix', async () => {
    const bytes = await jpegPortrait(1500, 2000, { noise: 10 });
    const r = await inspectPhoto({ bytes, fileName: 'IMG_0001.jpg' }, guangxi);
    const d = only(r, 'photo.dimensions');
    expect(d.severity).toBe('error');
    expect(d.message).toBe('照片宽高为 1500×2000 像素，应为 90×120 像素，可点击“一键修正”自动裁剪缩放');
    expect(d.value).toBe('1500×2000');
    expectGoodMessages(r);
  });

  it('too small: fewer pixels than wanted cannot be fixed, and says so', async () => {
    const g = await inspectPhoto({ bytes: await jpegPortrait(60, 80), fileName: 'a.jpg' }, guangxi);
    expect(only(g, 'photo.dimensions').message).toMatch(/60×80 像素，应为 90×120 像素.*无法自动修正，请重新拍摄/);
    const f = await inspectPhoto({ bytes: await pngPortrait(300, 344, { background: TRANSPARENT, dpi: 300 }), fileName: 'a.png' }, fujian);
    expect(only(f, 'photo.dimensions').message).toMatch(/300×344 像素，至少应为 402×461 像素（34×39 毫米、300 DPI）.*请重新拍摄/);
    expectGoodMessages(g);
    expectGoodMessages(f);
  });

  it('wrong ratio (fujian, a square photo)', async () => {
    const r = await inspectPhoto({ bytes: await pngPortrait(600, 600, { background: TRANSPARENT, dpi: 300 }), fileName: 'a.png' }, fujian);
    expect(codes(r)).toEqual(['photo.dimensions/error']);
    expect(r.issues[0]!.message).toMatch(/宽高比为 1\.00（600×600 像素），应为 34:39（约 0\.87）/);
  });

  it('too large a file: a 90×120 JPG carrying 48 KB of metadata (XMP)', async () => {
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><!-- ${'编辑记录'.repeat(4000)} --></x:xmpmeta>`;
    const bytes = await (await portrait(90, 120)).jpeg().withXmp(xmp).toBuffer();
    expect(bytes.length).toBeGreaterThan(40_000);
    const r = await inspectPhoto({ bytes, fileName: 'a.jpg' }, guangxi);
    expect(codes(r)).toEqual(['photo.filesize/error']);
    expect(r.issues[0]!.message).toContain(`（${bytes.length.toLocaleString('en-US')} 字节），应不超过 40,000 字节`);
    expect(r.issues[0]!.message).toContain('一键修正');
  });

  it('too large a file: a noisy 295×413 JPG at quality 100 for the national exam', async () => {
    const bytes = await jpegPortrait(295, 413, { background: WHITE, noise: 20, quality: 100 });
    expect(codes(await inspectPhoto({ bytes, fileName: 'a.jpg' }, national))).toEqual(['photo.filesize/error']);
  });

  it('DPI below the minimum (a PNG records 72 when it says nothing)', async () => {
    const r = await inspectPhoto({ bytes: await pngPortrait(402, 461, { background: TRANSPARENT }), fileName: 'a.png' }, fujian);
    expect(codes(r)).toEqual(['photo.dpi/error']);
    expect(r.issues[0]!.message).toBe('照片分辨率为 72 DPI，应不低于 300 DPI；可点击“一键修正”设为 300 DPI');
  });

  it('greyscale where colour is required (stored as RGB or as one channel)', async () => {
    const rgb = await (await portrait(90, 120, { noise: 4 })).greyscale().jpeg().toBuffer();
    const one = await (await portrait(90, 120)).toColourspace('b-w').jpeg().toBuffer();
    for (const bytes of [rgb, one]) {
      const r = await inspectPhoto({ bytes, fileName: 'a.jpg' }, guangxi);
      expect(r.color).toBe('greyscale');
      expect(only(r, 'photo.color').message).toMatch(/黑白.*应为彩色.*无法自动修正/);
    }
  });

  it('wrong background: white where red is required, naming both colours', async () => {
    const r = await inspectPhoto({ bytes: await jpegPortrait(90, 120, { background: WHITE, noise: 4 }), fileName: 'a.jpg' }, guangxi);
    expect(codes(r)).toEqual(['photo.background/error']);
    expect(r.background?.name).toBe('white');
    expect(r.issues[0]!.message).toMatch(/^照片背景为白色（RGB \d+,\d+,\d+），应为红色背景；背景颜色无法自动修正，请重新拍摄/);
  });

  it('wrong background: not transparent where fujian wants transparent', async () => {
    const r = await inspectPhoto({ bytes: await pngPortrait(402, 461, { background: WHITE, dpi: 300 }), fileName: 'a.png' }, fujian);
    expect(codes(r)).toEqual(['photo.background/error']);
    expect(r.issues[0]!.message).toMatch(/应为透明背景/);
  });

  it('a PNG renamed .jpg is photo.format for guangxi: the bytes decide, not the name', async () => {
    const bytes = await pngPortrait(90, 120);
    const r = await inspectPhoto({ bytes, fileName: '440308199901101512.jpg' }, guangxi);
    expect(r.format).toBe('png');
    expect(codes(r)).toEqual(['photo.format/error']);
    expect(r.issues[0]!.message).toBe('照片实际是 PNG 格式（文件扩展名为 .jpg，只是改了后缀名，实际仍是 PNG），应为 JPG 格式；可点击“一键修正”转换为 JPG');
  });

  it('a JPG named .png is accepted for guangxi, with a warning to rename it', async () => {
    const r = await inspectPhoto({ bytes: await jpegPortrait(90, 120), fileName: 'a.png' }, guangxi);
    expect(codes(r)).toEqual(['photo.format/warning']);
    expect(r.issues[0]!.message).toMatch(/扩展名应为 \.jpg/);
  });

  it('WebP and AVIF renamed .jpg are photo.format (and still readable)', async () => {
    const webp = await (await portrait(90, 120)).webp().toBuffer();
    const avif = await (await portrait(90, 120)).avif().toBuffer();
    for (const [bytes, format, label] of [
      [webp, 'webp', 'WebP'],
      [avif, 'avif', 'AVIF'],
    ] as const) {
      const r = await inspectPhoto({ bytes, fileName: 'a.jpg' }, guangxi);
      expect(r.format).toBe(format);
      expect(r.readable).toBe(true);
      expect(codes(r)).toEqual(['photo.format/error']);
      expect(r.issues[0]!.message).toContain(`照片实际是 ${label} 格式`);
    }
  });

  it('HEIC renamed .jpg: recognised by its ftyp brand; this sharp cannot decode HEVC, so it says how to convert', async () => {
    const r = await inspectPhoto({ bytes: fakeHeic(), fileName: 'IMG_0001.jpg' }, guangxi);
    expect(r.format).toBe('heic');
    expect(r.readable).toBe(false);
    expect(codes(r)).toEqual(['photo.format/error']);
    expect(r.issues[0]!.message).toMatch(/HEIC.*应为 JPG.*导出为 JPG/);
  });

  it('magic bytes of the other formats', async () => {
    expect(sniffPhotoFormat(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffPhotoFormat(Buffer.from('BM\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000', 'latin1'))).toBe('bmp');
    expect(sniffPhotoFormat(await sharp({ create: { width: 4, height: 4, channels: 3, background: WHITE } }).gif().toBuffer())).toBe('gif');
    expect(sniffPhotoFormat(await sharp({ create: { width: 4, height: 4, channels: 3, background: WHITE } }).tiff().toBuffer())).toBe('tiff');
    expect(sniffPhotoFormat(Buffer.from('hello'))).toBe('unknown');
    const pdf = await inspectPhoto({ bytes: Buffer.from('%PDF-1.7\n%âãÏÓ\n'), fileName: 'a.jpg' }, guangxi);
    expect(pdf.issues[0]!.message).toMatch(/PDF 文档，不是照片/);
    const empty = await inspectPhoto({ bytes: Buffer.alloc(0), fileName: 'a.jpg' }, guangxi);
    expect(codes(empty)).toEqual(['photo.format/error']);
    const text = await inspectPhoto({ bytes: Buffer.from('just text'), fileName: 'a.jpg' }, guangxi);
    expect(codes(text)).toEqual(['photo.format/error']);
    expectGoodMessages(pdf);
    expectGoodMessages(empty);
    expectGoodMessages(text);
  });

  it('a truncated JPEG is photo.format, never a thrown error', async () => {
    const good = await jpegPortrait(900, 1200, { noise: 10 });
    for (const cut of [0.6, 0.2]) {
      const r = await inspectPhoto({ bytes: good.subarray(0, Math.floor(good.length * cut)), fileName: 'a.jpg' }, guangxi);
      expect(r.readable).toBe(false);
      expect(codes(r)).toEqual(['photo.format/error']);
      expect(r.issues[0]!.message).toMatch(/已损坏或不完整.*请从原始照片重新复制或导出/);
    }
    // Cut inside the header: not even the size can be read.
    const header = await inspectPhoto({ bytes: good.subarray(0, 40), fileName: 'a.jpg' }, guangxi);
    expect(codes(header)).toEqual(['photo.format/error']);
  });

  it('a CMYK JPEG is read (colours converted) with a warning that some systems cannot show it', async () => {
    const bytes = await (await portrait(90, 120, { noise: 4 })).toColourspace('cmyk').jpeg().toBuffer();
    const r = await inspectPhoto({ bytes, fileName: 'a.jpg' }, guangxi);
    expect(r.colorSpace).toBe('cmyk');
    expect(r.background?.name).toBe('red');
    expect(r.color).toBe('color');
    expect(codes(r)).toEqual(['photo.format/warning']);
    expect(r.issues[0]!.message).toMatch(/CMYK/);
  });

  it('a 16-bit PNG is read like any other', async () => {
    const bytes = await (await portrait(402, 461, { background: TRANSPARENT })).toColourspace('rgb16').png().withDensity(300).toBuffer();
    const r = await inspectPhoto({ bytes, fileName: 'a.png' }, fujian);
    expect(r).toMatchObject({ bitDepth: 16, colorSpace: 'rgb16', color: 'color' });
    expect(r.issues).toEqual([]);
  });

  it('a phone photo lying on its side (EXIF orientation 6) is measured as shown: portrait', async () => {
    const bytes = await rotatedPhonePhoto(1500, 2000, { noise: 8 });
    const stored = await sharp(bytes).metadata();
    expect([stored.width, stored.height]).toEqual([2000, 1500]);
    const r = await inspectPhoto({ bytes, fileName: 'IMG_20250101.jpg' }, guangxi);
    expect(r).toMatchObject({ width: 1500, height: 2000, orientation: 6, hasExif: true, hasGps: true });
    expect(only(r, 'photo.dimensions').message).toContain('1500×2000');
    expect(r.background?.name).toBe('red');
  });

  it('PHONE_EXIF really carries GPS (the helper the fix tests rely on)', async () => {
    const bytes = await (await portrait(90, 120)).jpeg().withExif(PHONE_EXIF).toBuffer();
    expect((await inspectPhoto({ bytes, fileName: 'a.jpg' }, guangxi)).hasGps).toBe(true);
    expect((await inspectPhoto({ bytes: await jpegPortrait(90, 120), fileName: 'a.jpg' }, guangxi)).hasGps).toBe(false);
  });

  it('several findings at once, in a stable order', async () => {
    const bytes = await (await portrait(300, 300, { background: WHITE })).greyscale().png().toBuffer();
    const r = await inspectPhoto({ bytes, fileName: 'a.png' }, guangxi);
    expect(r.issues.map((i) => i.code)).toEqual(['photo.format', 'photo.dimensions', 'photo.color', 'photo.background']);
    expectGoodMessages(r);
  });
});

describe('decompression bombs', () => {
  const dir = tempDir('zfbm-bomb-');

  /** Inspects a file in a fresh node process and reports its peak memory and the time inspection took. */
  function inspectInChild(file: string, spec: string): Promise<{ ms: number; maxRssMB: number; baseRssMB: number; issues: Issue[] }> {
    return new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', path.join(REPO_ROOT, 'test', 'helpers', 'inspect-child.ts'), file, spec],
        { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout))),
      );
    });
  }

  it('a 40000×40000 PNG of a few KB is rejected within 2 s, memory bounded', async () => {
    const bytes = pngBombHeader(40000, 40000);
    expect(bytes.length).toBeLessThan(8 * 1024);
    const file = path.join(dir, 'bomb.png');
    fs.writeFileSync(file, bytes);
    const r = await inspectInChild(file, 'guangxi');
    expect(r.ms).toBeLessThan(2000);
    // Decoding it would take 4.8 GB; the child must stay near what node and sharp need to start.
    expect(r.maxRssMB - r.baseRssMB).toBeLessThan(100);
    expect(r.maxRssMB).toBeLessThan(400);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'photo.dimensions', severity: 'error' });
    expect(r.issues[0]!.message).toMatch(/40000×40000 像素.*应为 90×120 像素.*请换用/);
  });

  it('a complete, valid 40000×40000 PNG of one colour (200 KB, 1 bit per pixel) too', async () => {
    const bytes = await pngBombValid(40000, 40000);
    const file = path.join(dir, 'valid-bomb.png');
    fs.writeFileSync(file, bytes);
    const r = await inspectInChild(file, 'fujian');
    expect(r.ms).toBeLessThan(2000);
    expect(r.maxRssMB - r.baseRssMB).toBeLessThan(100);
    expect(r.issues.map((i) => i.code)).toEqual(['photo.dimensions']);
  });

  it('a JPEG whose header claims 40000×40000 too', async () => {
    const t0 = performance.now();
    const r = await inspectPhoto({ bytes: await jpegClaiming(40000, 40000), fileName: 'a.jpg' }, guangxi);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.issues.map((i) => i.code)).toEqual(['photo.dimensions']);
  });

  it('the profiles are plain data: a custom spec works the same way', async () => {
    const custom: PhotoSpec = { ...guangxi, name: 'custom', pixels: { kind: 'exact', width: 60, height: 80 } };
    expect((await inspectPhoto({ bytes: await jpegPortrait(60, 80), fileName: 'a.jpg' }, custom)).issues).toEqual([]);
  });
});
