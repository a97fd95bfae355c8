import type { BatchKind, RawRow } from '../../src-shared/domain/person.js';
import type { HeaderMatch } from '../../src-shared/header-match.js';
import { WorkbookError } from './workbook-error.js';
import type { WorkbookMeta } from './workbook-meta.js';
import type { TableFormat } from '../../src-shared/table-formats.js';

/**
 * What every template reader (xlsx, CSV, .xls/.ods) hands on: the header it found and each data row
 * as a RawRow keyed by field; template-table.ts does the finding, on the shared table reader.
 */

export interface TemplateHeader {
  format: TableFormat;
  sheet?: string;
  /** Excel row number of the header. */
  row: number;
  match: HeaderMatch;
  kind: BatchKind;
  date1904: boolean;
  /** The text of the rows above the header in its sheet (the title), '' when there are none. */
  title: string;
}

export interface TemplateRow {
  /** The row number Excel shows (1-based). */
  row: number;
  /** What the clerk wrote in 序号, if anything. */
  seq?: string;
  cells: RawRow;
}

export interface TemplateReadOptions {
  /** Called once, before the first row, with the header found and the batch kind. */
  onHeader: (header: TemplateHeader) => void;
  /** Called for each data row, in order. */
  onRow: (row: TemplateRow) => void;
  /** Forces the batch kind; by default a header with the renewal columns means a renewal list. */
  kind?: BatchKind;
  /** Called when the workbook is a report this program wrote (see workbook-meta.ts). */
  onMeta?: (meta: WorkbookMeta) => void;
  /** Called at the end with the other sheets that also had the header (not read), and their counted rows. */
  onSkippedSheets?: (sheets: Array<{ name: string; rows: number }>) => void;
}

export function noHeaderError(name: string): WorkbookError {
  return new WorkbookError(
    'no_header',
    `在“${name}”中没有找到采集表的表头（应有“持证人姓名”“持证人身份证号码”“民族”等列）。请确认选的是填好的采集表，或使用本软件导出的模板。`,
  );
}
