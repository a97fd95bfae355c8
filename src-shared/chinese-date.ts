/**
 * A calendar date as the manual's header shows it: 2026年12月6日 星期日. Pure: the weekday is counted
 * from the date itself, so it is the same in the main process, the window and the tests.
 */
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;

/** `iso` is YYYY-MM-DD; answers '' for anything else. */
export function chineseDateText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return '';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const weekday = WEEKDAYS[new Date(Date.UTC(y, mo - 1, d)).getUTCDay()]!;
  return `${y}年${mo}月${d}日 ${weekday}`;
}
