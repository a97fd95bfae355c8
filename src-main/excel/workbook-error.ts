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
  | 'batch_locked';

export class WorkbookError extends CodedError<WorkbookErrorCode> {
  override name = 'WorkbookError';
  constructor(code: WorkbookErrorCode, message: string) {
    super(code, message, { userFacing: true });
  }
}
