import zlib from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

/**
 * Test photos made by sharp in the test itself: a head-and-shoulders portrait (face, hair, jacket) on
 * a given background, with optional noise so that file sizes behave like real photos.
 */

export const RED = '#ff0000';
export const WHITE = '#ffffff';
export const BLUE = '#438edb';
export const TRANSPARENT = 'transparent';

export function portraitSvg(width: number, height: number, background: string): Buffer {
  const w = width;
  const h = height;
  const bg = background === TRANSPARENT ? '' : `<rect width="${w}" height="${h}" fill="${background}"/>`;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${bg}` +
      `<rect x="${w * 0.14}" y="${h * 0.7}" width="${w * 0.72}" height="${h * 0.32}" rx="${w * 0.12}" fill="#1d2b4a"/>` +
      `<rect x="${w * 0.42}" y="${h * 0.58}" width="${w * 0.16}" height="${h * 0.16}" fill="#d9a784"/>` +
      `<ellipse cx="${w * 0.5}" cy="${h * 0.42}" rx="${w * 0.21}" ry="${h * 0.21}" fill="#e8b896"/>` +
      `<ellipse cx="${w * 0.5}" cy="${h * 0.28}" rx="${w * 0.23}" ry="${h * 0.11}" fill="#1a1410"/>` +
      `<ellipse cx="${w * 0.42}" cy="${h * 0.42}" rx="${w * 0.03}" ry="${h * 0.015}" fill="#2a1f1a"/>` +
      `<ellipse cx="${w * 0.58}" cy="${h * 0.42}" rx="${w * 0.03}" ry="${h * 0.015}" fill="#2a1f1a"/>` +
      `<rect x="${w * 0.44}" y="${h * 0.52}" width="${w * 0.12}" height="${h * 0.015}" rx="${w * 0.01}" fill="#a0524a"/>` +
      `</svg>`,
  );
}

/** Adds deterministic noise of +-amplitude to every colour sample of raw 8-bit pixels (alpha kept). */
function addNoise(data: Buffer, channels: number, amplitude: number, seed = 1): void {
  let x = seed >>> 0 || 1;
  const colour = channels === 4 ? 3 : channels;
  for (let i = 0; i < data.length; i++) {
    if (i % channels >= colour) continue;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const n = ((x >>> 0) % (2 * amplitude + 1)) - amplitude;
    const v = data[i]! + n;
    data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

export interface PortraitOptions {
  background?: string;
  /** +- this much noise on every sample (0: flat colours). */
  noise?: number;
}

/** The portrait as a sharp pipeline, ready for an encoder. */
export async function portrait(width: number, height: number, opts: PortraitOptions = {}): Promise<Sharp> {
  const svg = portraitSvg(width, height, opts.background ?? RED);
  const { data, info } = await sharp(svg).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  if (opts.noise) addNoise(data, info.channels, opts.noise);
  const keepAlpha = opts.background === TRANSPARENT;
  const img = sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } });
  return keepAlpha ? img : img.removeAlpha();
}

export async function jpegPortrait(width: number, height: number, opts: PortraitOptions & { quality?: number; dpi?: number } = {}): Promise<Buffer> {
  const img = (await portrait(width, height, opts)).jpeg({ quality: opts.quality ?? 90 });
  return (opts.dpi ? img.withDensity(opts.dpi) : img).toBuffer();
}

export async function pngPortrait(width: number, height: number, opts: PortraitOptions & { dpi?: number } = {}): Promise<Buffer> {
  const img = (await portrait(width, height, opts)).png();
  return (opts.dpi ? img.withDensity(opts.dpi) : img).toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

function pngFile(width: number, height: number, bitDepth: number, colourType: number, idat: Buffer, extra: Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colourType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...extra,
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A decompression bomb of a few KB: a PNG whose header says width x height (8-bit RGB, 4.8 GB when
 * decoded at 40000 x 40000) and whose data holds the first rows of a single colour.
 */
export function pngBombHeader(width: number, height: number): Buffer {
  const rows = Buffer.alloc((1 + width * 3) * 16);
  return pngFile(width, height, 8, 2, zlib.deflateSync(rows, { level: 9 }));
}

/**
 * A complete, valid PNG of one colour at width x height, 1 bit per pixel (palette), about 200 KB at
 * 40000 x 40000: deflate cannot shrink 200 MB of rows below about 1/1000.
 */
export async function pngBombValid(width: number, height: number): Promise<Buffer> {
  const row = Buffer.alloc(1 + Math.ceil(width / 8));
  const deflate = zlib.createDeflate({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const block = Buffer.concat(Array.from({ length: 256 }, () => row));
  for (let y = 0; y < height; y += 256) {
    const n = Math.min(256, height - y);
    if (!deflate.write(n === 256 ? block : block.subarray(0, n * row.length))) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  const plte = pngChunk('PLTE', Buffer.from([255, 0, 0, 255, 255, 255]));
  return pngFile(width, height, 1, 3, Buffer.concat(chunks), [plte]);
}

/** A small JPEG whose frame header is patched to claim width x height. */
export async function jpegClaiming(width: number, height: number): Promise<Buffer> {
  const b = Buffer.from(await sharp({ create: { width: 64, height: 64, channels: 3, background: RED } }).jpeg().toBuffer());
  for (let o = 2; o + 9 < b.length; ) {
    const marker = b[o + 1]!;
    const len = b.readUInt16BE(o + 2);
    if (marker >= 0xc0 && marker <= 0xc2) {
      b.writeUInt16BE(height, o + 5);
      b.writeUInt16BE(width, o + 7);
      return b;
    }
    o += 2 + len;
  }
  throw new Error('no SOF marker');
}

/** The start of an iPhone HEIC (ftyp box, brand heic) followed by bytes no decoder here can read. */
export function fakeHeic(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.writeUInt32BE(0, 12);
  ftyp.write('mif1heic', 16, 'latin1');
  return Buffer.concat([ftyp, Buffer.alloc(2000, 0x5a)]);
}

/** EXIF of a phone: camera make and model, and GPS coordinates where the photo was taken. */
export const PHONE_EXIF = {
  IFD0: { Make: 'HUAWEI', Model: 'ELS-AN00', Software: 'ELS-AN00 4.0.0' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '26/1 4/1 3000/100', GPSLongitudeRef: 'E', GPSLongitude: '119/1 18/1 0/1' },
};

/**
 * A phone photo lying on its side: the pixels are stored landscape (rotated 90° anticlockwise) and
 * EXIF orientation 6 says to turn them clockwise for display, which shows width x height portrait.
 */
export async function rotatedPhonePhoto(width: number, height: number, opts: PortraitOptions = {}): Promise<Buffer> {
  const upright = await (await portrait(width, height, opts)).png().toBuffer();
  return sharp(upright).rotate(270).withExif(PHONE_EXIF).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer();
}

/** Mean RGB of a rectangle of the decoded photo (after EXIF orientation), for checking what is where. */
export async function meanRgb(bytes: Buffer, box: { left: number; top: number; width: number; height: number }): Promise<[number, number, number]> {
  const { data, info } = await sharp(bytes, { autoOrient: true }).extract(box).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += info.channels) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
  const n = data.length / info.channels;
  return [Math.round(sum[0]! / n), Math.round(sum[1]! / n), Math.round(sum[2]! / n)];
}
