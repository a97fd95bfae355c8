/**
 * Times as people in China read them. The server stores ISO 8601 in UTC; the calendar and the clock
 * the clerk and the reviewer live by are UTC+8 all year (no daylight saving), so a fixed offset is
 * exact and no time-zone database is needed — in Node or in the browser.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Today in China (YYYY-MM-DD): ages and "a birth date in the future" are judged by the clerk's calendar. */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** An ISO time (UTC) as China reads it: YYYY-MM-DD HH:mm. */
export function chinaMinute(iso: string): string {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
