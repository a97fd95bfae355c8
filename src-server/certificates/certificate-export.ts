import { chinaMinute, chinaToday } from '../../src-shared/china-time.js';
import { CERTIFICATES_EXPORTED } from '../../src-shared/contract/sync-certificates.js';
import type { Sql } from '../db/sql.js';
import { ApiError } from '../errors.js';
import { buildExportWorkbook, xlsxFileName, type ExportColumn, type ExportFile } from '../exports/export-workbook.js';
import { certificatesOfExam, countCertificatesOfExam, examAnnouncement, type CertificateExportRow } from './certificates-store.js';

/**
 * 取证名单 for the certificate office: every certificate number the units uploaded for one exam, with
 * the person (as their current version says), their unit and the validity the server computed. The
 * look (title row, text cells, print setup) is the other exports' (export-workbook.ts).
 */

const COLUMNS: ReadonlyArray<ExportColumn<CertificateExportRow>> = [
  { header: '姓名', width: 10, value: (r) => r.fields.name },
  { header: '性别', width: 6, value: (r) => r.fields.gender },
  { header: '身份证号', width: 21, value: (r) => r.fields.idNumber },
  { header: '出生日期', width: 12, value: (r) => r.fields.birthDate },
  { header: '县(市、区)', width: 12, value: (r) => r.fields.county },
  { header: '执法单位', width: 26, value: (r) => r.unitName },
  { header: '所属执法主体或受委托组织名称', width: 26, value: (r) => r.fields.agency },
  { header: '执法岗位', width: 10, value: (r) => r.fields.posts },
  { header: '考试类别', width: 18, value: (r) => r.fields.examCategory },
  { header: '证件号', width: 22, value: (r) => r.certNo },
  { header: '有效期起始日', width: 13, value: (r) => r.validFrom },
  { header: '有效期截止日', width: 13, value: (r) => r.validTo },
  { header: '批次编号', width: 22, value: (r) => r.batchNumber },
  { header: '上传时间', width: 17, value: (r) => chinaMinute(r.uploadedAt) },
];

export async function exportCertificates(db: Sql, examId: number, now: Date): Promise<ExportFile> {
  const exam = await examAnnouncement(db, examId);
  if (!exam) throw new ApiError(404, 'not_found', `没有编号为 ${examId} 的考试，请刷新页面后重新选择。`);
  const total = await countCertificatesOfExam(db, examId);
  const rows = await certificatesOfExam(db, examId, CERTIFICATES_EXPORTED);
  const more = total > rows.length ? `；共 ${total} 人，本文件只含前 ${rows.length} 人` : '';
  const announced = exam.resultsAnnouncedOn ? `合格确认公告 ${exam.resultsAnnouncedOn}` : '未填合格确认公告日期';
  const bytes = await buildExportWorkbook({
    sheetName: '取证名单',
    title: `${exam.name} 取证名单（${announced}；导出于 ${chinaMinute(now.toISOString())}${more}）`,
    columns: COLUMNS,
    rows,
    now,
  });
  return {
    fileName: xlsxFileName(['取证名单', exam.name, chinaToday(now)]),
    asciiFileName: xlsxFileName(['certificates', `exam${examId}`, chinaToday(now)]),
    bytes,
    rowCount: rows.length,
  };
}
