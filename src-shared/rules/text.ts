/**
 * Cleaning what Excel and input methods leave in cells: full-width letters and digits (ＡＢ１２),
 * non-breaking and ideographic spaces, zero-width characters copied from web pages.
 */

/** Zero-width characters and the BOM, which are invisible in Excel and break comparisons. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
/** Every kind of white space, including NBSP (U+00A0) and the ideographic space (U+3000). */
const ANY_SPACE = /[\s\u00a0\u3000]+/g;

/**
 * Printable ASCII and the common CJK ideographs are unchanged by NFKC; most cells are only that, and
 * normalising 50,000 rows of them is measurable work.
 */
const NFKC_STABLE = /^[\x21-\x7e\u4e00-\u9fa5]*$/;
const EDGE_SPACE = /^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$/g;

/** NFKC (full-width to half-width), invisible characters removed, ends trimmed. */
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
