import { REVIEW_LEVEL_NAME, type ExportQuery } from '../../src-shared/contract/sync-api.js';
import { fieldLabel } from '../../src-shared/template.js';
import type { Db } from '../db/open-db.js';
import type { Reviewer } from '../review/review-service.js';
import { selectExportRows, type ExportRow } from './export-rows.js';
import { buildExportWorkbook, chinaMinute, xlsxFileName, type ExportColumn, type ExportFile } from './export-workbook.js';

/**
 * 被驳回人员名单: everyone returned to their unit and not yet sent again, with the rejection (level,
 * comment, reviewer, time), so a bureau can chase the units that have not fixed their people.
 */

export const REJECTED_TITLE = '行政执法人员资格考试 被驳回人员名单';
export const REJECTED_SHEET = '被驳回人员';

export const REJECTED_COLUMNS: ReadonlyArray<ExportColumn<ExportRow>> = [
  { header: '执法单位', width: 26, value: (r) => r.unitName },
  { header: '批次编号', width: 22, value: (r) => r.batchNumber },
  { header: fieldLabel('name'), width: 10, value: (r) => r.fields.name },
  { header: fieldLabel('idNumber'), width: 22, value: (r) => r.fields.idNumber },
  { header: '驳回级别', width: 9, value: (r) => REVIEW_LEVEL_NAME[r.level] },
  { header: '驳回意见', width: 44, value: (r) => r.comment },
  { header: '驳回人', width: 26, value: (r) => r.reviewer },
  { header: '驳回时间', width: 17, value: (r) => chinaMinute(r.decidedAt) },
];

export async function rejectedExport(db: Db, who: Reviewer, query: ExportQuery, now: Date): Promise<ExportFile> {
  const sel = selectExportRows(db, who, query, { status: 'rejected', periodLabel: '驳回日期', now });
  const bytes = await buildExportWorkbook({ sheetName: REJECTED_SHEET, title: `${REJECTED_TITLE}（${sel.words}）`, columns: REJECTED_COLUMNS, rows: sel.rows, now });
  return {
    fileName: xlsxFileName(['被驳回人员名单', ...sel.nameParts]),
    asciiFileName: xlsxFileName(['rejected', ...sel.asciiParts]),
    bytes,
    rowCount: sel.rows.length,
  };
}
