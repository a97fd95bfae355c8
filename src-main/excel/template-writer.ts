import ExcelJS from 'exceljs';
import type { BatchKind } from '../../src-shared/domain/person.js';
import type { CodeTables } from '../../src-shared/rules/code-tables.js';
import { RENEWAL_TEMPLATE_TITLE, TEMPLATE_TITLE } from '../../src-shared/template.js';
import { writeWorkbookAtomically } from './atomic-write.js';
import { DEFAULT_TEMPLATE_ROWS, addTemplateSheet } from './template-layout.js';

export { addTemplateSheet, DEFAULT_TEMPLATE_ROWS, type TemplateLayout, type TemplateLayoutOptions } from './template-layout.js';
export { OutputFileError } from './atomic-write.js';

export interface CollectionTemplateOptions {
  kind: BatchKind;
  tables: CodeTables;
  /** Pre-numbered data rows; 300 by default. */
  rows?: number;
}

/**
 * Writes the empty collection template (附件2) the clerk fills in: the template sheet first (the
 * reader takes the first sheet with a header), the hidden code-table sheet after it. The file is
 * written atomically: on any error `file` is left as it was and an OutputFileError is thrown.
 */
export async function writeCollectionTemplate(file: string, opts: CollectionTemplateOptions): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '执法人员报名助手';
  workbook.title = opts.kind === 'renewal' ? RENEWAL_TEMPLATE_TITLE : TEMPLATE_TITLE;
  workbook.created = new Date();
  workbook.modified = workbook.created;
  addTemplateSheet(workbook, { kind: opts.kind, tables: opts.tables, rows: opts.rows ?? DEFAULT_TEMPLATE_ROWS });
  await writeWorkbookAtomically(workbook, file);
}
