import type { Db } from './open-store.js';
import { readSetting, writeSetting } from './settings-repo.js';

/**
 * Small per-installation choices kept in the store's settings table: the photo spec chosen before
 * any server has sent one, the unit name of the account last signed in and its 司法局 (the batches'
 * 上级单位), when the last pull finished (shown in the window), and how many days ahead the 报名
 * deadline warning starts (issue 19).
 */
export type AppSettingKey = 'app.photoSpec' | 'app.unitName' | 'app.jurisdictionName' | 'app.lastSyncAt' | 'app.deadlineWarningDays';

export function getAppSetting(db: Db, key: AppSettingKey): string {
  return readSetting(db, key) ?? '';
}

export function setAppSetting(db: Db, key: AppSettingKey, value: string): void {
  writeSetting(db, key, value);
}
