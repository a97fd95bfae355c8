import { reviewStepName } from '../../src-shared/contract/sync-api.js';
import { chinaMinute } from '../../src-shared/china-time.js';
import { fieldLabel } from '../../src-shared/template.js';
import type { PeopleExportDef } from './people-export.js';

/**
 * 被驳回人员名单: everyone returned to their unit and not yet sent again, with the rejection (level,
 * comment, reviewer, time), so a bureau can chase the units that have not fixed their people.
 */
export const REJECTED_EXPORT: PeopleExportDef = {
  status: 'rejected',
  periodLabel: '驳回日期',
  sheetName: '被驳回人员',
  title: '行政执法人员资格考试 被驳回人员名单',
  fileStem: '被驳回人员名单',
  columns: [
    { header: '执法单位', width: 26, value: (r) => r.unitName },
    { header: '批次编号', width: 22, value: (r) => r.batchNumber },
    { header: fieldLabel('name'), width: 10, value: (r) => r.fields.name },
    { header: fieldLabel('idNumber'), width: 22, value: (r) => r.fields.idNumber },
    { header: '驳回级别', width: 9, value: (r) => reviewStepName(r.level, r.kind) },
    { header: '驳回意见', width: 44, value: (r) => r.comment },
    { header: '驳回人', width: 26, value: (r) => r.reviewer },
    { header: '驳回时间', width: 17, value: (r) => chinaMinute(r.decidedAt) },
  ],
};
