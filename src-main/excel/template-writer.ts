import ExcelJS from 'exceljs';
import type { BatchKind } from '../../src-shared/domain/person.js';
import type { CodeTables } from '../../src-shared/rules/code-tables.js';
import { RENEWAL_TEMPLATE_TITLE, TEMPLATE_TITLE, type TemplateContact } from '../../src-shared/template.js';
import type { PhotoFileWords } from '../../src-shared/photo-file-words.js';
import { writeWorkbookAtomically } from './atomic-write.js';
import { DEFAULT_TEMPLATE_ROWS, addTemplateSheet } from './template-layout.js';

export { addTemplateSheet, DEFAULT_TEMPLATE_ROWS, type TemplateLayout, type TemplateLayoutOptions } from './template-layout.js';
export { OutputFileError } from './atomic-write.js';

export interface CollectionTemplateOptions {
  kind: BatchKind;
  tables: CodeTables;
  /** Pre-numbered data rows; 300 by default. */
  rows?: number;
  /** The photo file type of the spec in force (note ① and the 照片 prompt). */
  photo?: PhotoFileWords;
  /** 联系人 and 联系电话 for the footer (修改资料). */
  contact?: TemplateContact;
}

/** What the template and the error report say beyond the columns: the photo type and the clerk's contact. */
export type TemplateExtras = Pick<CollectionTemplateOptions, 'photo' | 'contact'>;

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
  addTemplateSheet(workbook, {
    kind: opts.kind,
    tables: opts.tables,
    rows: opts.rows ?? DEFAULT_TEMPLATE_ROWS,
    ...(opts.photo ? { photo: opts.photo } : {}),
    ...(opts.contact ? { contact: opts.contact } : {}),
  });
  await writeWorkbookAtomically(workbook, file);
}
