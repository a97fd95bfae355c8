import path from 'node:path';
import sharp from 'sharp';
import type { Issue } from '../../src-shared/domain/issue.js';
import { BACKGROUND_LABEL, SPEC_FORMAT_LABEL, photoSpecDpi, photoSpecTarget, pixelsAccepted, type PhotoSpec, type PhotoSpecFormat } from '../../src-shared/photo-spec.js';
import { DECODABLE_FORMATS, sniffPhotoFormat, extensionOf } from './photo-format.js';
import { FILE_FORMATS, extensionFitsType, savedExtension } from '../../src-shared/file-type.js';
import { stripExif } from './strip-metadata.js';
import { analyseRaw, bitDepthOf, estimateBackground, exifHasGps, readHeader, safeInput } from './photo-decode.js';
import { corruptIssue, dimensionIssue, formatBytes, inspectPhoto, tooManyPixelsIssue, unreadableFormatIssue, type PhotoInput, type PhotoInspection } from './inspect-photo.js';

/**
 * Makes a photo fit its spec: EXIF orientation applied, cropped to the spec's ratio around the
 * subject (sharp's attention strategy), resized, converted to 8-bit sRGB, re-encoded (mozjpeg for
 * JPEG) at the highest quality that lands under the size limit, DPI set, EXIF/GPS/XMP dropped.
 * Works on bytes only: the original file is never touched. What cannot be fixed (a wrong background,
 * a greyscale photo, too few pixels, an unreadable file) comes back in `unfixable`.
 */

export interface PhotoFixResult {
  /** The fixed photo; null when nothing usable could be made (unreadable file, too few pixels). */
  bytes: Buffer | null;
  /** The format of `bytes`: the source's when the spec accepts it, else the spec's first; null with `bytes`. */
  format: PhotoSpecFormat | null;
  /** The extension the fixed file should have ('.jpg', '.png'); '' with `bytes` null. */
  extension: string;
  /** False when the photo already met the spec and `bytes` are the original bytes. */
  changed: boolean;
  /** Chinese, one line per thing done. */
  actions: string[];
  /** What is still wrong with the result (or why there is none), as Issues with photo.* codes. */
  unfixable: Issue[];
  /** The inspection of `bytes` against the spec; null with `bytes`. */
  after: PhotoInspection | null;
}

/** The background colours a transparent background is filled with (the usual ID-photo values). */
const FILL: Record<'red' | 'white' | 'blue', { r: number; g: number; b: number }> = {
  red: { r: 255, g: 0, b: 0 },
  white: { r: 255, g: 255, b: 255 },
  blue: { r: 67, g: 142, b: 219 },
};

const ORIENTATION_TEXT: Record<number, string> = {
  2: '左右镜像',
  3: '旋转 180°',
  4: '上下镜像',
  5: '镜像并旋转 90°',
  6: '顺时针旋转 90°',
  7: '镜像并旋转 90°',
  8: '逆时针旋转 90°',
};

/** JPEG qualities searched: the best first, then binary search down to the lowest acceptable. */
const JPEG_BEST = 90;
const JPEG_LOWEST = 20;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function ratioText(spec: PhotoSpec): string {
  const p = spec.pixels;
  if (p.kind === 'range') return `${p.ratio.width}:${p.ratio.height}`;
  const g = gcd(p.width, p.height);
  return `${p.width / g}:${p.height / g}`;
}

function noResult(issue: Issue): PhotoFixResult {
  return { bytes: null, format: null, extension: '', changed: false, actions: [], unfixable: [issue], after: null };
}

interface Encoded {
  bytes: Buffer;
  how: string;
}

/** Highest JPEG quality whose file is within the size limits (binary search; few encodes of a small image). */
async function encodeJpeg(raw: Buffer, info: { width: number; height: number; channels: 3 | 4 }, dpi: number, spec: PhotoSpec): Promise<Encoded> {
  const encode = (quality: number) =>
    sharp(raw, { raw: info })
      .jpeg({ mozjpeg: true, quality, chromaSubsampling: '4:2:0' })
      .withDensity(dpi)
      .toBuffer()
      .then((b) => stripExif(b, 'jpeg', dpi));
  const fitsMax = (b: Buffer) => b.length <= spec.maxBytes;
  const min = spec.minBytes ?? 0;
  let best: Buffer = await encode(JPEG_BEST);
  let quality = JPEG_BEST;
  if (!fitsMax(best)) {
    let lo = JPEG_LOWEST;
    let hi = JPEG_BEST - 1;
    let found: { q: number; b: Buffer } | undefined;
    while (lo <= hi) {
      const q = (lo + hi) >> 1;
      const b = await encode(q);
      if (fitsMax(b)) {
        found = { q, b };
        lo = q + 1;
      } else hi = q - 1;
    }
    if (found) {
      best = found.b;
      quality = found.q;
    } else {
      best = await encode(JPEG_LOWEST);
      quality = JPEG_LOWEST;
    }
  } else if (best.length < min) {
    // Too small a file (a spec with a minimum): the lowest quality above the best that reaches it.
    let lo = JPEG_BEST + 1;
    let hi = 100;
    let found: { q: number; b: Buffer } | undefined;
    while (lo <= hi) {
      const q = (lo + hi) >> 1;
      const b = await encode(q);
      if (b.length >= min && fitsMax(b)) {
        found = { q, b };
        hi = q - 1;
      } else lo = q + 1;
    }
    if (found) {
      best = found.b;
      quality = found.q;
    }
  }
  return { bytes: best, how: `JPG（质量 ${quality}）` };
}

/**
 * Lossless PNG; when that is over the limit, a palette PNG with the most colours that fits (the
 * colour count, not imagequant's quality, is what decides the size of a photo's palette PNG).
 */
async function encodePng(raw: Buffer, info: { width: number; height: number; channels: 3 | 4 }, dpi: number, spec: PhotoSpec): Promise<Encoded> {
  const lossless = stripExif(await sharp(raw, { raw: info }).png({ compressionLevel: 9, adaptiveFiltering: true }).withDensity(dpi).toBuffer(), 'png', dpi);
  if (lossless.length <= spec.maxBytes) return { bytes: lossless, how: 'PNG（无损压缩）' };
  const encode = (colours: number) =>
    sharp(raw, { raw: info })
      .png({ compressionLevel: 9, palette: true, colours, effort: 4, dither: 1 })
      .withDensity(dpi)
      .toBuffer()
      .then((b) => stripExif(b, 'png', dpi));
  let last: Buffer = lossless;
  for (const colours of [256, 128, 64, 32, 16]) {
    last = await encode(colours);
    if (last.length <= spec.maxBytes) return { bytes: last, how: `${colours} 色的 PNG（减少颜色数，使文件不超过 ${formatBytes(spec.maxBytes)}）` };
  }
  return { bytes: last, how: 'PNG（已尽量减少颜色数）' };
}

/** Composes RGBA over a colour, in place of an alpha channel. */
function flattenRaw(rgba: Buffer, fill: { r: number; g: number; b: number }): Buffer {
  const n = rgba.length / 4;
  const out = Buffer.allocUnsafe(n * 3);
  for (let i = 0; i < n; i++) {
    const a = rgba[i * 4 + 3]!;
    const k = 255 - a;
    out[i * 3] = Math.round((rgba[i * 4]! * a + fill.r * k) / 255);
    out[i * 3 + 1] = Math.round((rgba[i * 4 + 1]! * a + fill.g * k) / 255);
    out[i * 3 + 2] = Math.round((rgba[i * 4 + 2]! * a + fill.b * k) / 255);
  }
  return out;
}

function hasTransparency(rgba: Buffer): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! < 255) return true;
  return false;
}

/** Issues a re-encode cannot change: the photo's content. */
const CONTENT_CODES = new Set(['photo.color', 'photo.background']);

export async function fixPhoto(input: PhotoInput, spec: PhotoSpec): Promise<PhotoFixResult> {
  const { bytes, fileName } = input;
  const source = sniffPhotoFormat(bytes);
  // An accepted format stays as it is; anything else becomes the spec's first format.
  const outFormat = spec.formats.includes(source as PhotoSpecFormat) ? (source as PhotoSpecFormat) : spec.formats[0]!;
  const outExt = savedExtension(outFormat);
  const outName = path.basename(fileName, path.extname(fileName)) + outExt;
  if (bytes.length === 0 || !DECODABLE_FORMATS.has(source)) {
    return noResult((await inspectPhoto(input, spec)).issues[0] ?? unreadableFormatIssue(source, spec));
  }
  const header = await readHeader(bytes);
  if (!header.ok) return noResult(header.problem === 'tooManyPixels' ? tooManyPixelsIssue(header.width, header.height, spec) : corruptIssue(source, spec));
  const { meta, width, height } = header;
  const target = photoSpecTarget(spec);
  if (target.width > width || target.height > height) {
    // No upscaling: a blown-up photo is blurred, and the clerk should know the original is too small.
    return noResult(dimensionIssue(spec, width, height) ?? corruptIssue(source, spec));
  }

  const dpi = photoSpecDpi(spec);
  const sourceDpi = Math.round(meta.density ?? 72);
  const hasExtras = Boolean(meta.exif?.length || meta.xmp?.length || meta.iptc?.length);
  const orientation = meta.orientation ?? 1;

  // Already right? Only then is the full inspection worth its cost; content issues stay as they are.
  const headerFine =
    spec.formats.includes(source as PhotoSpecFormat) &&
    extensionFitsType(source, extensionOf(fileName)) &&
    pixelsAccepted(spec, width, height) &&
    bytes.length <= spec.maxBytes &&
    (spec.minBytes === undefined || bytes.length >= spec.minBytes) &&
    (spec.minDpi === undefined || sourceDpi >= spec.minDpi) &&
    orientation === 1 &&
    !hasExtras &&
    (meta.space === 'srgb' || meta.space === 'b-w') &&
    bitDepthOf(meta) === 8;
  if (headerFine) {
    const inspection = await inspectPhoto(input, spec);
    const fillable = inspection.background?.name === 'transparent' && spec.background !== 'transparent' && spec.background !== 'any';
    if (inspection.readable && !fillable && inspection.issues.every((i) => CONTENT_CODES.has(i.code))) {
      return {
        bytes,
        format: source as PhotoSpecFormat,
        extension: path.extname(fileName),
        changed: false,
        actions: ['照片的格式、尺寸、文件大小和分辨率已符合要求，未作改动（原样复制）'],
        unfixable: inspection.issues,
        after: inspection,
      };
    }
  }

  // One decode: orientation, crop around the subject, resize, 8-bit sRGB; alpha kept for now.
  let raw: Buffer;
  let channels: 3 | 4;
  try {
    const r = await sharp(bytes, safeInput({ autoOrient: true }))
      .resize(target.width, target.height, { fit: 'cover', position: sharp.strategy.attention })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (r.info.width !== target.width || r.info.height !== target.height || (r.info.channels !== 3 && r.info.channels !== 4)) {
      throw new Error(`unexpected ${r.info.width}x${r.info.height}x${r.info.channels}`);
    }
    raw = r.data;
    channels = r.info.channels;
  } catch {
    return noResult(corruptIssue(source, spec));
  }

  const actions: string[] = [];
  if (orientation !== 1) actions.push(`已按照片记录的拍摄方向把照片转正（${ORIENTATION_TEXT[orientation] ?? '调整方向'}）`);
  if (width !== target.width || height !== target.height) {
    const sameRatio = Math.abs(width / height - target.width / target.height) < 0.005;
    actions.push(
      sameRatio
        ? `已把 ${width}×${height} 像素的照片缩放为 ${target.width}×${target.height} 像素`
        : `已围绕人像把 ${width}×${height} 像素的照片裁剪为 ${ratioText(spec)} 的比例，并缩放为 ${target.width}×${target.height} 像素`,
    );
  }
  if (meta.space === 'cmyk') actions.push('已把 CMYK 印刷色彩转换为 sRGB（RGB）彩色');
  else if (bitDepthOf(meta) > 8) actions.push(`已把每个颜色通道从 ${bitDepthOf(meta)} 位转换为 8 位`);

  if (channels === 4) {
    const transparentBackground = estimateBackground(raw, target.width, target.height, 4).name === 'transparent';
    const want = spec.background;
    if (outFormat === 'jpeg' || (want !== 'transparent' && want !== 'any' && transparentBackground)) {
      const fillName = want === 'red' || want === 'white' || want === 'blue' ? want : 'white';
      if (transparentBackground) actions.push(`已把透明背景填充为${BACKGROUND_LABEL[fillName]}`);
      else if (hasTransparency(raw)) actions.push(`已去掉透明部分（${SPEC_FORMAT_LABEL[outFormat]} 不支持透明，填充为${BACKGROUND_LABEL[fillName]}）`);
      raw = flattenRaw(raw, FILL[fillName]);
      channels = 3;
    }
  }
  if (source !== outFormat) actions.push(`已把 ${FILE_FORMATS[source].label} 格式转换为 ${SPEC_FORMAT_LABEL[outFormat]} 格式`);

  const info = { width: target.width, height: target.height, channels };
  const encoded = outFormat === 'jpeg' ? await encodeJpeg(raw, info, dpi, spec) : await encodePng(raw, info, dpi, spec);
  actions.push(`已保存为 ${encoded.how}，文件大小从 ${formatBytes(bytes.length)} 变为 ${formatBytes(encoded.bytes.length)}`);
  if (sourceDpi !== dpi) actions.push(`已把分辨率从 ${sourceDpi} DPI 设为 ${dpi} DPI`);
  if (hasExtras) {
    actions.push(exifHasGps(meta.exif) ? '已删除照片中的 EXIF 等附加信息，其中有拍摄地点的 GPS 位置' : '已删除照片中的 EXIF 等附加信息（拍摄设备、时间等）');
  }

  // The proof: the result is inspected like any photo; what is left is what could not be fixed.
  const after = await inspectPhoto({ bytes: encoded.bytes, fileName: outName }, spec, { pixels: analyseRaw(raw, target.width, target.height, channels) });
  return { bytes: encoded.bytes, format: outFormat, extension: outExt, changed: true, actions, unfixable: after.issues, after };
}
