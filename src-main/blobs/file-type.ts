/**
 * The real type of a file from its first bytes. A name's extension is what a person typed; the bytes
 * are what the file is (a PNG renamed .jpg is still a PNG).
 */
export type FileType = 'jpeg' | 'png' | 'pdf' | 'webp' | 'gif' | 'bmp' | 'tiff' | 'heif' | 'zip' | 'ole' | 'unknown';

export const MIME: Record<FileType, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tiff: 'image/tiff',
  heif: 'image/heif',
  zip: 'application/zip',
  ole: 'application/x-ole-storage',
  unknown: 'application/octet-stream',
};

export function sniffFileType(head: Buffer): FileType {
  const at = (offset: number, text: string) => head.length >= offset + text.length && head.subarray(offset, offset + text.length).toString('latin1') === text;
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (at(0, '%PDF-')) return 'pdf';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'webp';
  if (at(0, 'GIF87a') || at(0, 'GIF89a')) return 'gif';
  if (at(0, 'BM')) return 'bmp';
  if (at(0, 'II*\u0000') || at(0, 'MM\u0000*')) return 'tiff';
  if (at(4, 'ftyp') && ['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis'].some((b) => at(8, b))) return 'heif';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'ole';
  return 'unknown';
}
