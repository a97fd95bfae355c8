import path from 'node:path';
import type { CellValue } from '../../src-shared/domain/person.js';
import { toCellValue } from './cell-value.js';
import { TemplateRowCollector, noHeaderError, type TemplateReadOptions } from './template-rows.js';
import { WorkbookError } from './workbook-error.js';
import type { SheetReader, StreamedRow, WorkbookProps } from '../../src-node/exceljs-stream.js';
import { META_SHEET_NAME, parseMetaRows } from './workbook-meta.js';
import { openXlsxReader } from '../../src-node/xlsx-workbook-reader.js';

/**
 * Streams a filled template out of an .xlsx with exceljs's WorkbookReader (opened by its central
 * directory, see xlsx-workbook-reader.ts): rows are handed to
 * `onRow` as they are parsed, so memory stays flat however many people the file holds. The first
 * sheet whose first rows contain the template header is the data sheet; other sheets (code tables,
 * notes) are drained and ignored.
 *
 * Rows are taken from the worksheet reader's `parse()`, which yields them in batches, rather than
 * from its per-row async iterator: one await per batch instead of one per row.
 */

export async function readXlsx(file: string, opts: TemplateReadOptions): Promise<void> {
  const name = path.basename(file);
  const reader = openXlsxReader(file, {
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
    for await (const sheetIterable of reader) {
      const sheet = sheetIterable as unknown as SheetReader;
      sheets += 1;
      if (sheet.name === META_SHEET_NAME) {
        await readMeta(sheet, opts);
        continue;
      }
      const done = collector?.header !== undefined;
      if (!done) {
        const date1904 = (reader as unknown as WorkbookProps).properties?.model?.date1904 === true;
        collector = new TemplateRowCollector('xlsx', date1904, opts.kind);
      }
      for await (const events of sheet.parse()) {
        // A sheet read after the data sheet, or past its header search window, only needs draining.
        if (done || (!collector!.header && !collector!.stillSearching) || collector!.ended) continue;
        for (const ev of events) {
          if (ev.eventType !== 'row') continue;
          const row = ev.value as StreamedRow;
          const hadHeader = collector!.header !== undefined;
          const out = collector!.accept(row.number, rowValues(row.values), sheet.name);
          if (!hadHeader && collector!.header) opts.onHeader(collector!.header);
          if (out) opts.onRow(out);
        }
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

async function readMeta(sheet: SheetReader, opts: TemplateReadOptions): Promise<void> {
  const rows: CellValue[][] = [];
  for await (const events of sheet.parse()) {
    for (const ev of events) if (ev.eventType === 'row') rows.push(rowValues((ev.value as StreamedRow).values));
  }
  const meta = parseMetaRows(rows);
  if (meta) opts.onMeta?.(meta);
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
