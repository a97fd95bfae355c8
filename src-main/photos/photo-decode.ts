import sharp, { type Metadata, type SharpOptions } from 'sharp';

/**
 * Decoding photos from strangers safely. Every file is untrusted: the header is read first and its
 * pixel count checked against MAX_PHOTO_PIXELS before any pixel is decoded (a PNG of a few KB can
 * claim 40000 x 40000 pixels, 4.8 GB once decoded); sharp gets the same limit as a second fence;
 * truncated and corrupt data abort decoding (failOn 'error') instead of yielding half a photo.
 */

/** 200 megapixels: above every phone camera's full-resolution mode (200 MP, 16320 x 12240). */
export const MAX_PHOTO_PIXELS = 200_000_000;

/** Options for every decode of untrusted photo bytes. */
export function safeInput(extra: SharpOptions = {}): SharpOptions {
  return { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'error', limitInputChannels: 5, ...extra };
}

export type HeaderResult =
  | { ok: true; meta: Metadata; width: number; height: number }
  | { ok: false; problem: 'corrupt'; detail: string }
  | { ok: false; problem: 'tooManyPixels'; width: number; height: number };

/**
 * The header only (no pixels are decoded): format facts and the size after EXIF orientation. The
 * pixel limit is checked here, by us, so that the message can name the size.
 */
export async function readHeader(bytes: Buffer): Promise<HeaderResult> {
  let meta: Metadata;
  try {
    // Header parsing allocates nothing in proportion to the claimed size; the limit is ours, below.
    meta = await sharp(bytes, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch (e) {
    return { ok: false, problem: 'corrupt', detail: e instanceof Error ? e.message : String(e) };
  }
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!(width > 0 && height > 0)) return { ok: false, problem: 'corrupt', detail: 'no dimensions' };
  if (width * height > MAX_PHOTO_PIXELS) return { ok: false, problem: 'tooManyPixels', width, height };
  return { ok: true, meta, width, height };
}

export type BackgroundName = 'red' | 'white' | 'blue' | 'transparent' | 'grey' | 'other' | 'mixed';

export interface BackgroundEstimate {
  name: BackgroundName;
  /** Mean colour of the border pixels of that kind; null for transparent and mixed. */
  rgb: [number, number, number] | null;
  /** Share of the sampled border pixels that are of that kind (0..1). */
  share: number;
}

export interface PixelFacts {
  color: 'color' | 'greyscale';
  background: BackgroundEstimate;
}

/** The border must be this uniform to count as one background colour. */
const BACKGROUND_MIN_SHARE = 0.6;

function classify(r: number, g: number, b: number, a: number): Exclude<BackgroundName, 'mixed'> {
  if (a < 32) return 'transparent';
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const chroma = max - min;
  if (min >= 190 && chroma <= 40) return 'white';
  if (r >= 110 && r - Math.max(g, b) >= 60) return 'red';
  if (b >= 110 && b - r >= 50 && b >= g - 10) return 'blue';
  if (chroma <= 30) return 'grey';
  return 'other';
}

/**
 * Estimates the background from the border of a small copy: the top band and the upper 60 % of the
 * left and right bands (the bottom edge is the shoulders, not the background). Each pixel is
 * classified; the most frequent kind wins when at least 60 % of the border agrees, else 'mixed'.
 */
export function estimateBackground(data: Buffer, width: number, height: number, channels: 3 | 4): BackgroundEstimate {
  const band = Math.max(1, Math.round(Math.min(width, height) * 0.06));
  const counts = new Map<Exclude<BackgroundName, 'mixed'>, { n: number; r: number; g: number; b: number }>();
  let total = 0;
  const take = (x: number, y: number) => {
    const i = (y * width + x) * channels;
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    const kind = classify(r, g, b, channels === 4 ? data[i + 3]! : 255);
    const c = counts.get(kind) ?? { n: 0, r: 0, g: 0, b: 0 };
    c.n++;
    c.r += r;
    c.g += g;
    c.b += b;
    counts.set(kind, c);
    total++;
  };
  for (let y = 0; y < Math.min(band, height); y++) for (let x = 0; x < width; x++) take(x, y);
  const sideEnd = Math.max(band + 1, Math.round(height * 0.6));
  for (let y = band; y < Math.min(sideEnd, height); y++) {
    for (let x = 0; x < Math.min(band, width); x++) take(x, y);
    for (let x = Math.max(band, width - band); x < width; x++) take(x, y);
  }
  let best: [Exclude<BackgroundName, 'mixed'>, { n: number; r: number; g: number; b: number }] | undefined;
  for (const entry of counts) if (!best || entry[1].n > best[1].n) best = entry;
  if (!best || total === 0) return { name: 'mixed', rgb: null, share: 0 };
  const share = best[1].n / total;
  if (share < BACKGROUND_MIN_SHARE) return { name: 'mixed', rgb: null, share };
  const [name, c] = best;
  const rgb: [number, number, number] | null = name === 'transparent' ? null : [Math.round(c.r / c.n), Math.round(c.g / c.n), Math.round(c.b / c.n)];
  return { name, rgb, share };
}

/**
 * Colour or greyscale: a greyscale photo stored as RGB has r = g = b up to compression noise; a
 * colour photo has clearly coloured pixels (skin, background) in more than 1 % of its area.
 */
export function estimateColor(data: Buffer, channels: 3 | 4): 'color' | 'greyscale' {
  let opaque = 0;
  let colored = 0;
  for (let i = 0; i + channels - 1 < data.length; i += channels) {
    if (channels === 4 && data[i + 3]! < 32) continue;
    opaque++;
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 24) colored++;
  }
  return opaque > 0 && colored / opaque > 0.01 ? 'color' : 'greyscale';
}

/** Pixel facts from a small copy of the whole photo (after EXIF orientation). Throws on corrupt data. */
export async function analysePixels(bytes: Buffer): Promise<PixelFacts> {
  const { data, info } = await sharp(bytes, safeInput({ autoOrient: true }))
    .resize(160, 160, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new Error(`unexpected channel count ${info.channels}`);
  return analyseRaw(data, info.width, info.height, 4);
}

/** The same facts from 8-bit sRGB pixels already at hand (RGB or RGBA). */
export function analyseRaw(data: Buffer, width: number, height: number, channels: 3 | 4): PixelFacts {
  return { color: estimateColor(data, channels), background: estimateBackground(data, width, height, channels) };
}

/** Bits per channel sample, from sharp's depth name (PNG's bitsPerSample when given). */
export function bitDepthOf(meta: Metadata): number {
  if (meta.bitsPerSample) return meta.bitsPerSample;
  switch (meta.depth) {
    case 'uchar':
    case 'char':
      return 8;
    case 'ushort':
    case 'short':
      return 16;
    case 'uint':
    case 'int':
    case 'float':
      return 32;
    case 'double':
    case 'complex':
      return 64;
    default:
      return 8;
  }
}

/** Whether raw EXIF (as sharp returns it, with or without the 'Exif\0\0' prefix) holds a GPS IFD. */
export function exifHasGps(exif: Buffer | undefined): boolean {
  if (!exif || exif.length < 8) return false;
  const start = exif.toString('latin1', 0, 6) === 'Exif\u0000\u0000' ? 6 : 0;
  const t = exif.subarray(start);
  if (t.length < 8) return false;
  const le = t.toString('latin1', 0, 2) === 'II';
  if (!le && t.toString('latin1', 0, 2) !== 'MM') return false;
  const u16 = (o: number) => (le ? t.readUInt16LE(o) : t.readUInt16BE(o));
  const u32 = (o: number) => (le ? t.readUInt32LE(o) : t.readUInt32BE(o));
  const ifd0 = u32(4);
  if (ifd0 + 2 > t.length) return false;
  const n = u16(ifd0);
  for (let k = 0; k < n; k++) {
    const e = ifd0 + 2 + k * 12;
    if (e + 12 > t.length) return false;
    if (u16(e) === 0x8825) return true;
  }
  return false;
}
