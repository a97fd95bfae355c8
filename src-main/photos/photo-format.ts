import path from 'node:path';
import type { PhotoSpecFormat } from '../../src-shared/photo-spec.js';
import { sniffFileType } from '../../src-shared/file-type.js';

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

/** The photo formats of the shared sniffer; containers that are no image (zip, ole) are 'unknown'. */
export function sniffPhotoFormat(bytes: Uint8Array): PhotoFormat {
  const t = sniffFileType(bytes);
  return t === 'zip' || t === 'ole' ? 'unknown' : t;
}

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
