import { z } from 'zod';
import { checkedRow } from '../../src-node/sqlite-store.js';
import type { Db } from './open-store.js';

/**
 * The store's settings table: one text value per key. The callers own their keys and what the text
 * means (a plain string, a cursor, a JSON document they check themselves).
 */
export function readSetting(db: Db, key: string): string | undefined {
  return checkedRow(z.string(), db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key));
}

export function writeSetting(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
