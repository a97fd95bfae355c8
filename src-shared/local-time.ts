/**
 * Times on this computer's own clock, as the person in front of it reads them: the audit log, the
 * desktop's log lines, batch numbers, "tries again at 15:32:10". Pure (Date's local getters), so the
 * main process, the CLI, the window and the server format a moment the same way. For the calendar
 * the rules judge by (China's, whatever the computer says) see china-time.ts.
 */

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** 2024-01-16 */
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** 21:08:56 */
export function localClock(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** +08:00: the offset from UTC of the computer's time zone at that moment. */
export function localOffset(d: Date): string {
  const off = -d.getTimezoneOffset();
  const abs = Math.abs(off);
  return `${off >= 0 ? '+' : '-'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Local time with its UTC offset, as the clerk reads it: 2024-01-16T21:08:56+08:00. */
export function localIso(d: Date): string {
  return `${localDate(d)}T${localClock(d)}${localOffset(d)}`;
}
