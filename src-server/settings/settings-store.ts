import { z } from 'zod';
import { all, run, type Sql } from '../db/sql.js';

/**
 * The settings table: the deployment settings an administrator chose in the console, one text value
 * per key. A handful of rows, read whole: every request that needs a setting asks for them.
 */

/** Every stored setting, by key; a key absent was never chosen. */
export async function storedSettings(db: Sql): Promise<Map<string, string>> {
  const rows = await all(db, z.object({ key: z.string(), value: z.string() }), 'SELECT key, value FROM settings');
  return new Map(rows.map((r) => [r.key, r.value]));
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
