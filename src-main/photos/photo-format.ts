import path from 'node:path';
import type { PhotoSpecFormat } from '../../src-shared/photo-spec.js';

/**
 * A photo's real format, from its first bytes. The extension is what somebody typed; a PNG renamed
 * .jpg is still a PNG, and the Guangxi system rejects it ("修改文件后缀认为无效").
 */
export const PHOTO_FORMATS = ['jpeg', 'png', 'webp', 'heic', 'avif', 'gif', 'bmp', 'tiff', 'pdf', 'unknown'] as const;
export type PhotoFormat = (typeof PHOTO_FORMATS)[number];

/** How the clerk knows each format. */
export const FORMAT_LABEL: Record<PhotoFormat, string> = {
  jpeg: 'JPG',
  png: 'PNG',
  webp: 'WebP',
  heic: 'HEIC',
  avif: 'AVIF',
  gif: 'GIF',
  bmp: 'BMP',
  tiff: 'TIFF',
  pdf: 'PDF',
  unknown: '无法识别的格式',
};

/**
 * Formats this program decodes (sharp's prebuilt libvips): everything else is reported, never handed
 * to a decoder. HEIC (HEVC-coded HEIF, the iPhone default) is not among them: the prebuilt libheif
 * decodes AVIF only.
 */
export const DECODABLE_FORMATS: ReadonlySet<PhotoFormat> = new Set(['jpeg', 'png', 'webp', 'avif', 'gif', 'tiff']);

/** The extensions each written format gets. */
export const FORMAT_EXTENSION: Record<PhotoSpecFormat, string> = { jpeg: '.jpg', png: '.png' };

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

export function sniffPhotoFormat(bytes: Uint8Array): PhotoFormat {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (offset: number, text: string) => b.length >= offset + text.length && b.toString('latin1', offset, offset + text.length) === text;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && at(1, 'PNG\r\n\u001a\n')) return 'png';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'webp';
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return 'gif';
  if (at(0, 'BM') && b.length >= 14) return 'bmp';
  if (at(0, 'II*\u0000') || at(0, 'MM\u0000*')) return 'tiff';
  if (at(0, '%PDF-')) return 'pdf';
  if (at(4, 'ftyp') && b.length >= 12) {
    const major = b.toString('latin1', 8, 12);
    if (AVIF_BRANDS.has(major)) return 'avif';
    if (HEIC_BRANDS.has(major)) return 'heic';
    if (major === 'mif1' || major === 'msf1') {
      // A generic HEIF major brand: the compatible brands say which codec.
      const boxEnd = Math.min(b.readUInt32BE(0), b.length, 256);
      const brands: string[] = [];
      for (let o = 16; o + 4 <= boxEnd; o += 4) brands.push(b.toString('latin1', o, o + 4));
      if (brands.some((x) => AVIF_BRANDS.has(x))) return 'avif';
      return 'heic';
    }
  }
  return 'unknown';
}

/** The file name's extension, lower case with its dot ('' when none). */
export function extensionOf(fileName: string): string {
  return path.extname(fileName).toLowerCase();
}

/** Whether the extension is one a file of this real format normally has. */
export function extensionFits(format: PhotoFormat, ext: string): boolean {
  switch (format) {
    case 'jpeg':
      return ext === '.jpg' || ext === '.jpeg' || ext === '.jpe' || ext === '.jfif';
    case 'png':
      return ext === '.png';
    case 'webp':
      return ext === '.webp';
    case 'heic':
      return ext === '.heic' || ext === '.heif';
    case 'avif':
      return ext === '.avif';
    case 'gif':
      return ext === '.gif';
    case 'bmp':
      return ext === '.bmp' || ext === '.dib';
    case 'tiff':
      return ext === '.tif' || ext === '.tiff';
    case 'pdf':
      return ext === '.pdf';
    case 'unknown':
      return false;
  }
}
