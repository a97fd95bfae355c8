import type ExcelJS from 'exceljs';

/**
 * What the program leaves in a workbook it hands back (the error report) so that importing the
 * corrected file updates the same batch and the same people instead of creating a duplicate batch.
 * Kept on a very hidden sheet: invisible to the clerk, untouched by Excel and WPS when they save.
 *
 * People are keyed by the 序号 the report gives them: sorting rows or deleting one in Excel keeps
 * each row's 序号 with it. A row without a known 序号 is a new person.
 */
export const META_SHEET_NAME = '报名助手数据';

export interface WorkbookMeta {
  batchId: string;
  /** 序号 in the report -> person id in the store. */
  persons: Map<string, number>;
}

export function addMetaSheet(workbook: ExcelJS.Workbook, meta: WorkbookMeta): void {
  const sheet = workbook.addWorksheet(META_SHEET_NAME, { state: 'veryHidden' });
  sheet.addRow(['format', 'zfbm-report-1']);
  sheet.addRow(['batchId', meta.batchId]);
  for (const [seq, personId] of meta.persons) sheet.addRow(['person', seq, personId]);
}

/** Builds the meta from the rows of the hidden sheet as the reader sees them; undefined if not ours. */
export function parseMetaRows(rows: ReadonlyArray<readonly unknown[]>): WorkbookMeta | undefined {
  let format = '';
  let batchId = '';
  const persons = new Map<string, number>();
  for (const r of rows) {
    const key = String(r[0] ?? '');
    if (key === 'format') format = String(r[1] ?? '');
    else if (key === 'batchId') batchId = String(r[1] ?? '');
    else if (key === 'person') {
      const id = Number(r[2]);
      if (Number.isInteger(id) && id > 0) persons.set(String(r[1] ?? ''), id);
    }
  }
  if (format !== 'zfbm-report-1' || !/^[0-9a-f-]{36}$/i.test(batchId)) return undefined;
  return { batchId, persons };
}
