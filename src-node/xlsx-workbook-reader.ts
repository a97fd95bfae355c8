import ExcelJS from 'exceljs';
import iterateStream from 'exceljs/lib/utils/iterate-stream.js';
import unzipper from 'unzipper';
import { BoundedXmlText, InflationBudget, checkDeclaredSize, MAX_PART_BYTES, MAX_SHARED_STRINGS_BYTES } from './table-limits.js';

/**
 * exceljs's streaming WorkbookReader, with the archive read through its central directory.
 *
 * Why not exceljs's own `parse()`: it reads the zip in one forward pass and pauses that pass while
 * it copies a worksheet (which comes before xl/workbook.xml in exceljs-written files and many
 * others) to a temp file. If that copy is slow (a busy disk, a virus scanner watching %TEMP%) the
 * zip parser reaches the end of the file meanwhile, unzipper announces 'end' with the last entries
 * still buffered, and exceljs stops without ever reading xl/workbook.xml: "Cannot read properties
 * of undefined (reading 'sheets')" for a perfectly good workbook (exceljs#3064, exceljs#962). Our
 * test suite hit it on a loaded CI machine; delaying the temp file makes it fail every time.
 *
 * Reading by the central directory instead, the relationships, workbook, shared strings and styles
 * are parsed first whatever order the file stores them in, each worksheet is then streamed row by
 * row straight out of the archive (no temp files), and a truncated file is refused up front
 * because its directory is missing. Each part is decoded as UTF-8 across chunk boundaries (see
 * utf8() below). The rest (row parsing, dates, shared strings) is exceljs's.
 *
 * Every part is read through BoundedXmlText (table-limits.ts): its inflated size, the archive's
 * total and its compression ratio are bounded, and so is a run of text between two tags, so a zip
 * bomb or a 500-million-character cell is refused (TableLimitError) while it streams.
 */

type Options = Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>;

/** The WorkbookReader internals the streaming pass uses; exceljs 4.4's own parse() calls the same. */
interface ReaderInternals {
  options: Options;
  workbookRels?: Array<{ Id: string; Target: string }>;
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<unknown>;
  _parseHyperlinks(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<unknown>;
}

const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;
const SHEET_RELS = /^xl\/worksheets\/_rels\/sheet(\d+)\.xml\.rels$/;

/**
 * An entry's text, decoded as a whole: exceljs turns each inflated chunk into a string on its own, so
 * a Chinese character whose bytes straddle two chunks became two U+FFFD (exceljs#2084) — 29 names in
 * 50,000 in bench:list. The bounded decoder carries the partial character over.
 */
function utf8(f: unzipper.File, budget: InflationBudget, maxBytes = MAX_PART_BYTES): NodeJS.ReadableStream {
  checkDeclaredSize(budget, f.compressedSize, f.uncompressedSize, maxBytes);
  const raw = f.stream() as NodeJS.ReadableStream & { destroy?: () => void };
  const bounded = new BoundedXmlText(budget, f.compressedSize, maxBytes);
  raw.on('error', (e: Error) => bounded.destroy(e));
  // Past a limit the inflation stops at once instead of running on into the void.
  bounded.on('error', () => raw.destroy?.());
  return raw.pipe(bounded);
}

/** A workbook relationship's target as a path relative to xl/, the form exceljs matches sheets by. */
export function relativeToXl(target: string): string {
  const t = target.replace(/\\/g, '/');
  if (t.startsWith('/')) return t.replace(/^\/+/, '').replace(/^xl\//, '');
  return t.replace(/^\.\//, '');
}

class CentralDirectoryWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  constructor(private readonly source: string | Buffer, options: Options) {
    super(source as never, options);
  }

  // Replaces exceljs's parse(); its async iterator and read() drive this one.
  override async *parse(): AsyncGenerator<unknown> {
    const self = this as unknown as ReaderInternals;
    const dir = typeof this.source === 'string' ? await unzipper.Open.file(this.source) : await unzipper.Open.buffer(this.source);
    const byPath = new Map(dir.files.map((f) => [f.path, f]));
    const budget = new InflationBudget();
    const open = (path: string, maxBytes?: number) => {
      const f = byPath.get(path);
      return f ? utf8(f, budget, maxBytes) : undefined;
    };

    const rels = open('xl/_rels/workbook.xml.rels');
    if (rels) {
      await self._parseRels(rels);
      // exceljs ties a sheet to its name only through a Target relative to xl/ ("worksheets/sheet2.xml");
      // openpyxl and some Java writers use absolute part names ("/xl/worksheets/sheet2.xml"), and the
      // sheet would lose its name and state: the 问题清单's hidden link sheet among them.
      for (const rel of self.workbookRels ?? []) rel.Target = relativeToXl(rel.Target);
    }
    const workbook = open('xl/workbook.xml');
    if (workbook) await self._parseWorkbook(workbook);
    const strings = open('xl/sharedStrings.xml', MAX_SHARED_STRINGS_BYTES);
    if (strings) yield* self._parseSharedStrings(strings);
    const styles = open('xl/styles.xml');
    if (styles) await self._parseStyles(styles);

    const numbered = (re: RegExp) =>
      dir.files
        .map((f) => ({ f, no: re.exec(f.path)?.[1] }))
        .filter((x): x is { f: unzipper.File; no: string } => x.no !== undefined)
        .sort((a, b) => Number(a.no) - Number(b.no));
    for (const { f, no } of numbered(SHEET)) yield* self._parseWorksheet(iterateStream(utf8(f, budget)), no);
    if (self.options.hyperlinks === 'emit') {
      for (const { f, no } of numbered(SHEET_RELS)) yield* self._parseHyperlinks(iterateStream(utf8(f, budget)), no);
    }
  }
}

/** A streaming reader over an .xlsx file path or its bytes; iterate it for worksheets as with exceljs. */
export function openXlsxReader(source: string | Buffer, options: Options): ExcelJS.stream.xlsx.WorkbookReader {
  return new CentralDirectoryWorkbookReader(source, options);
}
