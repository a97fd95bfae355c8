import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobFiles } from '../../src-server/blobs/blob-files.js';
import { shareBlobFiles } from '../../src-server/blobs/blob-file-lock.js';
import { collectBlobs } from '../../src-server/blobs/blob-gc.js';
import { MIGRATIONS } from '../../src-server/db/migrations/index.js';
import { openPostgres } from '../../src-server/db/open-postgres.js';
import type { ServerStore } from '../../src-server/db/open-store.js';
import { run, transaction } from '../../src-server/db/sql.js';
import { freshPgDatabase, testPgUrl } from '../helpers/pg-database.js';

/**
 * The blob clean-up and an upload at the same moment on PostgreSQL (issue 20), where no single writer
 * orders them as SQLite does: the clean-up has found a file without a row and is about to unlink it,
 * while an upload of the same bytes is committing its row. The clean-up must wait for that commit,
 * then see the row and keep the file. Runs under `npm run test:pg` only.
 */
if (!testPgUrl) console.log('test/pg: skipped, ZFBM_TEST_PG_URL is not set (run `npm run test:pg` for PostgreSQL)');
const suite = testPgUrl ? describe : describe.skip;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

suite('the blob clean-up on PostgreSQL against an upload under way', () => {
  let store: ServerStore;
  let drop: () => Promise<void>;
  let blobDir = '';

  beforeAll(async () => {
    const db = await freshPgDatabase();
    drop = db.drop;
    store = await openPostgres(db.url, MIGRATIONS, { poolSize: 4 });
    blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-pg-blobs-'));
  });

  afterAll(async () => {
    await store?.close();
    await drop?.();
    fs.rmSync(blobDir, { recursive: true, force: true });
  });

  it('waits for the upload’s commit before it unlinks, then finds the row and keeps the file', async () => {
    const bytes = Buffer.from('%PDF-1.4\n% uploaded while the clean-up runs\n%%EOF\n');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const file = new BlobFiles(blobDir).pathOf(sha);
    // The file is there without a row, two hours old: what the clean-up removes (a crash's leftover)...
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(file, old, old);

    // ...unless the upload committing its row right now wins. It holds its transaction open here.
    let letCommit!: () => void;
    const mayCommit = new Promise<void>((resolve) => (letCommit = resolve));
    let rowWritten!: () => void;
    const written = new Promise<void>((resolve) => (rowWritten = resolve));
    const upload = transaction(store.db, async (t) => {
      await shareBlobFiles(t);
      await run(t, 'INSERT INTO blobs (sha256, size, mime, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?)', [sha, bytes.length, 'application/pdf', null, null, new Date().toISOString()]);
      rowWritten();
      await mayCommit;
    });
    await written;

    let gcDone = false;
    const gc = collectBlobs(store.db, blobDir, { days: 30 }).then((s) => {
      gcDone = true;
      return s;
    });
    await sleep(500);
    expect(gcDone).toBe(false);
    expect(fs.existsSync(file)).toBe(true);

    letCommit();
    await upload;
    const summary = await gc;
    expect(summary.orphansRemoved).toBe(0);
    expect(fs.readFileSync(file)).toEqual(bytes);
  });

  it('removes such a file when no upload names it', async () => {
    const bytes = Buffer.from('%PDF-1.4\n% left by a crash\n%%EOF\n');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const file = new BlobFiles(blobDir).pathOf(sha);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(file, old, old);
    expect((await collectBlobs(store.db, blobDir, { days: 30 })).orphansRemoved).toBe(1);
    expect(fs.existsSync(file)).toBe(false);
  });
});
