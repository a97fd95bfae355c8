import type { EligibilityPersonRow } from '../../src-shared/contract/desktop-training-api.js';
import { writePrintedList, type PrintedListColumn } from './printed-list-writer.js';

/**
 * 导出培训达标情况 (人员记录): per approved person, 已学学时/要求, 模拟考试/要求 and 可打印准考证, as the
 * screen shows them, one row each, laid out for A4 landscape like the other exports. ID numbers are
 * text (a number would keep 15 digits and lose a final X).
 */

export interface EligibilitySheetOptions {
  /** The search in words, '' for all. */
  filterText: string;
  exportedAt: string;
  total: number;
  pages: Iterable<EligibilityPersonRow[]>;
  onProgress?: (done: number) => void;
}

export const ELIGIBILITY_SHEET_NAME = '培训达标情况';
export const ELIGIBILITY_TITLE = '学员培训达标情况（打印准考证条件）';

const COLUMNS: ReadonlyArray<PrintedListColumn<EligibilityPersonRow>> = [
  { header: '序号', width: 6, value: (_r, seq) => seq },
  { header: '姓名', width: 11, value: (r) => r.name },
  { header: '身份证号', width: 21, value: (r) => r.idNumber },
  { header: '所在单位', width: 26, value: (r) => r.agency },
  { header: '考试', width: 26, value: (r) => r.examName || '（未指定考试，按默认要求）' },
  { header: '已学学时', width: 10, value: (r) => r.studyHours },
  { header: '要求学时', width: 10, value: (r) => r.rule.studyHours },
  { header: '模拟考试次数', width: 12, value: (r) => r.mockExams },
  { header: '要求次数', width: 10, value: (r) => r.rule.mockExams },
  { header: '可打印准考证', width: 13, value: (r) => (r.eligible ? '可打印' : '不可打印') },
  { header: '还差', width: 22, value: (r) => r.missing },
];
const ELIGIBLE_COLUMN = COLUMNS.findIndex((c) => c.header === '可打印准考证') + 1;
export function writeEligibility(file: string, opts: EligibilitySheetOptions): Promise<number> {
  return writePrintedList(file, {
    title: ELIGIBILITY_TITLE,
    sheetName: ELIGIBILITY_SHEET_NAME,
    columns: COLUMNS,
    infoLine: `导出时间：${opts.exportedAt}　共 ${opts.total} 人　${opts.filterText ? `查询条件：${opts.filterText}` : '全部审核通过的人员'}　学时和模拟考试按学习平台同步来的学习记录统计`,
    emptyText: '没有符合条件的人员。',
    pages: opts.pages,
    onProgress: opts.onProgress,
    // 不可打印 in red, so the people still short stand out on paper.
    styleRow: (row, r) => {
      if (!r.eligible) row.getCell(ELIGIBLE_COLUMN).font = { color: { argb: 'FFC00000' } };
    },
  });
}
