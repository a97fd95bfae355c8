import Database from 'better-sqlite3';
import type { Db } from './open-db.js';

/**
 * A read-only connection of its own to the server's store, for long reads done in slices on the CPU
 * lane (cpu-lane.ts): a statement iterated across turns of the event loop keeps its connection busy,
 * so it must not be the one every other request uses. WAL lets it read a consistent snapshot while the
 * main connection writes. Closed when `work` ends. An in-memory store has no second connection: the work
 * then runs on `db` itself, unsliced (no other request can be served between its rows anyway).
 */
export async function withReadConnection<T>(db: Db, work: (reader: Db, sliced: boolean) => Promise<T>): Promise<T> {
  if (db.memory || db.name === '') return work(db, false);
  const reader = new Database(db.name, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    return await work(reader, true);
  } finally {
    reader.close();
  }
}
