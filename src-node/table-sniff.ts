import fs from 'node:fs';
import { sniffFileType, type FileType } from '../src-shared/file-type.js';

/**
 * What a table file really is, from its bytes, never from its name — shared by the desktop's template
 * reader (src-main/excel/sniff-file.ts) and the server's record imports, each of which says what to do
 * about it in its own words: a workbook (xlsx, .ods, an OLE compound file, password-protected or not),
 * text (CSV, perhaps UTF-16), or some other binary (a picture, a PDF).
 */
export type TableFileKind = 'xlsx' | 'ods' | 'ole' | 'ole_encrypted' | 'text' | 'binary';

export interface TableSniff {
  kind: TableFileKind;
  /** The magic-bytes type (src-shared/file-type.ts): 'jpeg', 'pdf'… for a 'binary' file. */
  fileType: FileType;
}

/** Bytes of the head looked at (NULs in them mean binary, unless UTF-16). */
export const SNIFF_HEAD_BYTES = 4096;

/** Encrypted OOXML lives in an OLE container with an "EncryptionInfo" stream (names are UTF-16LE). */
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');
const ODS_MIMETYPE = Buffer.from('application/vnd.oasis.opendocument.spreadsheet');

export function hasUtf16Bom(head: Uint8Array): boolean {
  return head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
}

/** `head`: the file's first bytes (SNIFF_HEAD_BYTES); `oleBytes`: where to look for the encryption stream of an OLE file. */
export function sniffTableBytes(head: Buffer, oleBytes: () => Buffer): TableSniff {
  const fileType = sniffFileType(head.subarray(0, 256));
  if (fileType === 'zip') return { kind: head.subarray(0, 256).includes(ODS_MIMETYPE) ? 'ods' : 'xlsx', fileType };
  if (fileType === 'ole') return { kind: oleBytes().includes(ENCRYPTION_INFO) ? 'ole_encrypted' : 'ole', fileType };
  if (fileType !== 'unknown' || (head.includes(0) && !hasUtf16Bom(head))) return { kind: 'binary', fileType };
  return { kind: 'text', fileType };
}

function readHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, fs.readSync(fd, buf, 0, bytes, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** sniffTableBytes for a file on disk: the directory of a small encrypted package is near the start, larger ones may place it anywhere. */
export function sniffTableFile(file: string): TableSniff {
  return sniffTableBytes(readHead(file, SNIFF_HEAD_BYTES), () => {
    const size = fs.statSync(file).size;
    return size <= 64 * 1024 * 1024 ? fs.readFileSync(file) : readHead(file, 8 * 1024 * 1024);
  });
}
