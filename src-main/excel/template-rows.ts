import type { BatchKind, CellValue, FieldKey, RawRow } from '../../src-shared/domain/person.js';
import { matchHeaderRow, type HeaderMatch } from '../../src-shared/header-match.js';
import { END_OF_DATA_MARKERS, fieldLabel, templateColumns } from '../../src-shared/template.js';
import { isBlankRow } from '../../src-shared/rules/person.js';
import { cleanText } from '../../src-shared/rules/text.js';
import { cellValueText } from './cell-value.js';
import { WorkbookError } from './workbook-error.js';
import type { WorkbookMeta } from './workbook-meta.js';

/**
 * What the xlsx and CSV readers share: find the header, turn each later row into a RawRow keyed by
 * field, skip blank rows, stop at the notes and footer. The readers feed it one row at a time so a
 * 50,000-row file never sits in memory whole.
 */

export interface TemplateHeader {
  format: 'xlsx' | 'csv' | 'xls' | 'ods';
  sheet?: string;
  /** Excel row number of the header. */
  row: number;
  match: HeaderMatch;
  kind: BatchKind;
  date1904: boolean;
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

/** Rows searched for the header before a sheet is given up. */
export const HEADER_SEARCH_ROWS = 30;

export class TemplateRowCollector {
  header: TemplateHeader | undefined;
  ended = false;
  private rowsSeen = 0;

  constructor(
    private readonly format: 'xlsx' | 'csv' | 'xls' | 'ods',
    private readonly date1904: boolean,
    private readonly forceKind?: BatchKind,
  ) {}

  /** False when this sheet has gone past the search window without a header. */
  get stillSearching(): boolean {
    return this.header === undefined && this.rowsSeen < HEADER_SEARCH_ROWS;
  }

  /**
   * `values[i]` is column i+1. Returns the data row, or undefined for header, blank and ignored rows.
   */
  accept(rowNumber: number, values: readonly CellValue[], sheet?: string): TemplateRow | undefined {
    if (this.ended) return undefined;
    this.rowsSeen += 1;
    if (!this.header) {
      if (this.rowsSeen > HEADER_SEARCH_ROWS) return undefined;
      const match = matchHeaderRow(values.map((v) => cleanText(cellValueText(v))));
      if (match) this.header = this.makeHeader(rowNumber, match, sheet);
      return undefined;
    }
    const first = values.find((v) => cleanText(cellValueText(v)) !== '');
    if (first !== undefined) {
      const text = cleanText(cellValueText(first));
      if (END_OF_DATA_MARKERS.some((m) => text.startsWith(m))) {
        this.ended = true;
        return undefined;
      }
    }
    const cells: RawRow = {};
    for (const c of this.header.match.columns) {
      const v = values[c.col - 1];
      if (v !== undefined && v !== null) cells[c.key as FieldKey] = v;
    }
    if (isBlankRow(cells)) return undefined;
    const seqCol = this.header.match.seqCol;
    const seq = seqCol !== undefined ? cleanText(cellValueText(values[seqCol - 1] ?? null)) : '';
    return { row: rowNumber, ...(seq ? { seq } : {}), cells };
  }

  private makeHeader(row: number, match: HeaderMatch, sheet?: string): TemplateHeader {
    const kind: BatchKind = this.forceKind ?? (match.hasRenewalColumns ? 'renewal' : 'new');
    const present = new Set(match.columns.map((c) => c.key));
    const missing = templateColumns(kind).filter((c) => c.required && !present.has(c.key)).map((c) => c.key);
    if (missing.length > 0) {
      throw new WorkbookError(
        'missing_columns',
        `采集表第 ${row} 行的表头缺少这些列：${missing.map(fieldLabel).join('、')}。请使用本软件导出的最新模板，把数据复制进去后再导入。`,
      );
    }
    return { format: this.format, ...(sheet ? { sheet } : {}), row, match, kind, date1904: this.date1904 };
  }
}

export function noHeaderError(name: string): WorkbookError {
  return new WorkbookError(
    'no_header',
    `在“${name}”中没有找到采集表的表头（应有“持证人姓名”“持证人身份证号码”“民族”等列）。请确认选的是填好的采集表，或使用本软件导出的模板。`,
  );
}
