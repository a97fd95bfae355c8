import type { StudyAccountRow } from '../../src-shared/contract/desktop-records-api.js';
import { writePrintedList, type PrintedListColumn } from './printed-list-writer.js';

/**
 * 导出学习账号 (人员管理): the approved people of the clerk's filter with their study accounts, one row
 * each, to hand out or file. Every value is text: an 18-digit 身份证号 as a number would keep only 15
 * digits and lose a final X (DOMAIN.md), and a password like 0123 would lose its 0. Printed on A4
 * landscape like every list the clerk exports (printed-list-writer.ts).
 */

export interface AccountsSheetOptions {
  /** The filter in words (姓名含“陈”…), '' for all. */
  filterText: string;
  /** When, as the clerk reads it: 2026-12-06 19:30. */
  exportedAt: string;
  total: number;
  pages: Iterable<StudyAccountRow[]>;
  /** Rows written so far, after each page. */
  onProgress?: (done: number) => void;
}

export const ACCOUNTS_SHEET_NAME = '学习账号';
export const ACCOUNTS_TITLE = '行政执法人员学习账号';

const COLUMNS: ReadonlyArray<PrintedListColumn<StudyAccountRow>> = [
  { header: '序号', width: 6, value: (_r, seq) => seq },
  { header: '姓名', width: 11, value: (r) => r.name },
  { header: '身份证号', width: 21, value: (r) => r.idNumber },
  { header: '所在单位', width: 30, value: (r) => r.agency },
  { header: '批次号', width: 19, value: (r) => r.batchNumber },
  { header: '学习账号', width: 20, value: (r) => r.username },
  { header: '初始密码', width: 14, value: (r) => r.initialPassword },
  { header: '审核通过时间', width: 19, value: (r) => r.reviewedAt.slice(0, 19).replace('T', ' ') },
];
/** Writes the workbook to `file` durably; answers the number of people written. */
export function writeStudyAccounts(file: string, opts: AccountsSheetOptions): Promise<number> {
  return writePrintedList(file, {
    title: ACCOUNTS_TITLE,
    sheetName: ACCOUNTS_SHEET_NAME,
    columns: COLUMNS,
    infoLine: `导出时间：${opts.exportedAt}　共 ${opts.total} 人　${opts.filterText ? `查询条件：${opts.filterText}` : '全部审核通过的人员'}　首次登录学习平台须修改初始密码`,
    emptyText: '没有符合条件的审核通过人员。',
    pages: opts.pages,
    onProgress: opts.onProgress,
    textColumns: true,
  });
}
