import path from 'node:path';
import { sniffFileType, type FileType } from '../../src-shared/file-type.js';

/**
 * A photo's real format, from its first bytes. The extension is what somebody typed; a PNG renamed
 * .jpg is still a PNG, and the Guangxi system rejects it ("修改文件后缀认为无效"). Its label and
 * extensions are in the one table of file formats, FILE_FORMATS in src-shared/file-type.ts.
 */
export type PhotoFormat = Exclude<FileType, 'zip' | 'ole'>;

/**
 * Formats this program decodes (sharp's prebuilt libvips): everything else is reported, never handed
 * to a decoder. HEIC (HEVC-coded HEIF, the iPhone default) is not among them: the prebuilt libheif
 * decodes AVIF only.
 */
export const DECODABLE_FORMATS: ReadonlySet<PhotoFormat> = new Set(['jpeg', 'png', 'webp', 'avif', 'gif', 'tiff']);

/** The photo formats of the shared sniffer; containers that are no image (zip, ole) are 'unknown'. */
export function sniffPhotoFormat(bytes: Uint8Array): PhotoFormat {
  const t = sniffFileType(bytes);
  return t === 'zip' || t === 'ole' ? 'unknown' : t;
}

export function extensionOf(fileName: string): string {
  return path.extname(fileName).toLowerCase();
}
