import { examForNewBatch } from '../exams/local-exams.js';
import { getAppSetting } from '../store/app-settings.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/** 人员导入: a filled-in template read, checked and saved as a new batch, with progress. */
export function importHandlers({ db, registration, progress, today }: Pick<DesktopDeps, 'db' | 'registration' | 'progress' | 'today'>): ImplFor<'import.file'> {
  return {
    'import.file': async (i) => {
      // A new batch belongs to the unit of the account signed in here (批次表's 添加单位).
      const unit = getAppSetting(db, 'app.unitName');
      // Its 上级单位: the 司法局 the account belongs to.
      const parentUnit = getAppSetting(db, 'app.jurisdictionName');
      const onProgress = (phase: 'reading' | 'saving', done: number, total?: number) =>
        progress.report('import', done, total ?? 0, `${phase === 'reading' ? '已读取并检查' : '已保存'} ${done}${total ? `/${total}` : ''} 人…`);
      try {
        // Without a kind the window is asked when the workbook does not say clearly (KindUnclearError).
        return await registration().importFile(i.file, { ...(i.kind ? { kind: i.kind } : { askKind: true }), ...(unit ? { unit } : {}), ...(parentUnit ? { parentUnit } : {}), examForNewBatch: () => examForNewBatch(db, today(), i.examId), onProgress });
      } finally {
        progress.done('import');
      }
    },
  };
}
