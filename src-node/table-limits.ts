import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { CodedError } from '../src-shared/coded-error.js';

/**
 * Bounds on what reading a table (a filled template, a study-platform export) may cost, whatever the
 * file holds. A real collection template of 50,000 people inflates to some tens of MB; a 1.5 MB
 * workbook whose one cell holds 500 million characters, or a zip bomb, must be refused while it is
 * being inflated — not after the process has grown to gigabytes and V8 has given up.
 *
 * The limits are checked on the inflated bytes of each part as they stream out of the archive, so
 * nothing past a limit is ever held in memory. (A real template of 60,000 people: a 37 MB sheet and
 * 4.6 MB of shared strings, compressed about 7:1.) Both readers (desktop template, server records) use
 * them; each turns a TableLimitError into its own Chinese message.
 */

/** Excel's own limit on the text of one cell. */
export const EXCEL_CELL_CHARS = 32_767;
/** A cell may be a little longer than Excel allows (other programs write files too). */
export const MAX_CELL_CHARS = EXCEL_CELL_CHARS + 1_233; // 34,000
/**
 * Characters of raw XML between two tags: one cell's text, escaped (`&amp;` is 5 characters for 1),
 * or one attribute list. Past this no cell can be within MAX_CELL_CHARS.
 */
export const MAX_XML_TEXT_RUN = MAX_CELL_CHARS * 6;
/** Inflated bytes of one part of the workbook (a worksheet, the shared strings, the styles). */
export const MAX_PART_BYTES = 256 * 1024 * 1024;
/** Inflated bytes of the shared strings: every one of them is kept in memory while the sheets are read. */
export const MAX_SHARED_STRINGS_BYTES = 48 * 1024 * 1024;
/** Inflated bytes of all parts read, together. */
export const MAX_TOTAL_BYTES = 512 * 1024 * 1024;
/** Inflated / compressed size of a part past which it is a zip bomb, once it has inflated to RATIO_FLOOR_BYTES (real templates: about 8; deflate at most about 1,000). */
export const MAX_RATIO = 100;
export const RATIO_FLOOR_BYTES = 8 * 1024 * 1024;
/** A CSV file larger than this is not a template (50,000 people as CSV is about 15 MB). */
export const MAX_CSV_BYTES = 100 * 1024 * 1024;

export type TableLimitKind = 'huge_cell' | 'inflated' | 'csv_too_large';

/** A file past one of the bounds; `message` is a neutral Chinese line, callers usually say it their own way. */
export class TableLimitError extends CodedError<TableLimitKind> {
  override name = 'TableLimitError';
  constructor(
    readonly kind: TableLimitKind,
    message: string,
    /** For 'csv_too_large': the file's size and the limit, in bytes. */
    readonly bytes?: { size: number; limit: number },
  ) {
    super(kind, message, { userFacing: true });
  }
}

export const hugeCell = (): TableLimitError =>
  new TableLimitError('huge_cell', `文件中有异常巨大的单元格（超过 ${EXCEL_CELL_CHARS} 个字符，Excel 本身也不允许），不是正常的表格。`);
export const inflated = (): TableLimitError => new TableLimitError('inflated', '文件解压后异常巨大，不是正常的表格。');

/** Counts the inflated bytes of every part of one archive against MAX_TOTAL_BYTES. */
export class InflationBudget {
  total = 0;
  /** What the central directory says the parts read so far inflate to. */
  declared = 0;
  add(bytes: number): void {
    this.total += bytes;
    if (this.total > MAX_TOTAL_BYTES) throw inflated();
  }
}

/**
 * Between an archive entry's inflated bytes and a consumer that wants text: counts the bytes against
 * the part's and the archive's limits and its compression ratio, decodes UTF-8 across chunk
 * boundaries, and refuses a run of text between two tags longer than any cell can be.
 */
export class BoundedXmlText extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private bytes = 0;
  private run = 0;

  constructor(
    private readonly budget: InflationBudget,
    private readonly compressedSize: number,
    private readonly maxBytes: number = MAX_PART_BYTES,
  ) {
    super({ readableObjectMode: true, decodeStrings: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.bytes += chunk.length;
      this.budget.add(chunk.length);
      if (this.bytes > this.maxBytes) throw inflated();
      if (this.bytes > RATIO_FLOOR_BYTES && this.bytes > MAX_RATIO * Math.max(1, this.compressedSize)) throw inflated();
      const text = this.decoder.write(chunk);
      this.scan(text);
      if (text !== '') this.push(text);
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    const rest = this.decoder.end();
    if (rest !== '') this.push(rest);
    done();
  }

  /** Tracks the run of text since the last tag character; only a run that spans chunks can be long. */
  private scan(text: string): void {
    const first = firstTagChar(text, 0);
    if (first === -1) {
      this.run += text.length;
      if (this.run > MAX_XML_TEXT_RUN) throw hugeCell();
      return;
    }
    if (this.run + first > MAX_XML_TEXT_RUN) throw hugeCell();
    const last = Math.max(text.lastIndexOf('<'), text.lastIndexOf('>'));
    // Runs wholly inside the chunk are shorter than it; look at them only for a chunk that large.
    if (text.length > MAX_XML_TEXT_RUN) {
      for (let at = first; at < last; ) {
        const next = firstTagChar(text, at + 1);
        if (next - at - 1 > MAX_XML_TEXT_RUN) throw hugeCell();
        at = next;
      }
    }
    this.run = text.length - last - 1;
  }
}

function firstTagChar(text: string, from: number): number {
  const lt = text.indexOf('<', from);
  const gt = text.indexOf('>', from);
  return lt === -1 ? gt : gt === -1 ? lt : Math.min(lt, gt);
}

/**
 * The sizes an archive entry declares in the zip's central directory, checked before it is inflated:
 * an honest zip bomb is refused at once. (A lying one is caught by BoundedXmlText as it inflates.)
 */
export function checkDeclaredSize(budget: InflationBudget, compressedSize: number, uncompressedSize: number, maxBytes: number = MAX_PART_BYTES): void {
  if (uncompressedSize > maxBytes) throw inflated();
  if (uncompressedSize > RATIO_FLOOR_BYTES && uncompressedSize > MAX_RATIO * Math.max(1, compressedSize)) throw inflated();
  budget.declared += uncompressedSize;
  if (budget.declared > MAX_TOTAL_BYTES) throw inflated();
}

/** A cell's text past MAX_CELL_CHARS (rich text joined, shared strings resolved). */
export function checkCellText(text: string): string {
  if (text.length > MAX_CELL_CHARS) throw hugeCell();
  return text;
}
