/**
 * An exam task's 任务状态 (Fujian manual, 考试信息查询) and its deadlines, computed from the stage
 * windows and today's China date. Pure, so the server (for the console and the batch gate) and the
 * desktop (its 考试信息 table and the "N 天后截止" warning, offline too) compute the same thing.
 *
 * Windows are China calendar dates, both ends included: a 报名 window 8月15日–9月18日 is open all day
 * on 9月18日 (China time) and closed from 9月19日 00:00.
 */

/** The stages of the Guangxi notice, in the order they happen. */
export const EXAM_STAGES = ['registration', 'review', 'payment', 'training', 'admitCard', 'exam'] as const;
export type ExamStage = (typeof EXAM_STAGES)[number];

/** The stage's name as the notice words it. */
export const EXAM_STAGE_LABEL: Record<ExamStage, string> = {
  registration: '网络报名',
  review: '资格审核',
  payment: '交费',
  training: '网络培训',
  admitCard: '打印准考证',
  exam: '考试',
};

/** 网络报名 and 考试 every exam has; the others only where the province runs them. */
export const REQUIRED_STAGES: readonly ExamStage[] = ['registration', 'exam'];

/** YYYY-MM-DD, China dates, both ends included. */
export interface DateWindow {
  start: string;
  end: string;
}
export type ExamWindows = Record<ExamStage, DateWindow | null> & { registration: DateWindow; exam: DateWindow };

export type ExamTaskStateCode = 'not_started' | ExamStage | 'waiting' | 'ended';

export interface ExamTaskState {
  code: ExamTaskStateCode;
  /** 未开始, 报名中, 审核中, 交费中, 培训中, 打印准考证, 考试中, 待考试 (between windows), 已结束. */
  label: string;
  /** Every stage whose window holds today (Guangxi runs 报名, 审核 and 交费 at once). */
  activeStages: ExamStage[];
  /** The stage the state is about: the active one shown, else the next to open; null once ended. */
  stage: ExamStage | null;
  /** When `stage` is active: its end and the days left (0: today is the last day). */
  closes: { end: string; daysLeft: number; text: string } | null;
  /** When `stage` has not opened yet: its start and the days until it. */
  opens: { start: string; daysUntil: number; text: string } | null;
}

const ACTIVE_LABEL: Record<ExamStage, string> = {
  registration: '报名中',
  review: '审核中',
  payment: '交费中',
  training: '培训中',
  admitCard: '打印准考证',
  exam: '考试中',
};
const WAITING_LABEL: Record<ExamStage, string> = {
  registration: '待报名',
  review: '待审核',
  payment: '待交费',
  training: '待培训',
  admitCard: '待打印准考证',
  exam: '待考试',
};

/** Whole days from `a` to `b` (YYYY-MM-DD each); negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  return Math.round((dayNumber(b) - dayNumber(a)) / 86_400_000);
}
function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/** "今天截止", "明天截止", "3 天后截止". */
export function closesText(daysLeft: number): string {
  return daysLeft <= 0 ? '今天截止' : daysLeft === 1 ? '明天截止' : `${daysLeft} 天后截止`;
}
function opensText(daysUntil: number): string {
  return daysUntil === 1 ? '明天开始' : `${daysUntil} 天后开始`;
}

export function windowHolds(w: DateWindow | null, today: string): boolean {
  return w !== null && w.start <= today && today <= w.end;
}

function windowsOf(windows: ExamWindows): Array<[ExamStage, DateWindow]> {
  return EXAM_STAGES.flatMap((s) => (windows[s] ? [[s, windows[s]] as [ExamStage, DateWindow]] : []));
}

/**
 * The 任务状态 on `today` (YYYY-MM-DD, China). While 报名 is open the state is 报名中 whatever else runs
 * with it (that is what units act on); otherwise, of the stages running, the one that began last (on
 * 9月30日 in Guangxi 网络培训 and 打印准考证 both run: 打印准考证 is the news). Between windows it is
 * 待<next stage>; before the first 未开始, after the last 已结束.
 */
export function examTaskState(windows: ExamWindows, today: string): ExamTaskState {
  const all = windowsOf(windows);
  const active = all.filter(([, w]) => windowHolds(w, today));
  if (active.length > 0) {
    const shown =
      active.find(([s]) => s === 'registration') ??
      active.reduce((best, cur) => (cur[1].start >= best[1].start ? cur : best));
    const [stage, w] = shown;
    const daysLeft = daysBetween(today, w.end);
    return {
      code: stage,
      label: ACTIVE_LABEL[stage],
      activeStages: active.map(([s]) => s),
      stage,
      closes: { end: w.end, daysLeft, text: closesText(daysLeft) },
      opens: null,
    };
  }
  const upcoming = all.filter(([, w]) => w.start > today).sort((a, b) => (a[1].start < b[1].start ? -1 : a[1].start > b[1].start ? 1 : 0));
  const next = upcoming[0];
  if (!next) return { code: 'ended', label: '已结束', activeStages: [], stage: null, closes: null, opens: null };
  const started = all.some(([, w]) => w.start <= today);
  const [stage, w] = next;
  const daysUntil = daysBetween(today, w.start);
  return {
    code: started ? 'waiting' : 'not_started',
    label: started ? WAITING_LABEL[stage] : '未开始',
    activeStages: [],
    stage,
    closes: null,
    opens: { start: w.start, daysUntil, text: opensText(daysUntil) },
  };
}

/**
 * The stages open today that close within `withinDays` days (0: only those closing today), soonest
 * first: what the desktop warns about ("网络报名 3 天后截止").
 */
export function closingSoon(windows: ExamWindows, today: string, withinDays: number): Array<{ stage: ExamStage; end: string; daysLeft: number; text: string }> {
  return windowsOf(windows)
    .filter(([, w]) => windowHolds(w, today) && daysBetween(today, w.end) <= withinDays)
    .map(([stage, w]) => {
      const daysLeft = daysBetween(today, w.end);
      const text = closesText(daysLeft);
      // A space before a number, none before 今天/明天: 网络报名 3 天后截止, 网络报名明天截止.
      return { stage, end: w.end, daysLeft, text: `${EXAM_STAGE_LABEL[stage]}${/^\d/.test(text) ? ' ' : ''}${text}` };
    })
    .sort((a, b) => a.daysLeft - b.daysLeft);
}

/** 2026年9月18日 (no weekday): how a Chinese notice names a date. */
export function chineseDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}
