import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';

/**
 * Range requests on a stored update file (RFC 9110 §14), as electron-updater's differential download
 * makes them: one range (`bytes=0-1023`, `bytes=500-`, `bytes=-500`) is a 206 with Content-Range;
 * several in one header are a 206 `multipart/byteranges`, each part in the order and with exactly the
 * bounds asked (its DataSplitter counts on both; parts are never merged). A header we do not
 * understand, or one with more than MAX_RANGES ranges, is ignored (the whole file, 200), as the RFC
 * allows; ranges that all start past the end are a 416.
 */

/** electron-updater asks for at most 1,000 ranges per request. */
export const MAX_RANGES = 1000;

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

export type RangeAnswer = { kind: 'whole' } | { kind: 'unsatisfiable' } | { kind: 'ranges'; ranges: ByteRange[] };

export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'whole' };
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!m) return { kind: 'whole' };
  const specs = m[1]!.split(',');
  if (specs.length > MAX_RANGES) return { kind: 'whole' };
  const ranges: ByteRange[] = [];
  for (const raw of specs) {
    const spec = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(raw);
    if (!spec || (spec[1] === '' && spec[2] === '')) return { kind: 'whole' };
    if (spec[1] === '') {
      // The last n bytes.
      const n = Number(spec[2]);
      if (n === 0) continue;
      ranges.push({ start: Math.max(0, size - n), end: size - 1 });
      continue;
    }
    const start = Number(spec[1]);
    const end = spec[2] === '' ? size - 1 : Math.min(Number(spec[2]), size - 1);
    if (spec[2] !== '' && Number(spec[2]) < start) return { kind: 'whole' };
    if (start >= size) continue;
    ranges.push({ start, end });
  }
  return ranges.length === 0 ? { kind: 'unsatisfiable' } : { kind: 'ranges', ranges };
}

export interface RangeBody {
  status: 200 | 206;
  headers: Record<string, string>;
  body: Readable;
}

/** The answer for `ranges` of the open file `fd` (closed when the body ends or is destroyed). */
export function rangeBody(fd: fs.promises.FileHandle, size: number, answer: Exclude<RangeAnswer, { kind: 'unsatisfiable' }>, contentType: string): RangeBody {
  if (answer.kind === 'whole') {
    return { status: 200, headers: { 'content-type': contentType, 'content-length': String(size) }, body: fd.createReadStream({ start: 0, autoClose: true }) };
  }
  const { ranges } = answer;
  if (ranges.length === 1) {
    const r = ranges[0]!;
    return {
      status: 206,
      headers: { 'content-type': contentType, 'content-length': String(r.end - r.start + 1), 'content-range': `bytes ${r.start}-${r.end}/${size}` },
      body: fd.createReadStream({ start: r.start, end: r.end, autoClose: true }),
    };
  }
  const boundary = randomBytes(12).toString('hex');
  const heads = ranges.map((r, i) => Buffer.from(`${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${contentType}\r\nContent-Range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`));
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = heads.reduce((n, h, i) => n + h.length + ranges[i]!.end - ranges[i]!.start + 1, 0) + tail.length;
  async function* parts(): AsyncGenerator<Buffer> {
    for (let i = 0; i < ranges.length; i++) {
      yield heads[i]!;
      const r = ranges[i]!;
      for await (const chunk of fd.createReadStream({ start: r.start, end: r.end, autoClose: false })) yield chunk as Buffer;
    }
    yield tail;
  }
  const body = Readable.from(parts(), { objectMode: false });
  // Ended, failed or cut off by the client: the file is closed either way.
  body.once('close', () => void fd.close().catch(() => undefined));
  return { status: 206, headers: { 'content-type': `multipart/byteranges; boundary=${boundary}`, 'content-length': String(length) }, body };
}
