import { examTasksView } from '../exams/local-exams.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/** 考试信息's exam table and the 报名 deadline warnings, by the desktop's own today (offline too). */
export function examTasksHandlers({ db, today }: Pick<DesktopDeps, 'db' | 'today'>): ImplFor<'examTasks.list'> {
  return {
    'examTasks.list': () => examTasksView(db, today()),
  };
}
