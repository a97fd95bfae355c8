import { z } from 'zod';
import { run, value, type Sql } from '../db/sql.js';

/**
 * The settings table: the deployment settings an administrator chose in the console, one text value
 * per key. The read is prepared once: every request that needs a setting asks for it.
 */

/** The stored value of a setting, or undefined when none was chosen. */
export async function storedSetting(db: Sql, key: string): Promise<string | undefined> {
  return value(db, z.string(), 'SELECT value FROM settings WHERE key = ?', [key]);
}

/** Keeps the value, replacing an earlier one; call inside the transaction that audits it. */
export async function storeSetting(db: Sql, key: string, text: string, at: Date, userId: number | null): Promise<void> {
  await run(
    db,
    `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [key, text, at.toISOString(), userId],
  );
}
