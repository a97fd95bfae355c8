import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_PREVIEW_SAMPLE_ROWS, type ImportSampleRow, type ImportSummaryView } from '../../src-shared/contract/sync-api.js';
import { sniffFileType } from '../../src-shared/file-type.js';
import type { Actor } from '../accounts/accounts.js';
import { transaction, type Sql } from '../db/sql.js';
import { ApiError } from '../errors.js';
import { maskIdNumber, readRecordImport, storeRecordImport, type ImportSummary, type RecordImportFile, type StoredRow } from '../records/import-records.js';
import { RecordFileError } from '../records/read-record-table.js';
import { RECORD_KINDS, type RecordKind } from '../records/record-kinds.js';

/**
 * A study-record or exam-score file uploaded from the console: its bytes go to a temp file the server
 * names itself (the reader works on files), are read and checked exactly as the admin command reads
 * them, and the temp file is removed at once. The name the administrator's browser gave is for
 * messages and the audit log only; it never becomes a path.
 */

// ImportSummary (the importer's) and ImportSummaryView (the contract's) must stay the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const SUMMARY_MATCHES_CONTRACT: Same<ImportSummary, ImportSummaryView> = true;
void SUMMARY_MATCHES_CONTRACT;

/** What the reader is told the file is called: decided by its bytes, so the reader judges it by content. */
function internalName(bytes: Uint8Array): string {
  const type = sniffFileType(bytes.subarray(0, 256));
  return `upload${type === 'zip' ? '.xlsx' : type === 'ole' ? '.xls' : '.csv'}`;
}

const VERB_TITLE: Record<string, string> = Object.fromEntries(Object.values(RECORD_KINDS).map((k) => [k.verb, k.title]));

/** The reader's message in the console's words: the administrator's file name, no command-line hints. */
function consoleMessage(message: string, internal: string, display: string): string {
  return message
    .replaceAll(`“${internal}”`, `“${display}”`)
    .replace(/请改用 (import-[a-z-]+) 命令导入它/, (all, verb: string) => (VERB_TITLE[verb] ? `请改在“导入${VERB_TITLE[verb]}”中导入它` : all));
}

/**
 * Reads and checks an uploaded file. Throws ApiError 422 records.file_invalid (the reader's Chinese
 * message) for a file that cannot be used; nothing is written to the store either way.
 */
export async function readUploadedRecordFile(kind: RecordKind, bytes: Uint8Array, fileName: string | undefined): Promise<RecordImportFile> {
  const internal = internalName(bytes);
  const display = fileName ?? `上传的文件${path.extname(internal)}`;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zfbm-import-'));
  try {
    const file = path.join(dir, internal);
    await fs.writeFile(file, bytes, { flag: 'wx', mode: 0o600 });
    const read = await readRecordImport(kind, file);
    read.table.fileName = display;
    return read;
  } catch (e) {
    if (e instanceof RecordFileError) throw new ApiError(422, 'records.file_invalid', consoleMessage(e.message, internal, display));
    throw e;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** A record as the preview shows it: by the manual's column headers, in their order. */
function sampleRow(kind: RecordKind, r: StoredRow): ImportSampleRow {
  const record = r.record as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const c of RECORD_KINDS[kind].spec.columns) {
    if (c.key === 'name' || c.key === 'idNumber') continue;
    const v = record[c.key];
    if (Array.isArray(v)) v.forEach((x, i) => (values[`${c.headers[0]!}${i + 1}`] = String(x ?? '')));
    else values[c.headers[0]!] = v === undefined || v === null ? '' : String(v as string);
  }
  return { row: r.row, name: r.name, idNumber: maskIdNumber(r.idNumber), values };
}

class Rollback extends Error {}

/**
 * What importing the file would do, changing nothing: the real import runs inside a transaction that
 * is then rolled back (records, feed entries and the audit line alike), so the counts are exactly the
 * ones the import would give at this moment.
 */
export async function previewRecordImport(db: Sql, file: RecordImportFile, actor: Actor): Promise<{ summary: ImportSummary; sample: ImportSampleRow[] }> {
  let result: { summary: ImportSummary; sample: ImportSampleRow[] } | undefined;
  try {
    await transaction(db, async (t) => {
      const sample: ImportSampleRow[] = [];
      const summary = await storeRecordImport(t, file, actor, (r) => {
        if (sample.length < ADMIN_PREVIEW_SAMPLE_ROWS) sample.push(sampleRow(file.def.kind, r));
      });
      result = { summary, sample };
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  if (!result) throw new Error('preview produced no result');
  return result;
}
