/**
 * What a file really is, from its first bytes: a name's extension is what a person typed, the bytes
 * are what the file is (a PNG renamed .jpg is still a PNG). Pure (Uint8Array in), so the desktop's
 * photo and evidence checks and the sync server's upload check all judge a file the same way.
 */
export const FILE_TYPES = ['jpeg', 'png', 'webp', 'heic', 'avif', 'gif', 'bmp', 'tiff', 'pdf', 'zip', 'ole', 'unknown'] as const;
export type FileType = (typeof FILE_TYPES)[number];

export interface FileFormat {
  /** The MIME type the server stores a file of this type under. */
  mime: string;
  /** How the clerk knows it (in messages). */
  label: string;
  /** Extensions (lower case, no dot) a file of this type normally has; the first is the one it is saved under. */
  extensions: readonly [string, ...string[]];
}

/** The one table of file formats: the photo checks, the names files are saved under and the stored MIME types read it. */
export const FILE_FORMATS: Record<FileType, FileFormat> = {
  jpeg: { mime: 'image/jpeg', label: 'JPG', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  png: { mime: 'image/png', label: 'PNG', extensions: ['png'] },
  webp: { mime: 'image/webp', label: 'WebP', extensions: ['webp'] },
  heic: { mime: 'image/heic', label: 'HEIC', extensions: ['heic', 'heif'] },
  avif: { mime: 'image/avif', label: 'AVIF', extensions: ['avif'] },
  gif: { mime: 'image/gif', label: 'GIF', extensions: ['gif'] },
  bmp: { mime: 'image/bmp', label: 'BMP', extensions: ['bmp', 'dib'] },
  tiff: { mime: 'image/tiff', label: 'TIFF', extensions: ['tif', 'tiff'] },
  pdf: { mime: 'application/pdf', label: 'PDF', extensions: ['pdf'] },
  zip: { mime: 'application/zip', label: 'ZIP', extensions: ['zip', 'xlsx', 'docx'] },
  ole: { mime: 'application/x-ole-storage', label: 'Office 97-2003', extensions: ['xls', 'doc', 'et'] },
  unknown: { mime: 'application/octet-stream', label: '无法识别的格式', extensions: ['bin'] },
};

export const FILE_TYPE_MIME = Object.fromEntries(FILE_TYPES.map((t) => [t, FILE_FORMATS[t].mime])) as Record<FileType, string>;

/** The extension a file of this type is saved under, with its dot: '.jpg'. */
export function savedExtension(type: FileType): string {
  return `.${FILE_FORMATS[type].extensions[0]}`;
}

/** Every extension files of these types normally have, for an open dialog's filter. */
export function extensionsOf(types: readonly FileType[]): string[] {
  return types.flatMap((t) => FILE_FORMATS[t].extensions);
}

/**
 * Whether `extension` ('.JPG', 'jpeg': any case, with or without the dot) is one a file of this type
 * normally has. Never for 'unknown': no name makes unreadable bytes what they claim.
 */
export function extensionFitsType(type: FileType, extension: string): boolean {
  const ext = extension.replace(/^\./, '').toLowerCase();
  return type !== 'unknown' && FILE_FORMATS[type].extensions.includes(ext);
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to && i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** `bytes` needs only the file's head (the first 256 bytes are plenty). */
export function sniffFileType(b: Uint8Array): FileType {
  const at = (offset: number, text: string) => b.length >= offset + text.length && latin1(b, offset, offset + text.length) === text;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && at(1, 'PNG\r\n\u001a\n')) return 'png';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'webp';
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return 'gif';
  if (at(0, 'BM') && b.length >= 14) return 'bmp';
  if (at(0, 'II*\u0000') || at(0, 'MM\u0000*')) return 'tiff';
  if (at(0, '%PDF-')) return 'pdf';
  if (at(0, 'PK\u0003\u0004')) return 'zip';
  if (b.length >= 8 && [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((x, i) => b[i] === x)) return 'ole';
  if (at(4, 'ftyp') && b.length >= 12) {
    const major = latin1(b, 8, 12);
    if (AVIF_BRANDS.has(major)) return 'avif';
    if (HEIC_BRANDS.has(major)) return 'heic';
    if (major === 'mif1' || major === 'msf1') {
      // A generic HEIF major brand: the compatible brands say which codec.
      const boxSize = ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
      const boxEnd = Math.min(boxSize, b.length, 256);
      for (let o = 16; o + 4 <= boxEnd; o += 4) if (AVIF_BRANDS.has(latin1(b, o, o + 4))) return 'avif';
      return 'heic';
    }
  }
  return 'unknown';
}
