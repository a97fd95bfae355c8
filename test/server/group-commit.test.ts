import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit } from '../../src-server/db/group-commit.js';
import { wrapSqlite, type ServerStore } from '../../src-server/db/open-store.js';
import { z } from 'zod';
import { column, rawRows, run, type Sql } from '../../src-server/db/sql.js';

/** Group commit on a real SQLite file: shared transactions, per-item answers, no item failing another. */
let dir = '';
let store: ServerStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The store, and a count of the transactions begun on it. */
function open(): { db: Sql; transactions: () => number } {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-gc-'));
  const raw = new Database(path.join(dir, 't.sqlite3'));
  raw.pragma('journal_mode = WAL');
  raw.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL CHECK (v >= 0)) STRICT');
  store = wrapSqlite(raw);
  const db = store.db;
  let transactions = 0;
  const orig = db.transaction.bind(db);
  (db as unknown as { transaction: typeof db.transaction }).transaction = (() => {
    transactions++;
    return orig();
  }) as typeof db.transaction;
  return { db, transactions: () => transactions };
}

describe('GroupCommit', () => {
  it('commits writes that arrive together in one transaction and answers each its own result', async () => {
    const { db, transactions } = open();
    const gc = new GroupCommit(db, async (t: Sql, item: { k: string; v: number }) => {
      if (!t.isTransaction) throw new Error('outside a transaction');
      return (await run(t, 'INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT DO NOTHING', [item.k, item.v])) === 1;
    });
    const answers = await Promise.all([gc.add({ k: 'a', v: 1 }), gc.add({ k: 'b', v: 2 }), gc.add({ k: 'a', v: 3 })]);
    expect(answers).toEqual([true, true, false]);
    expect(transactions()).toBe(1);
    expect(await rawRows(db, 'SELECT k, v FROM t ORDER BY k')).toEqual([{ k: 'a', v: 1 }, { k: 'b', v: 2 }]);
  });

  it('a failing item is refused alone; the others of its group are still written', async () => {
    const { db } = open();
    const gc = new GroupCommit(db, (t: Sql, item: { k: string; v: number }) => run(t, 'INSERT INTO t (k, v) VALUES (?, ?)', [item.k, item.v]));
    const results = await Promise.allSettled([gc.add({ k: 'x', v: 1 }), gc.add({ k: 'y', v: -1 }), gc.add({ k: 'z', v: 2 })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/CHECK constraint/);
    expect(await column(db, z.string(), 'SELECT k FROM t ORDER BY k')).toEqual(['x', 'z']);
  });

  it('waits a moment for company when other writers are under way', async () => {
    const { db, transactions } = open();
    const gc = new GroupCommit(db, (t: Sql, item: { k: string }) => run(t, 'INSERT INTO t (k, v) VALUES (?, 0)', [item.k]));
    // Two uploads under way; the first arrives, the second a millisecond later: one commit. The clock is
    // a fake one, so a busy machine cannot stretch that millisecond past the window.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let first: Promise<number>;
    let second: Promise<number>;
    try {
      gc.begin();
      gc.begin();
      first = gc.add({ k: 'a' });
      vi.advanceTimersByTime(1);
      expect(transactions()).toBe(0);
      second = gc.add({ k: 'b' });
      vi.advanceTimersByTime(5);
    } finally {
      vi.useRealTimers();
    }
    await Promise.all([first, second]);
    gc.end();
    gc.end();
    expect(transactions()).toBe(1);
  });
});
