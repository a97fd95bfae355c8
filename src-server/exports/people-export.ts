import type { ExportQuery } from '../../src-shared/contract/sync-api.js';
import type { Sql } from '../db/sql.js';
import type { Reviewer } from '../review/review-service.js';
import { selectExportRows, type ExportRow } from './export-rows.js';
import { buildExportWorkbook, xlsxFileName, type ExportColumn, type ExportFile } from './export-workbook.js';

/** One list of people: who is on it, how its period is named, and how its workbook looks. */
export interface PeopleExportDef {
  /** The standing of the people listed; also the ASCII file name's first word. */
  status: 'approved' | 'rejected';
  /** The period filter in words: 终审通过日期, 驳回日期. */
  periodLabel: string;
  sheetName: string;
  /** Row 1, before the scope and the filter in words. */
  title: string;
  /** The Chinese file name's first word. */
  fileStem: string;
  columns: ReadonlyArray<ExportColumn<ExportRow>>;
}

/** The list for the caller's scope and filter, as a finished .xlsx with its file names. */
export async function exportPeople(def: PeopleExportDef, db: Sql, who: Reviewer, query: ExportQuery, now: Date): Promise<ExportFile> {
  const sel = await selectExportRows(db, who, query, { status: def.status, periodLabel: def.periodLabel, now });
  const bytes = await buildExportWorkbook({ sheetName: def.sheetName, title: `${def.title}（${sel.words}）`, columns: def.columns, rows: sel.rows, now });
  return {
    fileName: xlsxFileName([def.fileStem, ...sel.nameParts]),
    asciiFileName: xlsxFileName([def.status, ...sel.asciiParts]),
    bytes,
    rowCount: sel.rows.length,
  };
}
