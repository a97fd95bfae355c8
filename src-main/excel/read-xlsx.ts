import path from 'node:path';
import ExcelJS from 'exceljs';
import type { BatchKind, CellValue } from '../../src-shared/domain/person.js';
import { toCellValue } from './cell-value.js';
import { TemplateRowCollector, noHeaderError, type TemplateHeader, type TemplateRow } from './template-rows.js';
import { WorkbookError } from './workbook-error.js';

/**
 * Streams a filled template out of an .xlsx with exceljs's WorkbookReader: rows are validated as they
 * arrive, so memory stays flat however many people the file holds. The first sheet whose first rows
 * contain the template header is the data sheet; other sheets (code tables, notes) are ignored.
 */

interface StreamedRow {
  number: number;
  values: unknown;
}

interface WorkbookProps {
  properties?: { model?: { date1904?: boolean } };
}

export async function* readXlsxRows(
  file: string,
  onHeader: (h: TemplateHeader) => void,
  kind?: BatchKind,
): AsyncGenerator<TemplateRow> {
  const name = path.basename(file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    // Styles tell exceljs which numeric cells are dates; without them dates arrive as serial numbers.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let collector: TemplateRowCollector | undefined;
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets += 1;
      const sheetName = (sheet as unknown as { name?: string }).name;
      if (collector?.header) {
        // Data already read from an earlier sheet: this one only needs draining.
        for await (const _row of sheet) void _row;
        continue;
      }
      const date1904 = (reader as unknown as WorkbookProps).properties?.model?.date1904 === true;
      collector = new TemplateRowCollector('xlsx', date1904, kind);
      for await (const row of sheet as AsyncIterable<StreamedRow>) {
        if (!collector.header && !collector.stillSearching) continue;
        const hadHeader = collector.header !== undefined;
        const out = collector.accept(row.number, rowValues(row.values), sheetName);
        if (!hadHeader && collector.header) onHeader(collector.header);
        if (out) yield out;
      }
    }
  } catch (e) {
    if (e instanceof WorkbookError) throw e;
    throw new WorkbookError('corrupt', `“${name}”已损坏或不是完整的 Excel 工作簿（${shortReason(e)}），无法读取。请在 Excel 或 WPS 中打开并重新“另存为” .xlsx 后再导入。`);
  }
  if (sheets === 0) {
    throw new WorkbookError('not_workbook', `“${name}”是压缩文件，但不是 Excel 工作簿。请选择填好的采集表（.xlsx）。`);
  }
  if (!collector?.header) throw noHeaderError(name);
}

/** exceljs row.values: sparse, index = column number, index 0 unused. */
function rowValues(values: unknown): CellValue[] {
  if (!Array.isArray(values)) return [];
  const out: CellValue[] = new Array(Math.max(0, values.length - 1));
  for (let i = 1; i < values.length; i++) out[i - 1] = toCellValue(values[i]);
  return out;
}

function shortReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.length > 80 ? msg.slice(0, 80) + '…' : msg;
}
