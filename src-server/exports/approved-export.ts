import type { FieldKey } from '../../src-shared/domain/person.js';
import { ALL_COLUMNS, columnOf } from '../../src-shared/template.js';
import { chinaMinute } from '../../src-shared/china-time.js';
import type { ExportRow } from './export-rows.js';
import type { ExportColumn } from './export-workbook.js';
import type { PeopleExportDef } from './people-export.js';

/**
 * 审核通过人员名单 for the exam and certificate office: everyone with final approval, with every
 * field of the collection template under the template's own headers (name, gender, ID and birth date
 * first), the study account, when the final approval was given and by whom.
 */

const FIRST: readonly FieldKey[] = ['name', 'gender', 'idNumber', 'birthDate'];
const FIELD_COLUMNS = [...FIRST.map(columnOf), ...ALL_COLUMNS.filter((c) => !FIRST.includes(c.key))];

export const APPROVED_EXPORT: PeopleExportDef = {
  status: 'approved',
  periodLabel: '终审通过日期',
  sheetName: '审核通过人员',
  title: '行政执法人员资格考试 审核通过人员名单',
  fileStem: '审核通过人员名单',
  columns: [
    { header: '执法单位', width: 26, value: (r) => r.unitName },
    { header: '批次编号', width: 22, value: (r) => r.batchNumber },
    ...FIELD_COLUMNS.map((c): ExportColumn<ExportRow> => ({ header: c.header, width: Math.max(c.width, 8), value: (r) => r.fields[c.key] ?? '' })),
    { header: '学习账号', width: 20, value: (r) => r.studyAccount },
    { header: '终审通过时间', width: 17, value: (r) => chinaMinute(r.decidedAt) },
    { header: '审核人', width: 26, value: (r) => r.reviewer },
  ],
};
