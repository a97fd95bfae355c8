import type { Db } from './open-store.js';

/**
 * Small per-installation choices kept in the store's settings table: the photo spec chosen before
 * any server has sent one, the unit name of the account last signed in and when the last pull
 * finished (shown in the window).
 */
export type AppSettingKey = 'app.photoSpec' | 'app.unitName' | 'app.lastSyncAt';

export function getAppSetting(db: Db, key: AppSettingKey): string {
  return (db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ?? '';
}

export function setAppSetting(db: Db, key: AppSettingKey, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
