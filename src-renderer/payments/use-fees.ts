import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';

/** Whether the server turned 交费 on (as of the last sync); asked again when `version` changes. */
export function useFeesEnabled(version: unknown): boolean {
  return useCall(() => api['payments.settings'](undefined), [version]).value?.enabled ?? false;
}
