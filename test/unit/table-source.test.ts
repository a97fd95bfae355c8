import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BoundedXmlText, InflationBudget, MAX_RATIO, MAX_XML_TEXT_RUN, RATIO_FLOOR_BYTES, TableLimitError } from '../../src-node/table-limits.js';
import { guessDelimiter } from '../../src-node/csv-text.js';
import { readTable, SHEET_COMPARE_ROWS, type SourceRow, type TableSource, type TableSpec } from '../../src-node/table-source.js';

/** The bounds of src-node/table-limits.ts and the header search and sheet choice of table-source.ts, without files. */

async function through(chunks: Buffer[], compressedSize: number): Promise<string> {
  let out = '';
  for await (const s of Readable.from(chunks).pipe(new BoundedXmlText(new InflationBudget(), compressedSize))) out += s as string;
  return out;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TableLimitError);
    return (e as TableLimitError).kind;
  }
  throw new Error('not refused');
}

describe('BoundedXmlText', () => {
  it('passes XML through, joining a character split across chunks', async () => {
    const bytes = Buffer.from('<t>王小明</t>');
    expect(await through([bytes.subarray(0, 5), bytes.subarray(5)], 100)).toBe('<t>王小明</t>');
  });

  it('refuses a run of text longer than any cell, across many small chunks', async () => {
    const chunk = Buffer.from('A'.repeat(10_000));
    const chunks = [Buffer.from('<t>'), ...Array<Buffer>(Math.ceil(MAX_XML_TEXT_RUN / 10_000) + 1).fill(chunk)];
    expect(await refusal(through(chunks, 1e9))).toBe('huge_cell');
    // Just under the bound is fine.
    expect((await through([Buffer.from('<t>'), Buffer.from('A'.repeat(MAX_XML_TEXT_RUN - 10)), Buffer.from('</t>')], 1e9)).length).toBe(MAX_XML_TEXT_RUN - 3);
  });

  it('refuses a part whose header understated its size once it inflates past the ratio', async () => {
    const chunk = Buffer.from('<r/>'.repeat(256 * 1024));
    const n = Math.ceil(RATIO_FLOOR_BYTES / chunk.length) + 2;
    expect(await refusal(through(Array<Buffer>(n).fill(chunk), Math.floor((n * chunk.length) / (MAX_RATIO * 2))))).toBe('inflated');
  });
});

describe('guessDelimiter', () => {
  it('looks past a title line without separators', () => {
    expect(guessDelimiter('采集表\n序号;姓名;身份证号\n1;王;1')).toBe(';');
    expect(guessDelimiter('采集表\n序号\t姓名\t岗位\n1\t王\t01,02\n')).toBe('\t');
    expect(guessDelimiter('采集表\n序号，姓名，身份证号\n')).toBe('\uff0c');
    expect(guessDelimiter('只有一列')).toBe(',');
  });
});

function source(sheets: Array<{ name: string; rows: string[][] }>): TableSource {
  return {
    format: 'xlsx',
    date1904: () => false,
    sheets: (async function* () {
      for (const s of sheets) {
        const rows: SourceRow[] = s.rows.map((values, i) => ({ number: i + 1, values }));
        yield { name: s.name, rows: (async function* () { yield rows; })() };
      }
    })(),
  };
}

const spec: TableSpec<{ cols: Map<string, number> }, { row: number; name: string }> = {
  text: (v) => (typeof v === 'string' ? v : ''),
  matchHeader(texts) {
    const cols = new Map<string, number>();
    texts.forEach((t, i) => (['姓名', '证编号', '有效期'].includes(t) ? cols.set(t, i) : undefined));
    return cols.has('姓名') ? { cols } : undefined;
  },
  score: (h) => h.cols.size,
  row: (h, r) => {
    const name = String(r.values[h.cols.get('姓名')!] ?? '');
    if (name === '注：') return 'end';
    return name ? { row: r.number, name } : undefined;
  },
  counts: (r) => r.name !== '示例',
  ambiguous: () => new Error('ambiguous'),
};

async function read(sheets: Array<{ name: string; rows: string[][] }>) {
  const rows: string[] = [];
  let header: unknown;
  const found = await readTable(source(sheets), spec, { onHeader: (f) => (header = f), onRow: (r) => rows.push(r.name) });
  return { found, rows, header };
}

describe('readTable', () => {
  it('reads the sheet with the most rows that count, and names the others', async () => {
    const r = await read([
      { name: '填写说明', rows: [['姓名'], ['示例'], ['示例']] },
      { name: '采集表', rows: [['标题'], ['姓名'], ['甲'], [''], ['注：'], ['乙']] },
    ]);
    expect(r.rows).toEqual(['甲']);
    expect(r.found).toMatchObject({ sheet: '采集表', headerRow: 2, skipped: [{ name: '填写说明', rows: 0 }] });
  });

  it('combines a group row with the sub-headers under it', async () => {
    const r = await read([{ name: 'S', rows: [['姓名', '证件信息', ''], ['', '证编号', '有效期'], ['甲', 'A1', '2030']] }]);
    expect(r.found?.headerRow).toBe(2);
    expect(r.found?.header.cols).toEqual(new Map([['姓名', 0], ['证编号', 1], ['有效期', 2]]));
    expect(r.rows).toEqual(['甲']);
  });

  it('a header with nobody under it is found, with no rows', async () => {
    const r = await read([{ name: 'S', rows: [['姓名']] }]);
    expect(r.found?.headerRow).toBe(1);
    expect(r.rows).toEqual([]);
  });

  it('a sheet past SHEET_COMPARE_ROWS is read as it streams; a later, bigger one makes the file ambiguous', async () => {
    const many = (n: number) => [['姓名'], ...Array.from({ length: n }, (_, i) => [`人${i}`])];
    const r = await read([{ name: '小', rows: many(3) }, { name: '大', rows: many(SHEET_COMPARE_ROWS + 10) }, { name: '中', rows: many(20) }]);
    expect(r.rows).toHaveLength(SHEET_COMPARE_ROWS + 10);
    expect(r.found).toMatchObject({ sheet: '大', skipped: [{ name: '小', rows: 3 }, { name: '中', rows: 20 }] });
    await expect(read([{ name: 'A', rows: many(SHEET_COMPARE_ROWS + 1) }, { name: 'B', rows: many(SHEET_COMPARE_ROWS + 2) }])).rejects.toThrow('ambiguous');
  });

  it('no header in the first 30 non-blank rows: undefined', async () => {
    const rows = [...Array.from({ length: 30 }, () => ['x']), ['姓名'], ['甲']];
    expect((await read([{ name: 'S', rows }])).found).toBeUndefined();
  });
});
