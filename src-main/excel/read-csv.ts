import path from 'node:path';
import { csvErrorLine, csvSource } from '../../src-node/table-source.js';
import { TableLimitError } from '../../src-node/table-limits.js';
import { limitError, readTemplateSource } from './template-table.js';
import type { TemplateReadOptions } from './template-rows.js';
import { WorkbookError } from './workbook-error.js';

/**
 * The filled template as CSV (GB18030, UTF-8 with or without a BOM, UTF-16), streamed by
 * src-node/table-source.ts, which the sync server's record imports share; at most MAX_CSV_BYTES.
 * Every value stays text: the rules repair what Excel did to it before it was saved.
 */
export async function readCsv(file: string, opts: TemplateReadOptions): Promise<void> {
  const name = path.basename(file);
  try {
    await readTemplateSource({ ...csvSource(file), format: 'csv' }, name, opts);
  } catch (e) {
    if (e instanceof TableLimitError) throw limitError(e, name);
    if (e instanceof WorkbookError) throw e;
    const line = csvErrorLine(e);
    throw new WorkbookError(
      'corrupt',
      `“${name}”${line !== undefined ? `第 ${line} 行附近` : ''}的 CSV 格式有误（引号不成对或列分隔有问题），请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。`,
    );
  }
}
