import { ELIGIBILITY_FILTER_LABEL } from '../../src-shared/contract/desktop-training-api.js';
import { checkOutputPath } from '../excel/atomic-write.js';
import { writeEligibility } from '../excel/eligibility-writer.js';
import { localIso } from '../store/clock.js';
import { eligibilityRows, filterEligibility, type EligibilitySearch } from '../training/eligibility-query.js';
import { personCourses } from '../training/person-courses.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/**
 * 人员记录's 培训达标 (list and export) and 人员查询's 培训课程 (issue 19 items 3 and 4). The export takes
 * the screen's search and filter, writes a page at a time and says how far it is in the status bar.
 */

export const ELIGIBILITY_TASK = 'trainingEligibility';
const PAGE_SIZE = 500;

function describe(q: EligibilitySearch): string {
  const parts: string[] = [];
  if (q.name?.trim()) parts.push(`姓名含“${q.name.trim()}”`);
  if (q.idNumber?.trim()) parts.push(`身份证号以“${q.idNumber.trim().toUpperCase()}”开头`);
  if (q.eligible !== 'all') parts.push(ELIGIBILITY_FILTER_LABEL[q.eligible]);
  return parts.join('，');
}

function* pages<T>(rows: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

export function trainingHandlers(deps: Pick<DesktopDeps, 'db' | 'progress' | 'actor'>): ImplFor<'training.eligibility' | 'training.exportEligibility' | 'training.personCourses'> {
  const { db } = deps;
  return {
    'training.eligibility': ({ offset, limit, eligible, ...search }) => {
      const all = eligibilityRows(db, search);
      const eligibleCount = all.filter((r) => r.eligible).length;
      const matching = filterEligibility(all, eligible);
      return { total: matching.length, rows: matching.slice(offset, offset + limit), eligibleCount, notEligibleCount: all.length - eligibleCount };
    },
    'training.exportEligibility': async ({ file, ...q }) => {
      checkOutputPath(file);
      const rows = filterEligibility(eligibilityRows(db, q), q.eligible);
      const total = rows.length;
      deps.progress.report(ELIGIBILITY_TASK, 0, total, `正在导出培训达标情况 0/${total} 人…`);
      try {
        const written = await writeEligibility(file, {
          filterText: describe(q),
          exportedAt: localIso(deps.actor.now()).slice(0, 16).replace('T', ' '),
          total,
          pages: pages(rows, PAGE_SIZE),
          onProgress: (done) => deps.progress.report(ELIGIBILITY_TASK, done, total, `正在导出培训达标情况 ${done}/${total} 人…`),
        });
        return { file, rows: written };
      } finally {
        deps.progress.done(ELIGIBILITY_TASK);
      }
    },
    'training.personCourses': ({ personId }) => personCourses(db, personId),
  };
}
