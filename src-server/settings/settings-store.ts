import { z } from 'zod';
import { cachedStatement, checkedRow } from '../../src-node/sqlite-store.js';
import type { Db } from '../db/open-db.js';

/**
 * The settings table: the deployment settings an administrator chose in the console, one text value
 * per key. The read is prepared once: every request that needs a setting asks for it.
 */

/** The stored value of a setting, or undefined when none was chosen. */
export function storedSetting(db: Db, key: string): string | undefined {
  return checkedRow(z.string(), cachedStatement(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(key));
}

/** Keeps the value, replacing an earlier one; call inside the transaction that audits it. */
export function storeSetting(db: Db, key: string, value: string, at: Date, userId: number | null): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(key, value, at.toISOString(), userId);
}
