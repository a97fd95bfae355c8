import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { value } from '../../src-server/db/sql.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';
import { openStore } from '../../src-main/store/open-store.js';
import { seedDirectory, seedUser, startTestServer, type TestServer } from '../server/server-helpers.js';
import { prepareDesktopBatch, type DesktopBatch } from '../helpers/desktop-batch.js';
import { runCli, runCliWithInput } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * New reference data from the server: the desktop keeps the copy, and when the code tables or the
 * photo spec change, checks its unsent rows and photos again and says who now has a problem — so
 * nothing goes out that the server would refuse.
 */
const root = tempDir('zfbm-sync-ref-');
const data = path.join(root, 'desk');
let ts: TestServer;
let batch: DesktopBatch;

interface PullJson {
  reference: { changed: boolean; codeTablesChanged: boolean; photoSpecChanged: boolean; rechecked: number; newErrors: Array<{ name: string; message: string }>; photosFailing: number };
}
const pull = async (): Promise<PullJson> => {
  const r = await runCli(['pull', '--data', data, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PullJson;
};

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi' });
  const dir = await seedDirectory(ts.app);
  const unit = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
  batch = await prepareDesktopBatch(data, 2, (i) => ({ name: ['周一', '吴二'][i]!, ethnicity: '汉族' }));
  const login = await runCliWithInput(['login', '--data', data, '--server', ts.url, '--username', unit.username, '--proxy', 'none'], `${unit.password}\nRefTest1234\n`);
  expect(login.code, login.stderr).toBe(0);
}, 120_000);
afterAll(() => ts.stop());

describe('reference data from the server', () => {
  it('the first copy is kept; the same data again changes nothing', async () => {
    const first = await pull();
    expect(first.reference).toMatchObject({ changed: true, newErrors: [], photosFailing: 0 });
    expect((await pull()).reference.changed).toBe(false);
    const db = openStore(data);
    try {
      expect(db.prepare("SELECT value FROM settings WHERE key = 'sync.reference'").pluck().get()).toMatch(/"rulesVersion"/);
    } finally {
      db.close();
    }
  });

  it('a code table and the photo spec change: unsent rows and photos are checked again, and the push waits', async () => {
    const ref = ts.app.referenceData;
    ref.codeTables = {
      ...ref.codeTables,
      ethnicity: { ...ref.codeTables.ethnicity, entries: ref.codeTables.ethnicity.entries.filter((e) => e.name !== '汉族') },
    };
    ref.photoSpec = getPhotoSpec('fujian');
    const r = await pull();
    expect(r.reference).toMatchObject({ changed: true, codeTablesChanged: true, photoSpecChanged: true, rechecked: 2, photosFailing: 2 });
    expect(r.reference.newErrors.map((e) => e.name)).toEqual(['周一', '吴二']);
    expect(r.reference.newErrors[0]!.message).toMatch(/民族/);

    const db = openStore(data);
    try {
      const rows = db.prepare('SELECT error_count AS errors, issues_json AS issues FROM persons WHERE batch_id = ?').all(batch.batchId) as Array<{ errors: number; issues: string }>;
      expect(rows.every((p) => p.errors > 0 && p.issues.includes('code.invalid'))).toBe(true);
      const photoIssues = db.prepare('SELECT issues_json FROM photos WHERE current = 1').pluck().all() as string[];
      expect(photoIssues.every((i) => i.includes('photo.format') || i.includes('photo.dimensions'))).toBe(true);
    } finally {
      db.close();
    }
    const push = await runCli(['push', '--data', data, '--batch', batch.number, '--timeout', '30']);
    expect(push.code).toBe(2);
    expect(push.stderr).toMatch(/还有错误/);
    expect(await value(ts.app.db, z.number(), 'SELECT COUNT(*) FROM batches')).toBe(0);
  });
});
