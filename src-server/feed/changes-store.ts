import { z } from 'zod';
import { changeSchema, type Change, type ChangePayload } from '../../src-shared/contract/sync-api.js';
import { jsonColumn } from '../../src-node/sqlite-store.js';
import { all, value, type Sql } from '../db/sql.js';
import { LOCK_SPACE, lockInTransaction } from '../db/advisory-lock.js';

/**
 * The change feed's store: every decision, study account, study record and exam score a unit should
 * learn about, appended with an ever-growing sequence number. Append inside the transaction of the
 * change itself (`db` is that transaction), so a change and its feed entry are written together or
 * not at all. A decision or an import of study records appends once a person.
 *
 * A reader's cursor only moves forward, so a unit's entries must become visible in the order of their
 * seq: one with a smaller seq committing after a reader has passed a larger one would never be read.
 * SQLite's single writer gives that order; on PostgreSQL, where transactions commit side by side, an
 * append first takes the unit's feed lock (held to the end of the transaction), so a second
 * transaction appending for the same unit draws its seq only once the first has committed.
 */
export async function appendChange(db: Sql, unitId: number, change: ChangePayload, at: Date): Promise<number> {
  const { type, ...rest } = change;
  await lockFeed(db, unitId);
  const seq = await value(db, z.number(), 'INSERT INTO changes (unit_id, type, payload, at) VALUES (?, ?, ?, ?) RETURNING seq', [unitId, type, JSON.stringify(rest), at.toISOString()]);
  if (seq === undefined) throw new Error('INSERT INTO changes … RETURNING seq returned no row');
  return seq;
}

/** The units whose feed lock this transaction holds already (an import appends once a person). */
const feedLocks = new WeakMap<Sql, Set<number>>();

async function lockFeed(t: Sql, unitId: number): Promise<void> {
  let held = feedLocks.get(t);
  if (held?.has(unitId)) return;
  await lockInTransaction(t, LOCK_SPACE.feed, unitId);
  if (!held) feedLocks.set(t, (held = new Set()));
  held.add(unitId);
}

/**
 * A stored change as the contract says it is: the payload (everything but type, seq and at) joined
 * with its columns. Checked on the way out: a payload that no longer fits the contract is our bug,
 * and fails loudly here.
 */
const changeRow = z
  .object({ seq: z.number(), type: z.string(), payload: jsonColumn(z.record(z.string(), z.unknown())), at: z.string() })
  .transform((r) => ({ ...r.payload, type: r.type, seq: r.seq, at: r.at }))
  .pipe(changeSchema);

export interface ChangePage {
  changes: Change[];
  cursor: string;
  more: boolean;
}

/** The unit's changes after `since`, oldest first, at most `limit` of them. */
export async function readChanges(db: Sql, unitId: number, since: number, limit: number): Promise<ChangePage> {
  const rows = await all(db, changeRow, 'SELECT seq, type, payload, at FROM changes WHERE unit_id = ? AND seq > ? ORDER BY seq LIMIT ?', [unitId, since, limit + 1]);
  const more = rows.length > limit;
  const changes = more ? rows.slice(0, limit) : rows;
  const last = changes.at(-1);
  return { changes, cursor: String(last ? last.seq : since), more };
}
