import path from 'node:path';
import { ZodError } from 'zod';
import type { DesktopError } from '../../src-shared/contract/desktop-api.js';
import { isUserFacing, type CodedError } from '../../src-shared/coded-error.js';
import { DB_FILE } from '../store/open-store.js';
import { storageFault } from '../store/storage-fault.js';
import { WorkbookError } from '../excel/workbook-error.js';
import { OutputFileError } from '../excel/atomic-write.js';
import { EvidenceError } from '../evidence/evidence-service.js';
import { PhotoSpecError } from '../../src-node/reference/photo-specs.js';

/** What the window is told when a fault of ours stopped an operation (the details go to the log). */
export const INTERNAL_ERROR: DesktopError = {
  code: 'internal',
  message: '程序内部出错，这次操作没有完成，数据没有改变。请重试；如果一直出现，请把日志文件发给技术支持。',
};

type ErrorClass = abstract new (...args: never[]) => CodedError;

/**
 * The window's code for errors whose own code is finer than the window needs or would clash with
 * another's (a workbook's `not_found` is not a batch's), by exact class. Any other user-facing error
 * is answered with its own code (ServiceError, SyncError, NotReadyError's not_ready, PhotoLockedError's
 * not_editable, the photo errors' photo).
 */
const WINDOW_CODE = new Map<ErrorClass, (e: CodedError) => string>([
  [WorkbookError, () => 'file'],
  [OutputFileError, () => 'file'],
  [EvidenceError, (e) => `evidence.${e.code}`],
  [PhotoSpecError, () => 'photo'],
]);

/**
 * What the window is told about anything a desktop-api call threw, or undefined when it is a fault of
 * ours (the caller logs it and answers INTERNAL_ERROR). A fault of the data folder `dataDir` —
 * read-only, not ours to write, full, or held by another program (issue 14) — comes first, whatever
 * error carried it; then every error that says it is for the user, as it is.
 */
export function desktopErrorOf(e: unknown, dataDir: string): DesktopError | undefined {
  const fault = storageFault(e, dataDir, path.join(dataDir, DB_FILE));
  if (fault) return { code: `store.${fault.code}`, message: fault.message };
  if (isUserFacing(e)) return { code: WINDOW_CODE.get(e.constructor as ErrorClass)?.(e) ?? e.code, message: e.message };
  // A service that checks with a zod schema of its own: the schema's messages are Chinese.
  if (e instanceof ZodError) return { code: 'invalid_input', message: e.issues[0]?.message ?? '填写的内容不对，请检查。' };
  return undefined;
}
