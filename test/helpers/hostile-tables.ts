import fs from 'node:fs';
import { Readable } from 'node:stream';
import archiver from 'archiver';

/**
 * Hostile table files for the bounded-reading tests, built part by part so that they can hold what
 * no spreadsheet program would write: a cell of hundreds of millions of characters, a part that
 * inflates a thousandfold. Every big part is generated as a stream, never held in memory.
 */

/** `count` repetitions of `unit`, as a stream of ~1 MB chunks. */
export function repeated(unit: string, count: number): Readable {
  const perChunk = Math.max(1, Math.floor((1 << 20) / unit.length));
  const chunk = unit.repeat(perChunk);
  let left = count;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(left, perChunk);
      left -= n;
      this.push(n === perChunk ? chunk : unit.repeat(n));
    },
  });
}

function concat(...parts: Array<string | Readable>): Readable {
  return Readable.from(
    (async function* () {
      for (const p of parts) {
        if (typeof p === 'string') yield Buffer.from(p);
        else for await (const c of p) yield c as Buffer;
      }
    })(),
  );
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
const SHEET_TAIL = `</sheetData></worksheet>`;

/** A workbook of one sheet whose parts are given (a sheet body, optionally the shared strings). */
export async function writeXlsxParts(file: string, sheetData: string | Readable, sharedStrings?: string | Readable): Promise<void> {
  const zip = archiver('zip', { zlib: { level: 9 } });
  const out = fs.createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    zip.on('error', reject);
  });
  zip.pipe(out);
  zip.append(CONTENT_TYPES, { name: '[Content_Types].xml' });
  zip.append(ROOT_RELS, { name: '_rels/.rels' });
  zip.append(WORKBOOK, { name: 'xl/workbook.xml' });
  zip.append(WORKBOOK_RELS, { name: 'xl/_rels/workbook.xml.rels' });
  if (sharedStrings !== undefined) {
    zip.append(concat(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`, sharedStrings, '</sst>'), {
      name: 'xl/sharedStrings.xml',
    });
  }
  zip.append(concat(SHEET_HEAD, sheetData, SHEET_TAIL), { name: 'xl/worksheets/sheet1.xml' });
  await zip.finalize();
  await done;
}

/** One cell (A1) of `chars` characters, as an inline string. */
export function hugeInlineCell(chars: number, ch = 'A'): Readable {
  return concat('<row r="1"><c r="A1" t="inlineStr"><is><t>', repeated(ch, chars), '</t></is></c></row>');
}
