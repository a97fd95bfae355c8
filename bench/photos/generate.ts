import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GENERATOR_VERSION, photoPaths } from './photo-files.js';
import sharp from 'sharp';
import { rng } from '../lib/people.js';

/**
 * Phone-like test photos for bench/photos: about 3000 x 4000, a lit background (mostly red, some
 * white and blue), a head-and-shoulders figure, sensor noise, camera EXIF with GPS, and one in four
 * stored on its side with EXIF orientation 6, as phones do. JPEG quality 92, so sizes are those of
 * real phone photos (a few MB). Deterministic per index.
 */

const BACKGROUNDS = [
  ['#e8281e', '#a8120c'],
  ['#d81e06', '#901008'],
  ['#f03828', '#b01810'],
  ['#ffffff', '#d8d8d8'],
  ['#5a9ae0', '#2a5aa0'],
] as const;

function svgFor(i: number, w: number, h: number): Buffer {
  const r = rng(i + 1);
  const [bgLight, bgDark] = BACKGROUNDS[i % 10 < 8 ? i % 3 : 3 + (i % 2)]!;
  const cx = w * (0.42 + r() * 0.16);
  const cy = h * (0.36 + r() * 0.08);
  const fw = w * (0.17 + r() * 0.05);
  const fh = fw * (1.3 + r() * 0.1);
  const skin = ['#e8b896', '#d9a57f', '#f0c8a8', '#c89070'][Math.floor(r() * 4)]!;
  const jacket = ['#1d2b4a', '#2a2a2a', '#3a4a3a', '#203060'][Math.floor(r() * 4)]!;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">` +
      `<defs><radialGradient id="bg" cx="${0.3 + r() * 0.4}" cy="0.3" r="0.9"><stop offset="0" stop-color="${bgLight}"/><stop offset="1" stop-color="${bgDark}"/></radialGradient>` +
      `<radialGradient id="face" cx="0.4" cy="0.35" r="0.7"><stop offset="0" stop-color="#fff" stop-opacity="0.35"/><stop offset="1" stop-color="#000" stop-opacity="0.25"/></radialGradient>` +
      `<linearGradient id="cloth" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#fff" stop-opacity="0.15"/><stop offset="1" stop-color="#000" stop-opacity="0.3"/></linearGradient></defs>` +
      `<rect width="${w}" height="${h}" fill="url(#bg)"/>` +
      `<path d="M ${cx - fw * 2.2} ${h} C ${cx - fw * 2.1} ${cy + fh * 1.4}, ${cx - fw * 0.8} ${cy + fh * 1.1}, ${cx} ${cy + fh * 1.1} S ${cx + fw * 2.1} ${cy + fh * 1.4}, ${cx + fw * 2.2} ${h} Z" fill="${jacket}"/>` +
      `<path d="M ${cx - fw * 2.2} ${h} C ${cx - fw * 2.1} ${cy + fh * 1.4}, ${cx - fw * 0.8} ${cy + fh * 1.1}, ${cx} ${cy + fh * 1.1} S ${cx + fw * 2.1} ${cy + fh * 1.4}, ${cx + fw * 2.2} ${h} Z" fill="url(#cloth)"/>` +
      `<polygon points="${cx - fw * 0.35},${cy + fh * 1.05} ${cx},${cy + fh * 1.5} ${cx + fw * 0.35},${cy + fh * 1.05}" fill="#f4f4f4"/>` +
      `<rect x="${cx - fw * 0.35}" y="${cy + fh * 0.6}" width="${fw * 0.7}" height="${fh * 0.5}" fill="${skin}"/>` +
      `<ellipse cx="${cx}" cy="${cy}" rx="${fw}" ry="${fh}" fill="${skin}"/><ellipse cx="${cx}" cy="${cy}" rx="${fw}" ry="${fh}" fill="url(#face)"/>` +
      `<path d="M ${cx - fw * 1.05} ${cy - fh * 0.05} C ${cx - fw * 1.1} ${cy - fh * 1.3}, ${cx + fw * 1.1} ${cy - fh * 1.3}, ${cx + fw * 1.05} ${cy - fh * 0.05} C ${cx + fw * 0.8} ${cy - fh * 0.7}, ${cx - fw * 0.8} ${cy - fh * 0.7}, ${cx - fw * 1.05} ${cy - fh * 0.05} Z" fill="#15100c"/>` +
      `<ellipse cx="${cx - fw * 0.38}" cy="${cy - fh * 0.05}" rx="${fw * 0.14}" ry="${fh * 0.05}" fill="#2a1f1a"/><ellipse cx="${cx + fw * 0.38}" cy="${cy - fh * 0.05}" rx="${fw * 0.14}" ry="${fh * 0.05}" fill="#2a1f1a"/>` +
      `<path d="M ${cx - fw * 0.3} ${cy + fh * 0.45} Q ${cx} ${cy + fh * 0.55} ${cx + fw * 0.3} ${cy + fh * 0.45}" stroke="#9a4a42" stroke-width="${fw * 0.06}" fill="none"/>` +
      `</svg>`,
  );
}

const EXIF = (i: number) => ({
  IFD0: { Make: 'HUAWEI', Model: 'ELS-AN00', Software: 'ELS-AN00 4.0.0', DateTime: '2025:03:01 09:30:00' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: `26/1 ${i % 60}/1 0/1`, GPSLongitudeRef: 'E', GPSLongitude: '119/1 18/1 0/1' },
});

/** Sensor noise: a table of small offsets, read from a different place for every photo. */
const NOISE = (() => {
  const t = new Int8Array(1 << 20);
  const r = rng(7);
  for (let i = 0; i < t.length; i++) t[i] = Math.round((r() + r() + r() - 1.5) * 14);
  return t;
})();

/** Writes photo number i (3000 x 4000 as shown) to file. */
export async function generatePhoto(i: number, file: string): Promise<void> {
  const w = 3000;
  const h = 4000;
  // Drawn at half size and enlarged (smooth edges, as a lens gives), then noise at full size.
  const raw = await sharp(svgFor(i, w / 2, h / 2))
    .removeAlpha()
    .resize(w, h, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  const mask = NOISE.length - 1;
  for (let k = 0, j = (i * 7919) & mask; k < raw.length; k++, j = (j + 1) & mask) {
    const v = raw[k]! + NOISE[j]!;
    raw[k] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  const sideways = i % 4 === 3;
  let img = sharp(raw, { raw: { width: w, height: h, channels: 3 } });
  img = sideways ? sharp(await img.rotate(270).raw().toBuffer(), { raw: { width: h, height: w, channels: 3 } }).withExif(EXIF(i)).withMetadata({ orientation: 6 }) : img.withExif(EXIF(i));
  const tmp = `${file}.tmp`;
  await img.jpeg({ quality: 92 }).toFile(tmp);
  fs.renameSync(tmp, file);
}

/** Makes sure photos 0..count-1 exist in dir; returns their paths. */
export async function ensurePhotos(dir: string, count: number, concurrency: number, progress: (done: number) => void): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const versionFile = path.join(dir, 'VERSION');
  const version = fs.existsSync(versionFile) ? fs.readFileSync(versionFile, 'utf8').trim() : '';
  if (version !== GENERATOR_VERSION) {
    for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { force: true });
    fs.writeFileSync(versionFile, GENERATOR_VERSION + '\n');
  }
  const files = photoPaths(dir, count);
  const missing = files.map((f, i) => [f, i] as const).filter(([f]) => !fs.existsSync(f));
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < missing.length) {
        const [f, i] = missing[next++]!;
        await generatePhoto(i, f);
        progress(++done);
      }
    }),
  );
  return files;
}

// Run by run.ts as its own process (node --import tsx generate.ts <dir> <count> <concurrency>), so
// that the measuring process stays small: a forked child starts with its parent's peak memory.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, count, concurrency] = process.argv.slice(2);
  const t0 = performance.now();
  await ensurePhotos(dir!, Number(count), Number(concurrency), (done) => {
    if (done % 25 === 0) process.stderr.write(`\rgenerating phone photos: ${done}`);
  });
  process.stderr.write(`\rphone photos ready in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}
