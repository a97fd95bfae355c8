import type { DesktopDeps, ImplFor } from './handler-types.js';
import { templateExtras } from './template-extras.js';

/** 导出问题清单: the batch's people with every finding marked, as an .xlsx to fix and import again. */
export function reportHandlers({ db, registration }: Pick<DesktopDeps, 'db' | 'registration'>): ImplFor<'report.write'> {
  return {
    'report.write': async (i) => {
      const r = await registration().writeErrorReport(i.batchId, i.file, templateExtras(db));
      return { file: i.file, rows: r.rows, errors: r.errors, fixed: r.fixed };
    },
  };
}
