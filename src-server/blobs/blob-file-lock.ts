import { LOCK_SPACE, lockInTransaction } from '../db/advisory-lock.js';
import { dialectOf, transaction, type Sql } from '../db/sql.js';

/**
 * What keeps a `blobs` row from ever naming a missing file, with uploads and the clean-up running at
 * once, in one process or several sharing the blob folder:
 * - an upload checks its file (and writes it again if it is gone) in the transaction that commits
 *   its rows, after {@link shareBlobFiles};
 * - the clean-up unlinks a file only in {@link unlinkingBlobFiles}, right after finding that no row
 *   names it.
 *
 * On SQLite both are write transactions, and SQLite has one writer at a time: nothing more is needed.
 * On PostgreSQL uploads take the blob-file lock shared (they go side by side) and the clean-up takes it
 * exclusively, so it waits for the uploads under way to commit and holds new ones back until its
 * unlinks are done. Its transaction is READ COMMITTED, so each check after the lock sees every row
 * committed before (a SERIALIZABLE one would read a snapshot taken before it waited for the lock).
 */

/** Inside an upload's transaction, before it looks at the file. */
export async function shareBlobFiles(t: Sql): Promise<void> {
  await lockInTransaction(t, LOCK_SPACE.blobFiles, 0, 'shared');
}

/** Runs `fn` with no upload committing meanwhile. `fn` unlinks files: it is never run twice. */
export async function unlinkingBlobFiles<R>(db: Sql, fn: (t: Sql) => Promise<R>): Promise<R> {
  if (dialectOf(db) === 'sqlite') return transaction(db, fn);
  return db
    .transaction()
    .setIsolationLevel('read committed')
    .execute(async (t) => {
      await lockInTransaction(t, LOCK_SPACE.blobFiles, 0, 'exclusive');
      return fn(t);
    });
}
