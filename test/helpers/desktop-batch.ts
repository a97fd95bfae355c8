import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import { RegistrationService } from '../../src-main/services/registration-service.js';
import { BlobStore } from '../../src-main/blobs/blob-store.js';
import { PhotoService } from '../../src-main/photos/photo-service.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';
import { portraitSvg, RED } from './photos.js';
import { validRow, writeTemplate, type RowInput } from './template-workbook.js';

/** A distinct portrait per index that passes the Guangxi spec (90×120 JPEG, red background, < 40 KB). */
export async function guangxiPortrait(i: number, size = { width: 90, height: 120 }): Promise<Buffer> {
  const shirt = `#${(0x102040 + i * 0x010305).toString(16).slice(-6).padStart(6, '0')}`;
  const svg = portraitSvg(size.width, size.height, RED).toString().replace('#1d2b4a', shirt);
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/** Runs `fn` on the desktop store of `dataDir`, opened for it and closed after, as the app and the CLI each do. */
export function withStore<T>(dataDir: string, fn: (db: Db) => T): T {
  const db = openStore(dataDir);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export interface DesktopBatch {
  batchId: string;
  number: string;
  personIds: number[];
  idNumbers: string[];
  names: string[];
}

/**
 * A desktop data folder with one imported batch of `n` valid people, each with a photo that passes
 * the Guangxi spec: what a clerk has after 人员导入 and 照片导入, ready to submit.
 */
export async function prepareDesktopBatch(dataDir: string, n: number, rowFor: (i: number) => RowInput = () => ({}), photoSize?: { width: number; height: number }): Promise<DesktopBatch> {
  const db = openStore(dataDir);
  try {
    const actor = { name: '测试员', now: () => new Date() };
    const svc = new RegistrationService(db, { tables: loadCodeTables(), actor, today: () => '2026-11-23' });
    const rows = Array.from({ length: n }, (_, i) => validRow(rowFor(i)));
    const work = fs.mkdtempSync(path.join(dataDir, '..', 'prep-'));
    const xlsx = path.join(work, '采集表.xlsx');
    await writeTemplate(xlsx, rows);
    const { batch } = await svc.importFile(xlsx);
    const photoDir = path.join(work, 'photos');
    fs.mkdirSync(photoDir);
    for (let i = 0; i < n; i++) fs.writeFileSync(path.join(photoDir, `${rows[i]!.idNumber}.jpg`), await guangxiPortrait(i + Math.floor(Math.random() * 1e6), photoSize));
    const photos = new PhotoService(db, new BlobStore(db, dataDir), actor);
    const r = await photos.importPhotos(batch, [photoDir], getPhotoSpec('guangxi'));
    if (r.attached !== n || r.withFindings !== 0) throw new Error(`photo import: ${JSON.stringify(r)}`);
    fs.rmSync(work, { recursive: true, force: true });
    const people = svc.listPersons(batch.id);
    return { batchId: batch.id, number: batch.number, personIds: people.map((p) => p.id), idNumbers: people.map((p) => p.fields.idNumber), names: people.map((p) => p.fields.name) };
  } finally {
    db.close();
  }
}
