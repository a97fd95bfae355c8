import ExcelJS from 'exceljs';
import type { BatchKind, FieldKey, PersonFields, RawRow } from '../../src-shared/domain/person.js';
import type { Issue } from '../../src-shared/domain/issue.js';
import type { CodeTables } from '../../src-shared/rules/code-tables.js';
import { cellText } from '../../src-shared/rules/cell.js';
import { fieldLabel, type TemplateContact } from '../../src-shared/template.js';
import type { PhotoFileWords } from '../../src-shared/photo-file-words.js';
import { addTemplateSheet } from './template-layout.js';
import { writeWorkbookAtomically } from './atomic-write.js';
import { addMetaSheet } from './workbook-meta.js';
import { setCellNote, setCellText } from '../../src-node/excel-text.js';

/**
 * The error report (问题清单): the clerk's rows handed back in the template they know, every wrong
 * cell filled red with the message as a cell comment, every repaired cell filled yellow and saying
 * what was repaired, and a 问题汇总 sheet listing them all. The clerk fixes the red cells in Excel and
 * imports the file again: a hidden sheet ties it to the batch, so the same people are updated.
 */

export interface ReportPerson {
  id: number;
  raw: RawRow;
  fields: PersonFields;
  issues: readonly Issue[];
}

export interface ErrorReportOptions {
  batch: { id: string; kind: BatchKind; name: string; number: string };
  people: readonly ReportPerson[];
  tables: CodeTables;
  /** As in the template (template-writer.ts TemplateExtras): the photo type and the clerk's contact. */
  photo?: PhotoFileWords;
  contact?: TemplateContact;
}

export interface ErrorReportSummary {
  rows: number;
  errors: number;
  fixed: number;
}

const ERROR_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const ERROR_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' } };
const FIXED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } };
const SEVERITY: Record<Issue['severity'], string> = { error: '错误（请修改）', warning: '提醒', fixed: '已自动修正（请核对）' };

export const SUMMARY_SHEET_NAME = '问题汇总';

export async function writeErrorReport(file: string, opts: ErrorReportOptions): Promise<ErrorReportSummary> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '执法人员报名助手';
  workbook.title = `问题清单 ${opts.batch.number}`;
  const layout = addTemplateSheet(workbook, {
    kind: opts.batch.kind,
    tables: opts.tables,
    rows: opts.people.length,
    ...(opts.photo ? { photo: opts.photo } : {}),
    ...(opts.contact ? { contact: opts.contact } : {}),
  });
  const fields = new Set<string>(layout.columns.map((c) => c.key));
  const summary: Array<{ row: number; person: ReportPerson; issue: Issue }> = [];
  let errors = 0;
  let fixed = 0;

  opts.people.forEach((person, index) => {
    const rowNumber = layout.firstDataRow + index;
    for (const c of layout.columns) {
      // Findings on a field the sheet has no column for go on the name.
      const mine = person.issues.filter((i) => i.field === c.key || (c.key === 'name' && !fields.has(i.field)));
      const hasError = mine.some((i) => i.severity === 'error');
      const cell = layout.dataCell(index, c.key);
      // A wrong value is shown as the clerk wrote it (tidied), so they recognise it; the rest as stored.
      // Capped at Excel's cell limit, quote-prefixed when it starts like a formula (src-node/excel-text).
      setCellText(cell, hasError ? person.fields[c.key] || cellText(person.raw[c.key]) : person.fields[c.key]);
      if (mine.length === 0) continue;
      cell.fill = hasError ? ERROR_FILL : FIXED_FILL;
      if (hasError) cell.font = ERROR_FONT;
      setCellNote(cell, mine.map((i) => `${i.severity === 'fixed' ? '已自动修正：' : ''}${i.message}`).join('\n'));
    }
    for (const issue of person.issues) {
      summary.push({ row: rowNumber, person, issue });
      if (issue.severity === 'error') errors += 1;
      else if (issue.severity === 'fixed') fixed += 1;
    }
  });

  addSummarySheet(workbook, summary);
  addMetaSheet(workbook, { batchId: opts.batch.id, persons: new Map(opts.people.map((p, i) => [String(i + 1), p.id])) });
  await writeWorkbookAtomically(workbook, file);
  return { rows: opts.people.length, errors, fixed };
}

function addSummarySheet(workbook: ExcelJS.Workbook, items: ReadonlyArray<{ row: number; person: ReportPerson; issue: Issue }>): void {
  const sheet = workbook.addWorksheet(SUMMARY_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '身份证号', key: 'id', width: 22 },
    { header: '列', key: 'column', width: 22 },
    { header: '填写的值', key: 'value', width: 22 },
    { header: '问题说明', key: 'message', width: 70 },
    { header: '类型', key: 'severity', width: 18 },
  ];
  sheet.getRow(1).font = { bold: true };
  // Errors first, then repairs, each in row order.
  const order = { error: 0, warning: 1, fixed: 2 } as const;
  const sorted = [...items].sort((a, b) => order[a.issue.severity] - order[b.issue.severity] || a.row - b.row);
  for (const { row, person, issue } of sorted) {
    const added = sheet.addRow({ row, column: fieldLabel(issue.field as FieldKey), severity: SEVERITY[issue.severity] });
    added.getCell('id').numFmt = '@';
    added.getCell('value').numFmt = '@';
    // The clerk's text: capped at Excel's cell limit and quote-prefixed where it starts like a formula.
    setCellText(added.getCell('name'), person.fields.name);
    setCellText(added.getCell('id'), person.fields.idNumber);
    setCellText(added.getCell('value'), issue.value ?? '');
    setCellText(added.getCell('message'), issue.message, { message: true });
    added.getCell('message').alignment = { wrapText: true, vertical: 'top' };
    if (issue.severity === 'error') added.getCell('severity').font = ERROR_FONT;
  }
  if (sorted.length === 0) sheet.addRow({ message: '没有发现问题。' });
  sheet.autoFilter = { from: 'A1', to: 'G1' };
}
