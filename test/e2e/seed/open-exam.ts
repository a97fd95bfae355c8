/**
 * The year's exam as the administrator defines it for the e2e seeds and the manual's pictures:
 * 综合法律知识考试, 200 元/人, 南宁市考点, with 网络报名 (and review and payment) open from ten days
 * before `today` to twenty days after, so every run falls inside it; training, admit cards and the
 * exam follow. `today` is the China date (YYYY-MM-DD) the windows count from.
 */
export function openExam(today: string, name: string) {
  const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  return {
    name,
    category: '综合法律知识考试',
    windows: {
      registration: { start: day(-10), end: day(20) }, review: { start: day(-10), end: day(20) }, payment: { start: day(-10), end: day(20) },
      training: { start: day(21), end: day(40) }, admitCard: { start: day(30), end: day(40) }, exam: { start: day(45), end: day(50) },
    },
    feeYuan: 200,
    sites: ['南宁市考点'],
  };
}
