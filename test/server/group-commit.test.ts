import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit } from '../../src-server/db/group-commit.js';

/** Group commit on a real SQLite file: shared transactions, per-item answers, no item failing another. */
let dir = '';
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function open() {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-gc-'));
  const db = new Database(path.join(dir, 't.sqlite3'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL CHECK (v >= 0)) STRICT');
  return db;
}

describe('GroupCommit', () => {
  it('commits writes that arrive together in one transaction and answers each its own result', async () => {
    const db = open();
    let transactions = 0;
    const gc = new GroupCommit(db, (item: { k: string; v: number }) => {
      if (!db.inTransaction) throw new Error('outside a transaction');
      return db.prepare('INSERT OR IGNORE INTO t (k, v) VALUES (?, ?)').run(item.k, item.v).changes === 1;
    });
    const orig = db.transaction.bind(db);
    (db as unknown as { transaction: typeof db.transaction }).transaction = ((fn: () => unknown) => {
      transactions++;
      return orig(fn);
    }) as typeof db.transaction;
    const answers = await Promise.all([gc.add({ k: 'a', v: 1 }), gc.add({ k: 'b', v: 2 }), gc.add({ k: 'a', v: 3 })]);
    expect(answers).toEqual([true, true, false]);
    expect(transactions).toBe(1);
    expect(db.prepare('SELECT k, v FROM t ORDER BY k').all()).toEqual([{ k: 'a', v: 1 }, { k: 'b', v: 2 }]);
    db.close();
  });

  it('a failing item is refused alone; the others of its group are still written', async () => {
    const db = open();
    const gc = new GroupCommit(db, (item: { k: string; v: number }) => db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(item.k, item.v).changes);
    const results = await Promise.allSettled([gc.add({ k: 'x', v: 1 }), gc.add({ k: 'y', v: -1 }), gc.add({ k: 'z', v: 2 })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/CHECK constraint/);
    expect(db.prepare('SELECT k FROM t ORDER BY k').pluck().all()).toEqual(['x', 'z']);
    db.close();
  });

  it('waits a moment for company when other writers are under way', async () => {
    const db = open();
    let transactions = 0;
    const orig = db.transaction.bind(db);
    (db as unknown as { transaction: typeof db.transaction }).transaction = ((fn: () => unknown) => {
      transactions++;
      return orig(fn);
    }) as typeof db.transaction;
    const gc = new GroupCommit(db, (item: { k: string }) => db.prepare('INSERT INTO t (k, v) VALUES (?, 0)').run(item.k).changes);
    // Two uploads under way; the first arrives, the second a millisecond later: one commit. The clock is
    // a fake one, so a busy machine cannot stretch that millisecond past the window.
    vi.useFakeTimers();
    try {
      gc.begin();
      gc.begin();
      const first = gc.add({ k: 'a' });
      vi.advanceTimersByTime(1);
      expect(transactions).toBe(0);
      const second = gc.add({ k: 'b' });
      vi.advanceTimersByTime(5);
      await Promise.all([first, second]);
      gc.end();
      gc.end();
    } finally {
      vi.useRealTimers();
    }
    expect(transactions).toBe(1);
    db.close();
  });
});
