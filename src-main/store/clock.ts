import os from 'node:os';

/** Time and the acting user, injected so that tests pin them and the audit log says who did what. */
export interface Actor {
  /** Who is acting: the Windows user in the app and CLI, a reviewer's name for decisions. */
  name: string;
  now(): Date;
}

/** The stores' timestamps (2024-01-16T21:08:56+08:00) are formatted where the window's clock times are. */
export { localIso } from '../../src-shared/local-time.js';

/** The person at the keyboard as the OS names them, for the audit log; `fallback` where it cannot. */
export function osUserActor(fallback: string): Actor {
  let name = fallback;
  try {
    name = os.userInfo().username || name;
  } catch {
    // No user database (some containers): keep the generic name.
  }
  return { name, now: () => new Date() };
}
