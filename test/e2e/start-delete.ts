import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareDesktopBatch } from '../helpers/desktop-batch.js';
import { openDesktop, serveDesktop } from './seed/desktop-seed.js';

/**
 * For delete.spec.ts: a data folder with a batch being filled in (three people and a stray (无姓名)
 * one from an empty 添加+保存) and a second batch, with a 佐证资料 file, queued for upload (nobody
 * pushes here: no server, no background pusher). Prints one JSON line { url, token, draftBatchNumber,
 * queuedBatchNumber } and runs until killed; the folder is removed on exit.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-e2e-delete-'));
const data = path.join(dataDir, 'desk');
const draft = await prepareDesktopBatch(data, 3, (i) => ({ name: ['周一', '吴二', '郑三'][i]! }));
const queued = await prepareDesktopBatch(data, 2, (i) => ({ name: ['冯四', '陈五'][i]! }));
const { db, handlers, call } = openDesktop(data);
await call('persons.add', { batchId: draft.batchId, fields: {} });
const pdf = path.join(dataDir, '三定方案.pdf');
fs.writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
await call('evidence.add', { batchId: queued.batchId, file: pdf, kind: '三定方案' });
await call('settings.setPhotoSpec', { name: 'guangxi' });
await call('sync.submit', { batchId: queued.batchId });

await serveDesktop(handlers, dataDir, { draftBatchNumber: draft.number, queuedBatchNumber: queued.number }, [() => db.close()]);
