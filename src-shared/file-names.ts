import { FILE_FORMATS, FILE_TYPE_MIME, type FileType } from './file-type.js';

/**
 * File names people chose (photos, evidence), made safe to show and to save: one rule for the desktop
 * that sends them, the server that stores and serves them and the reviewer's console that saves them.
 *
 * - Invisible characters go: controls (Unicode Cc), format characters (Cf: the bidi overrides and
 *   isolates U+202A–202E and U+2066–2069, the marks U+200E/200F/061C, zero-width spaces, the BOM) and
 *   the line and paragraph separators. A right-to-left override can make `gpj.exe` show as `exe.jpg`;
 *   without it the name reads as what it is.
 * - A path is cut to its last part; characters Windows cannot save (`<>:"|?*`) become `_`; trailing
 *   dots and spaces (which Windows drops) go.
 * - The name ends in the extension of what the bytes are (sniffed, never the name's word for it):
 *   `说明.bat` holding a PDF becomes `说明.pdf`, `x.pdf.exe` holding a PNG becomes `x.pdf.png`.
 *
 * Pure: no node:*, no DOM.
 */

/** Cc, Cf (bidi controls and marks included), and U+2028/2029. */
export const INVISIBLE_IN_NAMES = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
/** Cf and U+2028/2029 alone: removed from a name without a word (nothing visible is lost). */
export const FORMAT_CHARS_IN_NAMES = /[\p{Cf}\u2028\u2029]/gu;
/** Cc: a name holding one (a newline, a NUL) is refused by the contract (not global: for test()). */
export const CONTROL_CHARS = /\p{Cc}/u;
/** Only the bidi controls and marks: what can make a name read in another order than it is. */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
export const MAX_FILE_NAME = 255;

/** The sniffed type of a MIME type as the server stores it ('unknown' for anything else). */
export function fileTypeOfMime(mime: string): FileType {
  const m = mime.split(';')[0]!.trim().toLowerCase();
  for (const [type, known] of Object.entries(FILE_TYPE_MIME) as Array<[FileType, string]>) if (known === m) return type;
  if (m === 'image/jpg' || m === 'image/pjpeg') return 'jpeg';
  return 'unknown';
}

/**
 * The name without invisible characters, path parts, characters Windows cannot save, or trailing dots
 * and spaces; NFC; at most 255 characters (the extension kept). '' when nothing is left.
 */
export function cleanFileName(raw: string): string {
  let s = raw.normalize('NFC').replace(INVISIBLE_IN_NAMES, '');
  s = s.replace(/\\/g, '/');
  s = s.slice(s.lastIndexOf('/') + 1);
  s = s.replace(WINDOWS_FORBIDDEN, '_').replace(/\s+/g, ' ').trim().replace(/[. ]+$/, '');
  s = s.replace(/^\.+/, '');
  return shorten(s, MAX_FILE_NAME);
}

function splitExtension(name: string): { base: string; ext: string } {
  const dot = name.lastIndexOf('.');
  // Only an extension-like tail counts ("报告.2024版" has none): 1 to 8 ASCII letters and digits.
  if (dot > 0 && /^[A-Za-z0-9]{1,8}$/.test(name.slice(dot + 1))) return { base: name.slice(0, dot), ext: name.slice(dot + 1) };
  return { base: name, ext: '' };
}

function shorten(name: string, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const { base, ext } = splitExtension(name);
  const tail = ext ? `.${ext}` : '';
  return [...base].slice(0, max - tail.length).join('') + tail;
}

/**
 * The name to store, show and save a file under: cleaned, and ending in the extension of its sniffed
 * type. An extension that already says the type (any case, or another spelling like .jpeg) is kept; a
 * wrong one is replaced; a name without one gets one. `fallback` names a file whose name cleans to ''.
 */
export function fileNameForType(raw: string, type: FileType, fallback = '文件'): string {
  const clean = cleanFileName(raw) || fallback;
  const ok = FILE_FORMATS[type].extensions;
  const want = ok[0];
  const { base, ext } = splitExtension(clean);
  if (ext && ok.includes(ext.toLowerCase())) return clean;
  return shorten(`${ext ? base : clean}.${want}`, MAX_FILE_NAME);
}

/** fileNameForType for a stored MIME type (the server's blobs.mime, the console's answer). */
export function fileNameForMime(raw: string, mime: string, fallback?: string): string {
  return fileNameForType(raw, fileTypeOfMime(mime), fallback);
}

/** RFC 5987 ext-value: UTF-8, percent-encoded, with the characters encodeURIComponent leaves but attr-char forbids. */
export function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A Content-Disposition header: the name for browsers in `filename*` (RFC 5987/6266) and an ASCII
 * stand-in in `filename` for everything older (non-ASCII as `_`, the extension kept).
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string, asciiFileName?: string): string {
  const ascii = (asciiFileName ?? fileName).replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${rfc5987(fileName)}`;
}
