/**
 * CSV as Chinese Excel and WPS write it, and as Chinese web systems export it: GB18030 (Excel's "CSV
 * (逗号分隔)", GBK is a subset) or UTF-8 with or without a BOM (Excel's "CSV UTF-8"), sometimes UTF-16
 * (Unicode text). Shared by the desktop's template reader and the sync server's record imports.
 */
export function decodeCsv(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

/** Excel writes ';' or tabs in some locales and for "Unicode text"; pick what the first line uses. */
export function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}
