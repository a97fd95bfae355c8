import { queryExamScores } from '../store/records-query.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/** 考试信息: exam scores, latest change first, paged. */
export function examScoresHandlers({ db }: Pick<DesktopDeps, 'db'>): ImplFor<'examScores.list'> {
  return {
    'examScores.list': (q) => queryExamScores(db, q),
  };
}
