import path from 'node:path';
import { xlsxSource } from '../../src-node/table-source.js';
import { TableLimitError } from '../../src-node/table-limits.js';
import { limitError, readTemplateSource } from './template-table.js';
import type { TemplateReadOptions } from './template-rows.js';
import { WorkbookError } from './workbook-error.js';

/**
 * Streams a filled template out of an .xlsx (src-node/table-source.ts: exceljs's WorkbookReader
 * opened by the zip's central directory, every part bounded by table-limits.ts): rows reach
 * `onRow` as they are parsed, so memory stays flat however many people the file holds. Of the
 * sheets whose first rows hold the template header, the one with the most people is read (see
 * template-table.ts); code tables and notes are drained and ignored.
 */
export async function readXlsx(file: string, opts: TemplateReadOptions): Promise<void> {
  const name = path.basename(file);
  let sheets = 0;
  const source = xlsxSource(file);
  const counted = {
    ...source,
    format: 'xlsx' as const,
    sheets: (async function* () {
      for await (const s of source.sheets) {
        sheets += 1;
        yield s;
      }
    })(),
  };
  try {
    await readTemplateSource(counted, name, opts);
  } catch (e) {
    if (e instanceof TableLimitError) throw limitError(e, name);
    if (e instanceof WorkbookError) {
      if (e.code === 'no_header' && sheets === 0) {
        throw new WorkbookError('not_workbook', `“${name}”是压缩文件，但不是 Excel 工作簿。请选择填好的采集表（.xlsx）。`);
      }
      throw e;
    }
    throw new WorkbookError('corrupt', `“${name}”已损坏或不是完整的 Excel 工作簿（${shortReason(e)}），无法读取。请在 Excel 或 WPS 中打开并重新“另存为” .xlsx 后再导入。`);
  }
}

function shortReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.length > 80 ? msg.slice(0, 80) + '…' : msg;
}
