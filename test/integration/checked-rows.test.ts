import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import { openStore } from '../../src-main/store/open-store.js';
import { findBatch, createBatch } from '../../src-main/store/batches-repo.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Rows are checked where they leave SQLite (src-node/sqlite-store.ts): a real store file. */
const root = tempDir('zfbm-checked-rows-');
const actor = { name: '测试', now: () => new Date(2024, 0, 16, 21, 8, 56) };

describe('checked rows', () => {
  it('gives rows as the schema says, converted, and none for a missing row', () => {
    const db = openStore(path.join(root, 'a'));
    db.prepare("INSERT INTO settings (key, value) VALUES ('k', 'v')").run();
    const row = z.object({ key: z.string(), size: z.number().transform((n) => n > 0) });
    expect(checkedRows(row, db.prepare('SELECT key, length(value) AS size FROM settings').all())).toEqual([{ key: 'k', size: true }]);
    expect(checkedRow(row, db.prepare("SELECT key, length(value) AS size FROM settings WHERE key = 'none'").get())).toBeUndefined();
    db.close();
  });

  it('fails at the repository, naming the column, when a row is not what the query promised', () => {
    const db = openStore(path.join(root, 'b'));
    db.prepare("INSERT INTO settings (key, value) VALUES ('k', 'v')").run();
    const row = z.object({ key: z.string(), value: z.number() });
    expect(() => checkedRows(row, db.prepare('SELECT key, value FROM settings').all())).toThrow(/value/);
    expect(() => checkedRow(row, db.prepare('SELECT key FROM settings').get())).toThrow(/value/);
    db.close();
  });

  it('finds a batch by its id or by its 批次号 with one query', () => {
    const db = openStore(path.join(root, 'c'));
    const batch = createBatch(db, actor, { kind: 'new' });
    expect(findBatch(db, batch.id)?.number).toBe('XZZF20240116-210856');
    expect(findBatch(db, 'XZZF20240116-210856')?.id).toBe(batch.id);
    expect(findBatch(db, 'XZZF19990101-000000')).toBeUndefined();
    db.close();
  });
});
