import type { BatchKind } from '../../src-shared/domain/person.js';
import { sniffFile } from './sniff-file.js';
import { readXlsxRows } from './read-xlsx.js';
import { readCsvRows } from './read-csv.js';
import type { TemplateHeader, TemplateRow } from './template-rows.js';

export type { TemplateHeader, TemplateRow };

/**
 * Reads a filled collection template (.xlsx or .csv), row by row. Throws WorkbookError, with a Chinese
 * message that says what to do, for anything that is not a readable template.
 * `onHeader` is called once, before the first row, with the header found and the batch kind.
 */
export function readTemplateRows(file: string, onHeader: (h: TemplateHeader) => void, kind?: BatchKind): AsyncGenerator<TemplateRow> {
  const format = sniffFile(file);
  return format === 'csv' ? readCsvRows(file, onHeader, kind) : readXlsxRows(file, onHeader, kind);
}
