/**
 * Cleaning what Excel and input methods leave in cells: full-width letters and digits (ＡＢ１２),
 * non-breaking and ideographic spaces, zero-width characters copied from web pages.
 */

/**
 * Invisible characters, which break comparisons and can disguise text: zero-width characters and the
 * BOM, the bidi controls and marks (U+202A–202E, U+2066–2069, U+200E/200F, U+061C: a right-to-left
 * override shows "gpj.exe" as "exe.jpg"), every other format character (Unicode Cf), and the control
 * characters (Cc) other than the white space ones (tab, line breaks), which the space rules handle.
 */
const INVISIBLE = /[\p{Cf}\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/gu;
/** Every kind of white space, including NBSP (U+00A0) and the ideographic space (U+3000). */
const ANY_SPACE = /[\s\u00a0\u3000]+/g;

/**
 * Printable ASCII and the common CJK ideographs are unchanged by NFKC; most cells are only that, and
 * normalising 50,000 rows of them is measurable work.
 */
const NFKC_STABLE = /^[\x21-\x7e\u4e00-\u9fa5]*$/;
const EDGE_SPACE = /^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$/g;

/** NFKC (full-width to half-width), invisible (control, format, bidi) characters removed, ends trimmed. */
export function cleanText(raw: string): string {
  if (NFKC_STABLE.test(raw)) return raw;
  return raw.normalize('NFKC').replace(INVISIBLE, '').replace(EDGE_SPACE, '');
}

/** Like cleanText, and every inner run of white space removed too (IDs, codes, dates). */
export function compactText(raw: string): string {
  if (NFKC_STABLE.test(raw)) return raw;
  return cleanText(raw).replace(ANY_SPACE, '');
}

/** Inner runs of white space folded to one ordinary space (agency names, majors). */
export function foldSpaces(raw: string): string {
  if (NFKC_STABLE.test(raw)) return raw;
  return cleanText(raw).replace(ANY_SPACE, ' ');
}

/**
 * One line of free text as a person wrote it (a batch name, a unit's or bureau's name, a display name):
 * invisible characters removed as in cleanText, every run of white space (line breaks included) one
 * space, ends trimmed. Not NFKC: full-width brackets in a unit's name stay as written.
 */
export function cleanLine(raw: string): string {
  return raw.normalize('NFC').replace(INVISIBLE, '').replace(ANY_SPACE, ' ').trim();
}

/**
 * Several lines of free text (a reviewer's comment): invisible characters removed as in cleanText,
 * line breaks kept (CRLF and lone CR as LF, U+2028/2029 too), each line's trailing spaces and the
 * whole text's blank edges trimmed. Not NFKC: a comment is shown as written.
 */
export function cleanMultilineText(raw: string): string {
  return raw
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(INVISIBLE, '')
    .replace(/[ \t\u00a0\u3000]+$/gm, '')
    .replace(/^\s+|\s+$/g, '');
}
