import path from 'node:path';
import type { BatchKind } from '../../src-shared/domain/person.js';
import { hasErrors, type Issue } from '../../src-shared/domain/issue.js';
import type { CodeTables } from '../../src-shared/rules/code-tables.js';
import { markInFileDuplicates } from './duplicates.js';
import { readTemplate, type TemplateHeader } from '../excel/read-template.js';
import { startRules, type RulesRunner } from './rules-pipeline.js';
import type { PhotoSpec } from '../../src-shared/photo-spec.js';
import { listPhotoFiles } from '../photos/photo-files.js';
import type { TableFormat } from '../../src-shared/table-formats.js';

/** The CLI's `validate --json` document (DESIGN.md); the desktop shows the same findings. */
export interface RowReport {
  /** Excel row number, 1-based, as Excel shows it. */
  row: number;
  idNumber: string;
  name: string;
  issues: Issue[];
}

export interface PhotoReport {
  file: string;
  issues: Issue[];
}

export interface ValidationReport {
  file: string;
  format: TableFormat;
  /** The sheet read, when the file has sheets. */
  sheet?: string;
  /**
   * Other sheets that also had the template header and were not read (the one with the most people,
   * not counting the manual's sample row, is read), with the people each held.
   */
  skippedSheets?: Array<{ name: string; rows: number }>;
  headerRow: number;
  kind: BatchKind;
  rows: RowReport[];
  photos: PhotoReport[];
  summary: { rows: number; valid: number; invalid: number; fixed: number; warnings: number };
}

export interface ValidateOptions {
  tables: CodeTables;
  today: string;
  kind?: BatchKind;
  /** Also check photos: the files (a folder or files) and the spec they must meet. */
  photos?: { inputs: string[]; spec: PhotoSpec };
  /** Called every few hundred rows with the count so far. */
  onProgress?: (rowsDone: number) => void;
  /** Check every row on this thread, never in the rules worker (same results, slower). */
  inlineRules?: boolean;
}

export async function validateFile(file: string, opts: ValidateOptions): Promise<ValidationReport> {
  let header: TemplateHeader | undefined;
  let rules: RulesRunner | undefined;
  let read = 0;
  let skippedSheets: Array<{ name: string; rows: number }> | undefined;
  try {
    await readTemplate(file, {
      ...(opts.kind ? { kind: opts.kind } : {}),
      onSkippedSheets: (s) => (skippedSheets = s),
      onHeader: (h) => {
        header = h;
        rules = startRules({ tables: opts.tables, today: opts.today, kind: h.kind, date1904: h.date1904, withFields: opts.photos !== undefined }, { inlineOnly: opts.inlineRules === true });
      },
      onRow: (r) => {
        rules!.push(r);
        read += 1;
        if (opts.onProgress && read % 500 === 0) opts.onProgress(read);
      },
    });
  } catch (e) {
    await rules?.finish().catch(() => undefined);
    throw e;
  }
  // The readers reject when there is no header, so both are set here.
  const h = header!;
  const checked = await rules!.finish();
  const report: RowReport[] = checked.map((r) => ({ row: r.row, idNumber: r.idNumber, name: r.name, issues: r.issues }));

  markInFileDuplicates(report, (r) => r.row, (r) => r.idNumber);
  opts.onProgress?.(report.length);

  const photos: PhotoReport[] = [];
  if (opts.photos) {
    const files = listPhotoFiles(opts.photos.inputs);
    const persons = checked.map((r, i) => ({ key: i, photo: r.fields?.photo ?? '', idNumber: r.idNumber }));
    // sharp is loaded only when there are photos to check: a plain validate starts without it.
    const { checkPhotos } = await import('../photos/check-photos.js');
    const result = await checkPhotos(files, persons, opts.photos.spec);
    for (const p of result.photos) report[p.key]!.issues.push(...p.issues);
    for (const m of result.missing) report[m.key]!.issues.push(m.issue);
    for (const u of result.unmatched) photos.push({ file: u.file.name, issues: [u.issue] });
  }

  const invalid = report.filter((r) => hasErrors(r.issues)).length;
  return {
    file: path.basename(file),
    format: h.format,
    ...(h.sheet ? { sheet: h.sheet } : {}),
    ...(skippedSheets ? { skippedSheets } : {}),
    headerRow: h.row,
    kind: h.kind,
    rows: report,
    photos,
    summary: {
      rows: report.length,
      valid: report.length - invalid,
      invalid,
      fixed: report.filter((r) => r.issues.some((i) => i.severity === 'fixed')).length,
      warnings: report.filter((r) => r.issues.some((i) => i.severity === 'warning')).length,
    },
  };
}
