import type { ExportQuery } from '../../src-shared/contract/sync-api.js';
import type { FieldKey } from '../../src-shared/domain/person.js';
import { ALL_COLUMNS, columnOf } from '../../src-shared/template.js';
import type { Db } from '../db/open-db.js';
import type { Reviewer } from '../review/review-service.js';
import { selectExportRows, type ExportRow } from './export-rows.js';
import { buildExportWorkbook, chinaMinute, xlsxFileName, type ExportColumn, type ExportFile } from './export-workbook.js';

/**
 * 审核通过人员名单 for the exam and certificate office: everyone with final approval, with every
 * field of the collection template under the template's own headers (name, gender, ID and birth date
 * first), the study account, when the final approval was given and by whom.
 */

export const APPROVED_TITLE = '行政执法人员资格考试 审核通过人员名单';
export const APPROVED_SHEET = '审核通过人员';

const FIRST: readonly FieldKey[] = ['name', 'gender', 'idNumber', 'birthDate'];
const FIELD_COLUMNS = [...FIRST.map(columnOf), ...ALL_COLUMNS.filter((c) => !FIRST.includes(c.key))];

export const APPROVED_COLUMNS: ReadonlyArray<ExportColumn<ExportRow>> = [
  { header: '执法单位', width: 26, value: (r) => r.unitName },
  { header: '批次编号', width: 22, value: (r) => r.batchNumber },
  ...FIELD_COLUMNS.map((c): ExportColumn<ExportRow> => ({ header: c.header, width: Math.max(c.width, 8), value: (r) => r.fields[c.key] ?? '' })),
  { header: '学习账号', width: 20, value: (r) => r.studyAccount },
  { header: '终审通过时间', width: 17, value: (r) => chinaMinute(r.decidedAt) },
  { header: '审核人', width: 26, value: (r) => r.reviewer },
];

export async function approvedExport(db: Db, who: Reviewer, query: ExportQuery, now: Date): Promise<ExportFile> {
  const sel = selectExportRows(db, who, query, { status: 'approved', periodLabel: '终审通过日期', now });
  const bytes = await buildExportWorkbook({ sheetName: APPROVED_SHEET, title: `${APPROVED_TITLE}（${sel.words}）`, columns: APPROVED_COLUMNS, rows: sel.rows, now });
  return {
    fileName: xlsxFileName(['审核通过人员名单', ...sel.nameParts]),
    asciiFileName: xlsxFileName(['approved', ...sel.asciiParts]),
    bytes,
    rowCount: sel.rows.length,
  };
}
