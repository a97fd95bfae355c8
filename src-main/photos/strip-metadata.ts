/**
 * Drops EXIF from an encoded JPEG or PNG without re-encoding, keeping the DPI. sharp's withDensity()
 * records the DPI in a small EXIF block (JPEG: instead of a JFIF header); we want a file with no EXIF
 * at all, so the DPI goes into a JFIF header (JPEG) or stays in pHYs (PNG), where Windows and every
 * decoder read it.
 */
export function stripExif(bytes: Buffer, format: 'jpeg' | 'png', dpi: number): Buffer {
  return format === 'jpeg' ? stripJpegExif(bytes, dpi) : stripPngExif(bytes);
}

/** APP0 JFIF 1.01, density in dots per inch, no thumbnail. */
function jfifSegment(dpi: number): Buffer {
  const d = Math.max(1, Math.min(65535, Math.round(dpi)));
  const s = Buffer.alloc(18);
  s.writeUInt16BE(0xffe0, 0);
  s.writeUInt16BE(16, 2);
  s.write('JFIF\u0000', 4, 'latin1');
  s[9] = 1;
  s[10] = 1;
  s[11] = 1; // units: dots per inch
  s.writeUInt16BE(d, 12);
  s.writeUInt16BE(d, 14);
  return s; // bytes 16, 17: no thumbnail
}

function stripJpegExif(b: Buffer, dpi: number): Buffer {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return b;
  const keep: Buffer[] = [b.subarray(0, 2)];
  let o = 2;
  while (o + 4 <= b.length) {
    if (b[o] !== 0xff) return b; // not a marker where one must be: leave the file as it is
    const marker = b[o + 1]!;
    if (marker === 0xda) break; // start of scan: the rest is image data
    const len = b.readUInt16BE(o + 2);
    if (len < 2 || o + 2 + len > b.length) return b;
    const isExif = marker === 0xe1 && b.toString('latin1', o + 4, o + 10) === 'Exif\u0000\u0000';
    if (!isExif) keep.push(b.subarray(o, o + 2 + len));
    o += 2 + len;
  }
  const hasJfif = keep.some((seg) => seg[1] === 0xe0 && seg.toString('latin1', 4, 9) === 'JFIF\u0000');
  if (!hasJfif) keep.splice(1, 0, jfifSegment(dpi));
  keep.push(b.subarray(o));
  return Buffer.concat(keep);
}

function stripPngExif(b: Buffer): Buffer {
  if (b.length < 8) return b;
  const keep: Buffer[] = [b.subarray(0, 8)];
  let o = 8;
  while (o + 12 <= b.length) {
    const len = b.readUInt32BE(o);
    const end = o + 12 + len;
    if (end > b.length) return b;
    if (b.toString('latin1', o + 4, o + 8) !== 'eXIf') keep.push(b.subarray(o, end));
    o = end;
  }
  if (o !== b.length) return b;
  return Buffer.concat(keep);
}
