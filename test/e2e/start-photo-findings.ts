import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { guangxiPortrait } from '../helpers/desktop-batch.js';
import { portraitSvg, WHITE } from '../helpers/photos.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { openDesktop, serveDesktop } from './seed/desktop-seed.js';

/**
 * For photo-findings.spec.ts: a data folder (Guangxi photo spec) with one imported batch of four
 * people and no photos yet, and a folder of their photos as a clerk gets them: two that fit, one four
 * times too big (一键修正 scales it) and one on a white background under a long file name (a new
 * photo is needed). Prints one JSON line { url, token, batchNumber, photoDir, people } and runs
 * until killed; the folder is removed on exit.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-e2e-photos-'));
const data = path.join(dataDir, 'desk');
const { db, handlers, call } = openDesktop(data);
await call('settings.setPhotoSpec', { name: 'guangxi' });
const rows = ['林一', '黄二', '何三', '欧阳四'].map((name) => validRow({ name }));
const xlsx = path.join(dataDir, '采集表.xlsx');
await writeTemplate(xlsx, rows);
const { batch } = await call<{ batch: { number: string } }>('import.file', { file: xlsx });

const photoDir = path.join(dataDir, '照片');
fs.mkdirSync(photoDir);
const id = (i: number) => String(rows[i]!.idNumber);
fs.writeFileSync(path.join(photoDir, `${id(0)}.jpg`), await guangxiPortrait(1));
fs.writeFileSync(path.join(photoDir, `${id(1)}.jpg`), await guangxiPortrait(2, { width: 360, height: 480 }));
fs.writeFileSync(path.join(photoDir, `${id(2)}.jpg`), await guangxiPortrait(3));
const longName = `${id(3)} 欧阳四-2024年单位体检时拍摄的证件照（白底）.jpg`;
fs.writeFileSync(path.join(photoDir, longName), await sharp(portraitSvg(90, 120, WHITE)).jpeg({ quality: 85 }).toBuffer());

const people = rows.map((r) => ({ name: String(r.name), idNumber: String(r.idNumber) }));
await serveDesktop(handlers, dataDir, { batchNumber: batch.number, photoDir, longName, people }, [() => db.close()]);
