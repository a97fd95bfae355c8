import { CodedError } from '../../src-shared/coded-error.js';

/**
 * A file that cannot be read as a collection template. `message` is one line of Chinese that says
 * what to do; the CLI prints it and exits 2, the app shows it in a dialog.
 */
export type WorkbookErrorCode =
  | 'not_found'
  | 'empty'
  | 'xls'
  | 'et'
  | 'encrypted'
  | 'ods'
  | 'not_workbook'
  | 'corrupt'
  | 'no_header'
  | 'missing_columns'
  | 'too_large'
  /** Several sheets hold people and none can be told to be the one (table-source.ts). */
  | 'several_sheets'
  /** `import` of a template with a header but no person under it. */
  | 'no_rows'
  /** A report of a batch that is no longer being prepared (submitted or closed). */
  | 'batch_locked'
  /** The window's import could not tell a 新报名 list from a 换证 list (template-kind.ts): it asks the clerk. */
  | 'kind_unclear';

export class WorkbookError extends CodedError<WorkbookErrorCode> {
  override name = 'WorkbookError';
  constructor(code: WorkbookErrorCode, message: string) {
    super(code, message, { userFacing: true });
  }
}

/**
 * The window asked to be told, rather than have the reader guess, when a workbook's columns, title and
 * names disagree about 新报名 or 换证. Its own class, so the window gets the code `kind_unclear` (every
 * other WorkbookError reaches it as `file`) and answers with the two choices.
 */
export class KindUnclearError extends WorkbookError {
  override name = 'KindUnclearError';
  constructor(message: string) {
    super('kind_unclear', message);
  }
}
