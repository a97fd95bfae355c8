import type { BatchKind, CellValue, FieldKey, RawRow } from '../../src-shared/domain/person.js';
import { matchHeaderRow, type HeaderMatch } from '../../src-shared/header-match.js';
import { END_OF_DATA_MARKERS, RENEWAL_COLUMNS, fieldLabel, templateColumns } from '../../src-shared/template.js';
import { isBlankRow } from '../../src-shared/rules/person.js';
import { cleanText } from '../../src-shared/rules/text.js';
import { megabytes, readTable, type SheetRows, type SourceRow, type TableSource, type TableSpec } from '../../src-node/table-source.js';
import { TableLimitError } from '../../src-node/table-limits.js';
import { cellValueText, toCellValue } from './cell-value.js';
import { WorkbookError } from './workbook-error.js';
import { META_SHEET_NAME, parseMetaRows } from './workbook-meta.js';
import { noHeaderError, type TemplateHeader, type TemplateReadOptions, type TemplateRow } from './template-rows.js';

/**
 * The collection template as the shared table reader (src-node/table-source.ts) sees it: which row
 * is the header (src-shared/header-match.ts, also across two rows when group cells stand above
 * sub-headers), which later rows are people (blank rows skipped, the notes and the footer end the
 * table), which row is the manual's own sample (not counted when the sheets are compared: a 填写说明
 * sheet holding the header and the sample must not win over the sheet with the real people), and the
 * desktop's Chinese messages. Every format's reader (.xlsx, CSV, and .xls/.ods through SheetJS) hands
 * its TableSource to readTemplateSource().
 */

/** The ID number of the example row printed in 附件2 of the Fujian manual (its check digit is wrong). */
export const MANUAL_SAMPLE_ID = '820102198906169620';
export const MANUAL_SAMPLE_NAME = '蔡亿斌';

/** The manual's example row, as clerks leave it in (or copy it to) a filled template. */
export function isManualSampleRow(cells: RawRow): boolean {
  const id = cleanText(cellValueText(cells.idNumber ?? null));
  const name = cleanText(cellValueText(cells.name ?? null));
  return id === MANUAL_SAMPLE_ID || (name === MANUAL_SAMPLE_NAME && id.startsWith('820102'));
}

/** The formats a template is read from (TemplateHeader's). */
export type TemplateFormat = TemplateHeader['format'];

function cellText(v: unknown): string {
  return cleanText(cellValueText(toCellValue(v)));
}

/**
 * People one file may hold: what the program is measured to check within its memory bound
 * (bench/validate: 50,000 people under 400 MB); a province's whole list is several files.
 */
export const MAX_TEMPLATE_ROWS = 60_000;
/** Characters of text in the people read (60,000 real people hold about 10 million): every row may be kept in memory. */
export const MAX_TEMPLATE_TEXT_CHARS = 40_000_000;

function templateSpec(name: string, forceKind: BatchKind | undefined): TableSpec<HeaderMatch, TemplateRow> {
  const rowsOf = new Map<HeaderMatch, number>();
  let chars = 0;
  return {
    text: cellText,
    matchHeader: (texts) => matchHeaderRow(texts),
    score: (h) => h.columns.length + (h.seqCol !== undefined ? 1 : 0),
    accept(h, _sheet, row) {
      const kind: BatchKind = forceKind ?? (h.hasRenewalColumns ? 'renewal' : 'new');
      const present = new Set(h.columns.map((c) => c.key));
      // A list said to be 换证 without its two columns is still read: each person's renewal.missing
      // then asks for 原证件号码 and 原发证单位, and nothing the clerk typed is turned away.
      const missing = templateColumns(kind).filter((c) => c.required && !present.has(c.key) && !RENEWAL_COLUMNS.includes(c)).map((c) => c.key);
      if (missing.length > 0) {
        throw new WorkbookError(
          'missing_columns',
          `采集表第 ${row} 行的表头缺少这些列：${missing.map(fieldLabel).join('、')}。请使用本软件导出的最新模板，把数据复制进去后再导入。`,
        );
      }
    },
    row(h, source: SourceRow) {
      const values = source.values;
      for (const v of values) {
        const t = cellText(v);
        if (t === '') continue;
        if (END_OF_DATA_MARKERS.some((m) => t.startsWith(m))) return 'end';
        break;
      }
      const cells: RawRow = {};
      for (const c of h.columns) {
        const v = toCellValue(values[c.col - 1]);
        if (v === null) continue;
        cells[c.key as FieldKey] = v;
        if (typeof v === 'string') chars += v.length;
      }
      if (chars > MAX_TEMPLATE_TEXT_CHARS) {
        throw new WorkbookError('too_large', `文件中的文字异常多（“${name}”到第 ${source.number} 行已超过 ${MAX_TEMPLATE_TEXT_CHARS / 10_000_000} 千万字），不是正常的采集表，无法读取。请确认选对了文件，或分成几个文件分别导入。`);
      }
      if (isBlankRow(cells)) return undefined;
      const n = (rowsOf.get(h) ?? 0) + 1;
      rowsOf.set(h, n);
      if (n > MAX_TEMPLATE_ROWS) {
        throw new WorkbookError(
          'too_large',
          `“${name}”中的人员超过 ${MAX_TEMPLATE_ROWS / 10_000} 万人（到第 ${source.number} 行），一个文件最多 ${MAX_TEMPLATE_ROWS / 10_000} 万人。请分成几个文件分别导入。`,
        );
      }
      const seq = h.seqCol !== undefined ? cellText(values[h.seqCol - 1]) : '';
      return { row: source.number, ...(seq ? { seq } : {}), cells };
    },
    counts: (r) => !isManualSampleRow(r.cells),
    ambiguous(sheets) {
      return new WorkbookError(
        'several_sheets',
        `“${name}”有几个工作表都填了人员（${sheets.map((s) => `“${s.name}” ${s.rows} 人`).join('，')}），无法确定导入哪一个。请把要导入的人员放在同一个工作表中，删除或另存其他工作表后再导入。`,
      );
    },
  };
}

/** The hidden sheet of an error report (workbook-meta.ts) is read for its meta, never searched for people. */
function withoutMetaSheet(sheets: AsyncIterable<SheetRows>, opts: TemplateReadOptions): AsyncIterable<SheetRows> {
  return (async function* () {
    for await (const sheet of sheets) {
      if (sheet.name !== META_SHEET_NAME) {
        yield sheet;
        continue;
      }
      const rows: CellValue[][] = [];
      for await (const batch of sheet.rows) for (const r of batch) rows.push(r.values.map((v) => toCellValue(v)));
      const meta = parseMetaRows(rows);
      if (meta) opts.onMeta?.(meta);
    }
  })();
}

/** Rows whose text is kept, per sheet, for the title above the header (the header is within HEADER_SEARCH_ROWS non-blank rows). */
const TITLE_ROWS = 40;
const TITLE_CHARS = 500;

/**
 * Keeps the text of each sheet's first rows as they stream past, so that once the header is known
 * the title above it can be told (template-kind.ts reads 换证 there).
 */
function withTitles(sheets: AsyncIterable<SheetRows>): { sheets: AsyncIterable<SheetRows>; titleAbove: (sheet: string | undefined, headerRow: number) => string } {
  const firstRows = new Map<string | undefined, Array<{ number: number; text: string }>>();
  return {
    sheets: (async function* () {
      for await (const sheet of sheets) {
        const kept: Array<{ number: number; text: string }> = [];
        firstRows.set(sheet.name, kept);
        const rows = (async function* () {
          for await (const batch of sheet.rows) {
            for (const r of batch) {
              if (kept.length >= TITLE_ROWS) break;
              const text = r.values.map(cellText).filter(Boolean).join(' ');
              if (text) kept.push({ number: r.number, text: text.slice(0, TITLE_CHARS) });
            }
            yield batch;
          }
        })();
        yield { ...sheet, rows };
      }
    })(),
    titleAbove: (sheet, headerRow) =>
      (firstRows.get(sheet) ?? [])
        .filter((r) => r.number < headerRow)
        .map((r) => r.text)
        .join(' ')
        .slice(0, TITLE_CHARS),
  };
}

/**
 * Reads the template out of a table source: the header, then each data row of the chosen sheet to
 * `opts.onRow`. Throws WorkbookError: no header in any sheet, missing columns, several sheets that
 * cannot be told apart; a TableLimitError becomes the desktop's message.
 */
export async function readTemplateSource(source: TableSource & { format: TemplateFormat }, name: string, opts: TemplateReadOptions): Promise<void> {
  const titled = withTitles(withoutMetaSheet(source.sheets, opts));
  const found = await readTable(
    { ...source, sheets: titled.sheets },
    templateSpec(name, opts.kind),
    {
      onHeader: (f) =>
        opts.onHeader({
          format: source.format,
          ...(f.sheet !== undefined ? { sheet: f.sheet } : {}),
          row: f.headerRow,
          match: f.header,
          kind: opts.kind ?? (f.header.hasRenewalColumns ? 'renewal' : 'new'),
          date1904: source.date1904(),
          title: titled.titleAbove(f.sheet, f.headerRow),
        }),
      onRow: (r) => opts.onRow(r),
    },
  );
  if (!found) throw noHeaderError(name);
  if (found.skipped.length > 0) opts.onSkippedSheets?.(found.skipped);
}

/** A bound of table-limits.ts passed, in the desktop's words. */
export function limitError(e: TableLimitError, name: string): WorkbookError {
  switch (e.kind) {
    case 'huge_cell':
      return new WorkbookError(
        'too_large',
        `文件中有异常巨大的单元格（“${name}”的某个单元格超过 32767 个字符，Excel 本身也不允许），不是正常的采集表，无法读取。请确认选对了文件，或在 Excel 或 WPS 中打开检查后重新“另存为” .xlsx 再导入。`,
      );
    case 'inflated':
      return new WorkbookError(
        'too_large',
        `文件解压后异常巨大（“${name}”解压后是原来的几百倍或超过几百 MB），不是正常的采集表，无法读取。请确认选对了文件，或在 Excel 或 WPS 中打开检查后重新“另存为” .xlsx 再导入。`,
      );
    case 'csv_too_large':
      return new WorkbookError(
        'too_large',
        `“${name}”有 ${megabytes(e.bytes?.size ?? 0)}，超过了 CSV 采集表 ${megabytes(e.bytes?.limit ?? 0)} 的上限（5 万人的 CSV 约 15 MB），不像是采集表，无法读取。请确认选对了文件；人数确实很多时请分成几个文件导入。`,
      );
  }
}

/** The refusal of `import` for a template without any person in it (validate reports 0 rows instead). */
export function noRowsError(name: string): WorkbookError {
  return new WorkbookError('no_rows', `“${name}”的表头下面没有填写任何人员，没有可导入的内容，未创建批次。请在采集表中填写人员后再导入。`);
}
