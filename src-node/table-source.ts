import fs from 'node:fs';
import { parse } from 'csv-parse';
import { openXlsxReader } from './xlsx-workbook-reader.js';
import type { SheetReader, StreamedRow, WorkbookProps } from './exceljs-stream.js';
import { MAX_CSV_BYTES, TableLimitError, checkCellText } from './table-limits.js';
import { guessDelimiter } from './csv-text.js';
import type { TableFormat } from '../src-shared/table-formats.js';

/**
 * One table reader for both sides: the desktop's collection template and the sync server's
 * study-platform exports. A file becomes a TableSource — sheets, each a stream of rows — and
 * readTable() finds the header in each sheet (by a matcher the caller passes), picks the sheet with
 * the most data rows and hands its rows on. Every format feeds the same boundary, `SheetRows`:
 * .xlsx through exceljs (xlsxSource), CSV through csv-parse (csvSource); another reader (SheetJS for
 * .xls/.ods) only has to produce SheetRows too.
 */

/** One row as read: `values[i]` is column i+1 (a string, number, boolean, Date, exceljs object, or nothing). */
export interface SourceRow {
  /** The row number Excel shows (1-based); for CSV, the record number. */
  number: number;
  values: readonly unknown[];
  /** The number format of a cell (xlsx), when the caller needs it to tell dates. */
  numFmt?: (col: number) => string | undefined;
}

/** The rows of one sheet, in batches, in order. */
export interface SheetRows {
  name?: string;
  rows: AsyncIterable<readonly SourceRow[]>;
}

export interface TableSource {
  format: TableFormat;
  /** Serial dates count from 1904 (Mac Excel); known once the first sheet is reached. */
  date1904(): boolean;
  sheets: AsyncIterable<SheetRows>;
}

// ---------------------------------------------------------------------------------------------------
// Cells

/**
 * exceljs's cell objects unwrapped to what the clerk sees: rich text joined, a formula's cached
 * result, a hyperlink's text, an error's code. Strings are checked against the cell-size bound.
 */
export function plainCell(value: unknown): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return checkCellText(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      return checkCellText((v.richText as Array<{ text?: unknown }>).map((r) => (typeof r.text === 'string' ? r.text : '')).join(''));
    }
    if ('formula' in v || 'sharedFormula' in v) return 'result' in v ? plainCell(v.result) : null;
    if ('error' in v) return String(v.error);
    if ('hyperlink' in v || 'text' in v) return plainCell(v.text);
  }
  return checkCellText(String(value));
}

/** Whether a cell is a formula (its cached result may be a serial number under a date format). */
export function isFormulaCell(value: unknown): value is { result?: unknown } {
  return typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value);
}

// ---------------------------------------------------------------------------------------------------
// xlsx

/** exceljs row.values: sparse, index = column number, index 0 unused. */
function xlsxValues(values: unknown): unknown[] {
  if (!Array.isArray(values)) return [];
  return values.slice(1);
}

/** The sheets of an .xlsx (a path or its bytes), streamed; bounded by table-limits.ts. */
export function xlsxSource(source: string | Buffer): TableSource {
  const reader = openXlsxReader(source, {
    sharedStrings: 'cache',
    // Styles tell exceljs which numeric cells are dates; without them dates arrive as serial numbers.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  return {
    format: 'xlsx',
    date1904: () => (reader as unknown as WorkbookProps).properties?.model?.date1904 === true,
    sheets: (async function* () {
      for await (const sheetIterable of reader) {
        const sheet = sheetIterable as unknown as SheetReader;
        let consumed = false;
        const rows = (async function* () {
          consumed = true;
          for await (const events of sheet.parse()) {
            const batch: SourceRow[] = [];
            for (const ev of events) {
              if (ev.eventType !== 'row') continue;
              const row = ev.value as StreamedRow;
              batch.push({ number: row.number, values: xlsxValues(row.values), numFmt: (col) => row.getCell(col).numFmt });
            }
            if (batch.length > 0) yield batch;
          }
        })();
        yield { ...(sheet.name !== undefined ? { name: sheet.name } : {}), rows };
        // The reader moves on only once a sheet has been read to its end.
        if (!consumed) for await (const _ of rows) void _;
      }
    })(),
  };
}

// ---------------------------------------------------------------------------------------------------
// CSV

/**
 * A CSV file's text, streamed: UTF-8 (with or without a BOM) or UTF-16 by its BOM; GB18030 when the
 * bytes are not UTF-8 (checked over the whole file before any row is read, in a first cheap pass).
 */
async function* csvText(file: string): AsyncGenerator<string> {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  let n: number;
  try {
    n = fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  let encoding: string;
  let skip = 0;
  if (n >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) [encoding, skip] = ['utf-8', 3];
  else if (n >= 2 && head[0] === 0xff && head[1] === 0xfe) [encoding, skip] = ['utf-16le', 2];
  else if (n >= 2 && head[0] === 0xfe && head[1] === 0xff) [encoding, skip] = ['utf-16be', 2];
  else encoding = (await isUtf8(file)) ? 'utf-8' : 'gb18030';
  const decoder = new TextDecoder(encoding);
  for await (const chunk of fs.createReadStream(file, { start: skip, highWaterMark: 1 << 20 })) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

async function isUtf8(file: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

export const megabytes = (n: number): string => `${Math.ceil(n / 1024 / 1024)} MB`;

/** Lines looked at to tell the separator (a title line above the header has none). */
const DELIMITER_SNIFF_CHARS = 64 * 1024;

/**
 * A CSV file as one sheet of text rows, streamed. Refused (TableLimitError 'csv_too_large') past
 * `maxBytes`. The separator is the one the first lines use (see guessDelimiter).
 */
export function csvSource(file: string, maxBytes = MAX_CSV_BYTES): TableSource {
  const size = fs.statSync(file).size;
  if (size > maxBytes) {
    throw new TableLimitError('csv_too_large', `文件有 ${megabytes(size)}，超过了 CSV 文件 ${megabytes(maxBytes)} 的上限。`, { size, limit: maxBytes });
  }
  return {
    format: 'csv',
    date1904: () => false,
    sheets: (async function* () {
      const text = csvText(file);
      // Enough text to see the separator, then the parser gets it and the rest.
      let start = '';
      let more = true;
      while (start.length < DELIMITER_SNIFF_CHARS) {
        const next = await text.next();
        if (next.done) {
          more = false;
          break;
        }
        start += next.value;
      }
      const delimiter = guessDelimiter(start);
      const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true });
      const feed = (async () => {
        try {
          parser.write(start);
          if (more) {
            for await (const chunk of text) if (!parser.write(chunk)) await new Promise((r) => parser.once('drain', r));
          }
          parser.end();
        } catch (e) {
          parser.destroy(e as Error);
        }
      })();
      let record = 0;
      const rows = (async function* () {
        for await (const fields of parser as AsyncIterable<string[]>) {
          record += 1;
          for (const f of fields) checkCellText(f);
          yield [{ number: record, values: fields }];
        }
        await feed;
      })();
      yield { rows };
    })(),
  };
}

/** The record number the CSV parser had reached when it failed (for the message). */
export function csvErrorLine(e: unknown): number | undefined {
  const lines = (e as { lines?: unknown }).lines;
  return typeof lines === 'number' ? lines : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Header search and the choice of sheet

/** Non-blank rows searched for the header, per sheet. */
export const HEADER_SEARCH_ROWS = 30;
/** Rows of one sheet held back while the sheets are compared; past this the sheet is read as it streams. */
export const SHEET_COMPARE_ROWS = 5_000;

/** What a side tells readTable about its table. */
export interface TableSpec<H, R> {
  /** A cell's text for header matching ('' for nothing). */
  text(value: unknown): string;
  /** The header a row's texts make (texts[i] is column i+1), or undefined. */
  matchHeader(texts: string[]): H | undefined;
  /** How many columns a header recognised (a two-row header must recognise more than its first row). */
  score(header: H): number;
  /**
   * Checks a header before its rows are read (e.g. required columns); throws the side's error. A
   * sheet whose header fails is skipped when another sheet has a good one.
   */
  accept?(header: H, sheet: string | undefined, rowNumber: number): void;
  /** A data row: R, undefined to skip it (blank), or 'end' (the notes under the table). */
  row(header: H, row: SourceRow): R | undefined | 'end';
  /** Whether a row counts when the sheets are compared (the manual's sample row does not). */
  counts?(row: R): boolean;
  /** The error when a sheet already being read turns out to have fewer rows than a later one. */
  ambiguous(sheets: Array<{ name: string; rows: number }>): Error;
}

export interface TableFound<H> {
  header: H;
  headerRow: number;
  sheet?: string;
  /** Other sheets that also had the header, with their counted data rows; none of their rows were read. */
  skipped: Array<{ name: string; rows: number }>;
}

export interface TableSink<H, R> {
  onHeader(found: Omit<TableFound<H>, 'skipped'>): void;
  onRow(row: R): void;
}

const blankText = (t: string) => t.replace(/[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]+/g, '') === '';

/** Two header rows as one: a sub-header below a group cell (证件信息 over 证编号 | 有效期) wins; else the upper text. */
function combine(upper: readonly string[], lower: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(upper.length, lower.length); i++) {
    const lo = lower[i] ?? '';
    out.push(blankText(lo) ? (upper[i] ?? '') : lo);
  }
  return out;
}

interface Candidate<H, R> {
  name: string | undefined;
  header: H;
  headerRow: number;
  counted: number;
  total: number;
  held: R[] | undefined;
}

/**
 * Reads the table out of `source`: in each sheet the header is searched in the first
 * HEADER_SEARCH_ROWS non-blank rows (one row, or two rows combined when the upper holds group
 * cells); of the sheets with a header, the one with the most counted rows is read (ties: more rows,
 * then the first). Rows reach `sink` only for that sheet. Returns undefined when no sheet had a
 * header; rethrows the first `accept` failure when every sheet's header failed it.
 */
export async function readTable<H, R>(source: TableSource, spec: TableSpec<H, R>, sink: TableSink<H, R>): Promise<TableFound<H> | undefined> {
  const candidates: Array<Candidate<H, R>> = [];
  let streaming: Candidate<H, R> | undefined;
  let best: Candidate<H, R> | undefined;
  let refused: unknown;
  const better = (a: Candidate<H, R>, b: Candidate<H, R>) => a.counted > b.counted || (a.counted === b.counted && a.total > b.total);

  for await (const sheet of source.sheets) {
    let seen = 0;
    let prev: { number: number; texts: string[] } | undefined;
    let tentative: { header: H; row: number; texts: string[] } | undefined;
    let cand: Candidate<H, R> | undefined;
    let ended = false;

    const start = (header: H, row: number): Candidate<H, R> | undefined => {
      try {
        spec.accept?.(header, sheet.name, row);
      } catch (e) {
        refused ??= e;
        return undefined;
      }
      const c: Candidate<H, R> = { name: sheet.name, header, headerRow: row, counted: 0, total: 0, held: [] };
      candidates.push(c);
      return c;
    };
    const take = (c: Candidate<H, R>, r: R) => {
      c.total += 1;
      if (spec.counts?.(r) ?? true) c.counted += 1;
      if (c === streaming) return sink.onRow(r);
      if (c.held) {
        c.held.push(r);
        if (c.held.length > SHEET_COMPARE_ROWS) {
          if (streaming === undefined) {
            // A big sheet is read as it streams; later sheets with the header are only counted.
            streaming = c;
            if (best) best.held = undefined;
            sink.onHeader({ header: c.header, headerRow: c.headerRow, ...(c.name !== undefined ? { sheet: c.name } : {}) });
            for (const h of c.held) sink.onRow(h);
          }
          c.held = undefined;
        }
      }
    };
    const dataRow = (c: Candidate<H, R>, row: SourceRow) => {
      const r = spec.row(c.header, row);
      if (r === 'end') ended = true;
      else if (r !== undefined) take(c, r);
    };

    for await (const batch of sheet.rows) {
      if (ended) continue;
      for (const row of batch) {
        if (ended) break;
        if (cand) {
          dataRow(cand, row);
          continue;
        }
        if (seen >= HEADER_SEARCH_ROWS && !tentative) {
          ended = true;
          break;
        }
        const texts = row.values.map((v) => spec.text(v));
        if (texts.every(blankText)) continue;
        seen += 1;
        const alone = spec.matchHeader(texts);
        const adjacent = prev !== undefined && prev.number === row.number - 1;
        if (tentative) {
          // The row under a header: sub-headers below group cells make the header two rows tall.
          const both = adjacent ? spec.matchHeader(combine(tentative.texts, texts)) : undefined;
          if (both && spec.score(both) > spec.score(tentative.header)) {
            cand = start(both, row.number);
            tentative = undefined;
            if (!cand) ended = true;
            continue;
          }
          cand = start(tentative.header, tentative.row);
          tentative = undefined;
          if (!cand) {
            ended = true;
            continue;
          }
          dataRow(cand, row);
          continue;
        }
        if (alone) tentative = { header: alone, row: row.number, texts };
        else if (adjacent) {
          const both = spec.matchHeader(combine(prev!.texts, texts));
          if (both) {
            cand = start(both, row.number);
            if (!cand) ended = true;
          }
        }
        prev = { number: row.number, texts };
      }
    }
    if (tentative && !cand) cand = start(tentative.header, tentative.row);
    if (cand && cand !== streaming) {
      // Only the best sheet so far can still be chosen: the rows of the others are let go.
      if (streaming) cand.held = undefined;
      else if (best === undefined || better(cand, best)) {
        if (best) best.held = undefined;
        best = cand;
      } else cand.held = undefined;
    }
  }

  if (candidates.length === 0) {
    if (refused !== undefined) throw refused;
    return undefined;
  }
  const chosen = streaming ?? best ?? candidates[0]!;
  const skipped = candidates.filter((c) => c !== chosen).map((c) => ({ name: c.name ?? '', rows: c.counted }));
  if (streaming && candidates.some((c) => better(c, streaming!))) {
    throw spec.ambiguous(candidates.map((c) => ({ name: c.name ?? '', rows: c.counted })));
  }
  if (!streaming) {
    sink.onHeader({ header: chosen.header, headerRow: chosen.headerRow, ...(chosen.name !== undefined ? { sheet: chosen.name } : {}) });
    for (const r of chosen.held ?? []) sink.onRow(r);
  }
  return { header: chosen.header, headerRow: chosen.headerRow, ...(chosen.name !== undefined ? { sheet: chosen.name } : {}), skipped };
}
