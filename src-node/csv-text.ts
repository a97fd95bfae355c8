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

/** Lines looked at to tell the separator. */
const SNIFF_LINES = 50;

/**
 * The separator of a CSV text: Excel writes ';' or tabs in some locales and for "Unicode text". The
 * first lines are looked at, not only the first — a title line above the header has no separator at
 * all. The separator found on the most of the lines that have any wins (then the most used); a file
 * with none of , tab ; but full-width commas is read with those; otherwise ','.
 */
export function guessDelimiter(text: string): string {
  const lines = text.slice(0, 256 * 1024).split(/\r?\n/, SNIFF_LINES);
  const score = new Map<string, { lines: number; count: number }>();
  for (const line of lines) {
    for (const d of [',', '\t', ';']) {
      const n = line.split(d).length - 1;
      if (n === 0) continue;
      const s = score.get(d) ?? { lines: 0, count: 0 };
      s.lines += 1;
      s.count += n;
      score.set(d, s);
    }
  }
  const best = [...score].sort((a, b) => b[1].lines - a[1].lines || b[1].count - a[1].count)[0];
  if (best) return best[0];
  return lines.some((l) => l.includes('\uff0c')) ? '\uff0c' : ',';
}
