import { dialectOf, run, type Sql } from './sql.js';

/**
 * Locks for the few orderings that PostgreSQL's SERIALIZABLE does not give by itself, held until the
 * transaction ends. On SQLite they cost nothing and do nothing: a write transaction there holds the
 * one writer's lock from its BEGIN IMMEDIATE (open-store.ts), which orders everything already.
 *
 * Each use has its own space (the first of PostgreSQL's two 32-bit keys), so none shares a lock with
 * another, nor with the migration lock (a single 64-bit key: a separate key space).
 */
export const LOCK_SPACE = {
  /** Per unit: appends to its change feed commit in the order of their seq (feed/changes-store.ts). */
  feed: 20_260_421,
  /** One key (0): blob files are checked and written or unlinked against the rows (blobs/blob-file-lock.ts). */
  blobFiles: 20_260_422,
} as const;

export async function lockInTransaction(t: Sql, space: number, key: number, mode: 'exclusive' | 'shared' = 'exclusive'): Promise<void> {
  if (dialectOf(t) === 'sqlite') return;
  if (!t.isTransaction) throw new Error('lockInTransaction: not in a transaction (the lock would end with the statement)');
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await run(t, `SELECT ${fn}(CAST(? AS INTEGER), CAST(? AS INTEGER))`, [space, key]);
}
