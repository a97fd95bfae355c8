import { changeSchema, type Change, type ChangePayload } from '../../src-shared/contract/sync-api.js';
import type { Db } from '../db/open-db.js';

/**
 * The change feed's store: every decision, study account, study record and exam score a unit should
 * learn about, appended with an ever-growing sequence number. Append inside the transaction of the
 * change itself, so a change and its feed entry are written together or not at all.
 */
export function appendChange(db: Db, unitId: number, change: ChangePayload, at: Date): number {
  const { type, ...rest } = change;
  const r = db.prepare('INSERT INTO changes (unit_id, type, payload, at) VALUES (?, ?, ?, ?)').run(unitId, type, JSON.stringify(rest), at.toISOString());
  return Number(r.lastInsertRowid);
}

export interface ChangePage {
  changes: Change[];
  cursor: string;
  more: boolean;
}

/** The unit's changes after `since`, oldest first, at most `limit` of them. */
export function readChanges(db: Db, unitId: number, since: number, limit: number): ChangePage {
  const rows = db
    .prepare('SELECT seq, type, payload, at FROM changes WHERE unit_id = ? AND seq > ? ORDER BY seq LIMIT ?')
    .all(unitId, since, limit + 1) as Array<{ seq: number; type: string; payload: string; at: string }>;
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  // Parsed on the way out: a payload that no longer fits the contract is our bug, and fails loudly here.
  const changes = page.map((r) => changeSchema.parse({ ...(JSON.parse(r.payload) as object), type: r.type, seq: r.seq, at: r.at }));
  const last = page.at(-1);
  return { changes, cursor: String(last ? last.seq : since), more };
}
