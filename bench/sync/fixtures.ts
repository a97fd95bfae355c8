import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { BlobStore } from '../../src-main/blobs/blob-store.js';
import { PhotoService } from '../../src-main/photos/photo-service.js';
import { RegistrationService } from '../../src-main/services/registration-service.js';
import { openStore } from '../../src-main/store/open-store.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';
import { TEMPLATE_TITLE, templateColumns } from '../../src-shared/template.js';
import { personRow, rng } from '../lib/people.js';

/**
 * What bench/sync pushes: a desktop data folder with one imported batch of `persons` valid people,
 * each with a photo of about 40 KB, made the way a clerk makes it (人员导入 of a filled template,
 * then 照片导入 of a folder of photos named by ID number, both by the desktop's own services).
 *
 * The photos are for the shipped Fujian spec (PNG, at least 402×461 at 34:39, 300 DPI, transparent
 * background, at most 2 MB), which the server is also started with: the Guangxi spec caps a photo at
 * 40,000 bytes *and* exactly 90×120 px, where no real photo reaches 40 KB. A head-and-shoulders figure
 * on a transparent background, 402×461, 300 DPI, with fine grain on the figure that brings the PNG
 * to about 40 KB; distinct per person. They pass the desktop's import checks and the server's checks
 * of format, byte size and pixel size, so nothing is bypassed.
 *
 * Written here rather than taken from test/helpers (bench code does not import tests).
 */

export const PHOTO_SPEC = 'fujian';
const W = 402;
const H = 461;
/** Bump when the photos change: the cache folder is named after it. */
const PHOTO_VERSION = 'v1';

function portraitSvg(i: number): Buffer {
  const r = rng(i + 7);
  const jacket = ['#1d2b4a', '#2a2a2a', '#3a4a3a', '#203060'][i % 4]!;
  const skin = ['#e8b896', '#d9a57f', '#f0c8a8', '#c89070'][Math.floor(r() * 4)]!;
  const cx = W * (0.47 + r() * 0.06);
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">` +
      `<rect x="${cx - W * 0.4}" y="${H * 0.68}" width="${W * 0.8}" height="${H * 0.34}" rx="${W * 0.12}" fill="${jacket}"/>` +
      `<rect x="${cx - W * 0.08}" y="${H * 0.56}" width="${W * 0.16}" height="${H * 0.16}" fill="#d9a784"/>` +
      `<ellipse cx="${cx}" cy="${H * 0.42}" rx="${W * 0.2}" ry="${H * 0.2}" fill="${skin}"/>` +
      `<ellipse cx="${cx}" cy="${H * 0.28}" rx="${W * 0.22}" ry="${H * 0.1}" fill="#1a1410"/>` +
      `<ellipse cx="${cx - W * 0.08}" cy="${H * 0.42}" rx="${W * 0.03}" ry="${H * 0.015}" fill="#2a1f1a"/>` +
      `<ellipse cx="${cx + W * 0.08}" cy="${H * 0.42}" rx="${W * 0.03}" ry="${H * 0.015}" fill="#2a1f1a"/>` +
      `</svg>`,
  );
}

/** Photo number i: PNG 402×461, 300 DPI, transparent background, about 40 KB; deterministic. */
export async function photo(i: number): Promise<Buffer> {
  const { data, info } = await sharp(portraitSvg(i)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const r = rng(i + 1);
  for (let p = 0; p < data.length; p += 4) {
    if (data[p + 3] === 0) {
      data[p] = data[p + 1] = data[p + 2] = 0;
      continue;
    }
    const n = Math.floor((r() - 0.5) * 3);
    for (let c = 0; c < 3; c++) {
      const v = data[p + c]! + n;
      data[p + c] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).png({ compressionLevel: 9 }).withMetadata({ density: 300 }).toBuffer();
}

/**
 * Photos 0..count-1 in `cacheRoot`/sync-photos-<version>/, named <ID number>.png as a clerk names
 * them; made once (about 30 s on two cores) and kept. Returns the folder.
 */
export async function ensurePhotos(cacheRoot: string, count: number, progress: (done: number) => void): Promise<string> {
  const dir = path.join(cacheRoot, `sync-photos-${PHOTO_VERSION}`);
  fs.mkdirSync(dir, { recursive: true });
  const want = Array.from({ length: count }, (_, i) => ({ i, file: path.join(dir, `${personRow(i).idNumber}.png`) }));
  const missing = want.filter((w) => !fs.existsSync(w.file));
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: os.availableParallelism() + 1 }, async () => {
      while (next < missing.length) {
        const { i, file } = missing[next++]!;
        const tmp = `${file}.tmp`;
        fs.writeFileSync(tmp, await photo(i));
        fs.renameSync(tmp, file);
        progress(++done);
      }
    }),
  );
  return dir;
}

async function writeTemplate(file: string, persons: number): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  const cols = templateColumns('new');
  ws.addRow([TEMPLATE_TITLE]);
  ws.addRow(['序号', ...cols.map((c) => c.header)]);
  for (let n = 0; n < persons; n++) {
    const row = personRow(n);
    ws.addRow([n + 1, ...cols.map((c) => row[c.key] ?? null)]);
  }
  await wb.xlsx.writeFile(file);
}

export interface DesktopBatch {
  dataDir: string;
  batchId: string;
  persons: number;
  /** Photo bytes the batch names (each photo once). */
  photoBytes: number;
  photos: number;
}

/**
 * A desktop data folder in `dataDir` with one batch of `persons` people imported from a template and
 * their photos imported from `photoDir` against the Fujian spec; every row and photo without error.
 */
export async function prepareDesktop(dataDir: string, persons: number, photoDir: string): Promise<DesktopBatch> {
  const db = openStore(dataDir);
  try {
    const actor = { name: '基准测试', now: () => new Date() };
    const svc = new RegistrationService(db, { tables: loadCodeTables(), actor, today: () => '2026-11-23' });
    const xlsx = path.join(path.dirname(dataDir), `template-${persons}.xlsx`);
    await writeTemplate(xlsx, persons);
    const { batch } = await svc.importFile(xlsx);
    fs.rmSync(xlsx, { force: true });
    const people = svc.listPersons(batch.id);
    const bad = people.filter((p) => p.errorCount > 0);
    if (people.length !== persons || bad.length > 0) throw new Error(`template import: ${people.length} people, ${bad.length} with errors`);
    const photos = new PhotoService(db, new BlobStore(db, dataDir), actor);
    const r = await photos.importPhotos(batch, [photoDir], getPhotoSpec(PHOTO_SPEC));
    if (r.attached !== persons || r.withFindings !== 0 || r.rejected.length > 0) {
      throw new Error(`photo import: ${r.attached} attached, ${r.withFindings} with findings, ${r.rejected.length} rejected; first: ${JSON.stringify(r.rejected[0] ?? '')}`);
    }
    const sizes = db
      .prepare('SELECT b.size FROM photos p JOIN blobs b ON b.sha256 = p.sha256 JOIN persons pe ON pe.id = p.person_id WHERE pe.batch_id = ? AND p.current = 1')
      .pluck()
      .all(batch.id) as number[];
    return { dataDir, batchId: batch.id, persons, photoBytes: sizes.reduce((s, n) => s + n, 0), photos: sizes.length };
  } finally {
    db.close();
  }
}
