import type { ExamView } from '../../../src-shared/contract/sync-api.js';
import type { DateWindow } from '../../../src-shared/exam-status.js';

/**
 * How the exam editor writes windows: "2026-08-15 至 09-18" (the year once when both ends share it),
 * so a window fits one table cell at 1366 px; "未设置" for a stage the province does not run.
 */
export function windowText(w: DateWindow | null): string {
  if (!w) return '未设置';
  const sameYear = w.start.slice(0, 4) === w.end.slice(0, 4);
  return `${w.start} 至 ${sameYear ? w.end.slice(5) : w.end}`;
}

/** The colour of a 任务状态 tag: 报名中 stands out, 已结束 fades. */
export function stateColor(code: string): string {
  switch (code) {
    case 'registration':
      return 'green';
    case 'not_started':
      return 'blue';
    case 'waiting':
      return 'gold';
    case 'ended':
      return 'default';
    default:
      return 'cyan';
  }
}

/** The line under the state: "今天截止" / "5 天后开始"; '' once ended. */
export function stateHint(state: ExamView['state']): string {
  return state.closes?.text ?? state.opens?.text ?? '';
}
