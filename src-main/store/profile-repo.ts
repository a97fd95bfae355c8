import type { Db } from './open-store.js';
import { readSetting, writeSetting } from './settings-repo.js';
import { accountProfileSchema, type AccountProfile } from '../../src-shared/contract/desktop-account-api.js';

/**
 * The clerk's 修改资料 (联系人, 联系电话), kept on this PC only: the server knows the account, not who
 * sits at it today. Read where a template or 问题清单 is written, for its 联系方式/填报人 footer.
 */
const KEY = 'account.profile';

const EMPTY: AccountProfile = { contactName: '', contactPhone: '' };

export function readProfile(db: Db): AccountProfile {
  const text = readSetting(db, KEY);
  if (text === undefined) return EMPTY;
  // A value this version cannot read (edited by hand, a newer version's shape) counts as nothing given.
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return EMPTY;
  }
  const parsed = accountProfileSchema.safeParse(json);
  return parsed.success ? parsed.data : EMPTY;
}

export function writeProfile(db: Db, profile: AccountProfile): AccountProfile {
  const checked = accountProfileSchema.parse(profile);
  writeSetting(db, KEY, JSON.stringify(checked));
  return checked;
}
