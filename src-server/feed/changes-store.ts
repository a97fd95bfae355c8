import { z } from 'zod';
import { changeSchema, type Change, type ChangePayload } from '../../src-shared/contract/sync-api.js';
import { cachedStatement, checkedRows, jsonColumn } from '../../src-node/sqlite-store.js';
import type { Db } from '../db/open-db.js';

/**
 * The change feed's store: every decision, study account, study record and exam score a unit should
 * learn about, appended with an ever-growing sequence number. Append inside the transaction of the
 * change itself, so a change and its feed entry are written together or not at all. The append is
 * prepared once and kept: a decision or an import of study records runs it once a person.
 */
export function appendChange(db: Db, unitId: number, change: ChangePayload, at: Date): number {
  const { type, ...rest } = change;
  const r = cachedStatement(db, 'INSERT INTO changes (unit_id, type, payload, at) VALUES (?, ?, ?, ?)').run(unitId, type, JSON.stringify(rest), at.toISOString());
  return Number(r.lastInsertRowid);
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
export function readChanges(db: Db, unitId: number, since: number, limit: number): ChangePage {
  const rows = db.prepare('SELECT seq, type, payload, at FROM changes WHERE unit_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(unitId, since, limit + 1);
  const more = rows.length > limit;
  const changes = checkedRows(changeRow, more ? rows.slice(0, limit) : rows);
  const last = changes.at(-1);
  return { changes, cursor: String(last ? last.seq : since), more };
}
