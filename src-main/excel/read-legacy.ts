import path from 'node:path';
import { LEGACY_MAX_BYTES, LegacyWorkbookError, legacyTableSource, type LegacyFormat } from '../../src-node/legacy-workbook-rows.js';
import { TableLimitError } from '../../src-node/table-limits.js';
import { encryptedError } from './sniff-file.js';
import { limitError, readTemplateSource } from './template-table.js';
import type { TemplateReadOptions } from './template-rows.js';
import { WorkbookError } from './workbook-error.js';
import { TABLE_FORMATS } from '../../src-shared/table-formats.js';

/**
 * A filled template saved as .xls (also WPS's .et, the same container) or .ods, read with SheetJS
 * (src-node/legacy-workbook-rows.ts) and fed to the same table reader as an .xlsx (template-table.ts:
 * choice of sheet, two-row headers, the 问题清单's link sheet, the bounds):
 * each cell goes through the same toCellValue, so an ID stored as a number, a code that lost its
 * leading zero and a date give exactly the findings they give in an .xlsx, on the rows Excel shows.
 */
export async function readLegacy(file: string, format: LegacyFormat, opts: TemplateReadOptions): Promise<void> {
  const name = path.basename(file);
  try {
    await readTemplateSource(legacyTableSource(file, format), name, opts);
  } catch (e) {
    if (e instanceof TableLimitError) throw limitError(e, name);
    throw toWorkbookError(e, name, format);
  }
}

function toWorkbookError(e: unknown, name: string, format: LegacyFormat): unknown {
  if (!(e instanceof LegacyWorkbookError)) return e;
  const kind = TABLE_FORMATS[format].label;
  switch (e.kind) {
    case 'encrypted':
      return encryptedError(name);
    case 'too_large':
      return new WorkbookError(
        'too_large',
        `“${name}”太大，无法读取：${kind} 格式的采集表最大 ${LEGACY_MAX_BYTES / 1024 / 1024} MB（${e.message}）。请在 Excel 或 WPS 中“另存为” Excel 工作簿（*.xlsx）后再导入，或分成几个文件。`,
      );
    case 'too_many_cells':
    case 'huge_cell':
      return new WorkbookError('too_large', `“${name}”无法读取：${e.message}请检查文件，或在 Excel 或 WPS 中“另存为” .xlsx 后再导入。`);
    case 'corrupt':
      return new WorkbookError(
        'corrupt',
        `“${name}”已损坏或不是完整的 ${kind}（${e.message}），无法读取。请在 Excel 或 WPS 中打开并重新“另存为” .xlsx 后再导入。`,
      );
  }
}
