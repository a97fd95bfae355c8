import os from 'node:os';

/** Time and the acting user, injected so that tests pin them and the audit log says who did what. */
export interface Actor {
  /** Who is acting: the Windows user in the app and CLI, a reviewer's name for decisions. */
  name: string;
  now(): Date;
}

/** Local time with its UTC offset, as the clerk reads it: 2024-01-16T21:08:56+08:00. */
export function localIso(d: Date): string {
  const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  );
}

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
