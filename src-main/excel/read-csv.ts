import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { TemplateRowCollector, noHeaderError, type TemplateReadOptions } from './template-rows.js';
import { WorkbookError } from './workbook-error.js';

/**
 * CSV as Chinese Excel and WPS write it: GB18030 (Excel's "CSV (逗号分隔)") or UTF-8 with or without
 * a BOM (Excel's "CSV UTF-8"), sometimes UTF-16 (Unicode text). Every value stays text: the rules
 * repair what Excel did to it before it was saved.
 */
export function decodeCsv(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

/** Excel writes ';' or tabs in some locales and for "Unicode text"; pick what the first line uses. */
function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

export async function readCsv(file: string, opts: TemplateReadOptions): Promise<void> {
  const name = path.basename(file);
  const text = decodeCsv(fs.readFileSync(file));
  const parser = parse(text, {
    delimiter: guessDelimiter(text),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: true,
  });
  const collector = new TemplateRowCollector('csv', false, opts.kind);
  let record = 0;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      record += 1;
      if (!collector.header && !collector.stillSearching) break;
      const hadHeader = collector.header !== undefined;
      const out = collector.accept(record, fields);
      if (!hadHeader && collector.header) opts.onHeader(collector.header);
      if (out) opts.onRow(out);
      if (collector.ended) break;
    }
  } catch (e) {
    if (e instanceof WorkbookError) throw e;
    throw new WorkbookError('corrupt', `“${name}”第 ${record + 1} 行附近的 CSV 格式有误（${e instanceof Error ? e.message.slice(0, 60) : ''}），请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。`);
  }
  if (!collector.header) throw noHeaderError(name);
}
