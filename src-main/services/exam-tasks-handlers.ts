import { examTasksView, setWarningDays } from '../exams/local-exams.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/**
 * 考试信息's exam table and the 报名 deadline warnings, by the desktop's own today (offline too); the
 * warnings' lead in days (同步设置).
 */
export function examTasksHandlers({ db, today }: Pick<DesktopDeps, 'db' | 'today'>): ImplFor<'examTasks.list' | 'examTasks.setWarningDays'> {
  return {
    'examTasks.list': () => examTasksView(db, today()),
    'examTasks.setWarningDays': (i) => {
      setWarningDays(db, i.days);
      return examTasksView(db, today());
    },
  };
}
