import type { Db } from '../store/open-store.js';
import { getAppSetting, setAppSetting } from '../store/app-settings.js';
import { loadConnectionSettings } from '../sync/connection-settings.js';
import { photoSpecInForce } from '../sync/reference-store.js';
import { loadPhotoSpecs } from '../../src-node/reference/photo-specs.js';
import type { DesktopOutput } from '../../src-shared/contract/desktop-api.js';
import { ServiceError } from './registration-service.js';
import { photoFileWords } from '../../src-shared/photo-file-words.js';
import type { ImplFor } from './handler-types.js';

/** 同步设置: the connection, the unit, and which photo spec applies. */
export function settingsView(db: Db): DesktopOutput<'settings.get'> {
  const c = loadConnectionSettings(db);
  const inForce = photoSpecInForce(db, getAppSetting(db, 'app.photoSpec'));
  return {
    serverUrl: c?.serverUrl ?? '',
    proxy: c?.proxy ?? 'system',
    caFile: c?.caFile ?? '',
    timeoutSeconds: c?.timeoutSeconds ?? 60,
    unitName: getAppSetting(db, 'app.unitName'),
    photoSpec: { name: inForce.spec.name, title: inForce.spec.title },
    photoSpecFromServer: inForce.fromServer,
    photoSpecs: loadPhotoSpecs().specs.map((s) => ({ name: s.name, title: s.title })),
    photoFiles: photoFileWords(inForce.spec),
  };
}

export function settingsHandlers(db: Db): ImplFor<'settings.get' | 'settings.setPhotoSpec'> {
  return {
    'settings.get': () => settingsView(db),
    'settings.setPhotoSpec': (i) => {
      if (!loadPhotoSpecs().specs.some((s) => s.name === i.name)) {
        throw new ServiceError('invalid_input', `没有“${i.name}”这个照片规格，请从列表中选择。`);
      }
      setAppSetting(db, 'app.photoSpec', i.name);
      return settingsView(db);
    },
  };
}
