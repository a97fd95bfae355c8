import { sniffFile } from './sniff-file.js';
import { readXlsx } from './read-xlsx.js';
import { readCsv } from './read-csv.js';
import type { TemplateHeader, TemplateReadOptions, TemplateRow } from './template-rows.js';

export type { TemplateHeader, TemplateReadOptions, TemplateRow };

/**
 * Reads a filled collection template (.xlsx, .xls/.et, .ods or .csv), pushing rows to `opts.onRow` as they are read.
 * Rejects with WorkbookError, whose Chinese message says what to do, for anything that is not a
 * readable template.
 */
export function readTemplate(file: string, opts: TemplateReadOptions): Promise<void> {
  try {
    const kind = sniffFile(file);
    // SheetJS (about 1 MB of JavaScript) is loaded only for the old formats: .xlsx and CSV start without it.
    if (kind === 'xls' || kind === 'ods') return import('./read-legacy.js').then(({ readLegacy }) => readLegacy(file, kind, opts));
    return kind === 'csv' ? readCsv(file, opts) : readXlsx(file, opts);
  } catch (e) {
    return Promise.reject(e);
  }
}
