import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { writeBytesAtomically } from './atomic-write.js';
// Teaches exceljs the quote prefix that setCellText sets (see src-node/excel-text.ts).
import '../../src-node/excel-text.js';

/**
 * A workbook written row by row: each committed row is serialised and forgotten, so a file of 50,000
 * people costs the memory of its zip, not of 50,000 rows of cell objects (exceljs's in-memory
 * workbook would hold them all). The zip is collected in memory and then written durably, so the
 * target is either the complete workbook or untouched, with the same Chinese errors as every output.
 */
export interface StreamedWorkbook {
  workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  /** Commits the workbook and writes it to `file` (OutputFileError on failure). */
  save(file: string): Promise<void>;
}

export function streamedWorkbook(title: string): StreamedWorkbook {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  // Styles on (fills, borders, text format); inline strings keep memory flat.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = '执法人员报名助手';
  workbook.title = title;
  return {
    workbook,
    save: (file) =>
      writeBytesAtomically(async () => {
        await workbook.commit();
        return Buffer.concat(chunks);
      }, file),
  };
}

/** Lets the backend answer other calls (and progress be sent) between pages of a long write. */
export const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
