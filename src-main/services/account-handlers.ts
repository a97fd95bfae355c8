import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import type { SyncService } from '../sync/sync-service.js';
import { getAppSetting } from '../store/app-settings.js';
import { readProfile, writeProfile } from '../store/profile-repo.js';
import { todayIso } from '../util/today.js';
import { chineseDateText } from '../../src-shared/chinese-date.js';
import type { AccountView } from '../../src-shared/contract/desktop-account-api.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/** The header and the account menu: today by this process's clock, the unit signed in, 修改资料. */
export function accountView(d: { db: Db; actor: Actor; sync: SyncService }): AccountView {
  const today = todayIso(d.actor.now());
  const signedIn = d.sync.status().signedIn;
  return {
    today,
    todayText: chineseDateText(today),
    username: signedIn?.username ?? '',
    mustChangePassword: signedIn ? d.sync.mustChangePassword : false,
    unitName: getAppSetting(d.db, 'app.unitName'),
    jurisdictionName: getAppSetting(d.db, 'app.jurisdictionName'),
    ...readProfile(d.db),
  };
}

export function accountHandlers(d: Pick<DesktopDeps, 'db' | 'actor' | 'sync'>): ImplFor<'account.get' | 'account.setProfile'> {
  return {
    'account.get': () => accountView(d),
    'account.setProfile': (i) => {
      writeProfile(d.db, i);
      return accountView(d);
    },
  };
}
