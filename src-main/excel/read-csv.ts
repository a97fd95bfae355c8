import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { TemplateRowCollector, noHeaderError, type TemplateReadOptions } from './template-rows.js';
import { WorkbookError } from './workbook-error.js';
import { decodeCsv, guessDelimiter } from '../../src-node/csv-text.js';

/**
 * The filled template as CSV (GB18030, UTF-8 with or without a BOM, UTF-16; decoded by
 * src-node/csv-text.ts, which the sync server's record imports share). Every value stays text: the
 * rules repair what Excel did to it before it was saved.
 */
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
