/**
 * The parts of exceljs's streaming WorkbookReader that its type declarations leave out, as both
 * streaming readers use them (the desktop's template reader, the server's record import): a
 * worksheet's `parse()` yields rows in batches, and the workbook's properties say whether serial
 * dates count from 1904.
 */
export interface StreamedCell {
  value: unknown;
  numFmt?: string;
}

export interface StreamedRow {
  number: number;
  values: unknown;
  getCell(col: number): StreamedCell;
}

export interface SheetEvent {
  eventType: string;
  value: unknown;
}

export interface SheetReader {
  name?: string;
  parse(): AsyncIterable<SheetEvent[]>;
}

export interface WorkbookProps {
  properties?: { model?: { date1904?: boolean } };
}
