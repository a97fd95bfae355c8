import path from 'node:path';
import type { BatchKind } from '../../src-shared/domain/person.js';
import type { Issue } from '../../src-shared/domain/issue.js';
import type { CodeTables } from '../../src-shared/rules/code-tables.js';
import { readTemplate, type TemplateHeader, type TemplateRow } from '../excel/read-template.js';
import { startRules, type RulesRunner } from '../validation/rules-pipeline.js';
import { markInFileDuplicates } from '../validation/duplicates.js';
import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import { createBatch, findOpenBatchBySource, getBatch, type BatchSummary } from '../store/batches-repo.js';
import { findOpenPersonsByIdNumber, insertPersons, type CheckedPerson, type OpenPersonRef } from '../store/persons-repo.js';
import { recordAudit } from '../store/audit-log.js';
import { fileSha256 } from './file-sha256.js';

/**
 * Importing a filled template into a new batch (人员导入 → 导入). The file is read and checked first;
 * then the batch and all its people are written in ONE transaction: a crash, a killed process or a
 * bad file part way leaves the store exactly as it was. Importing the same file again (same bytes)
 * into an open batch changes nothing and says so.
 */

export type ImportPhase = 'reading' | 'saving';

export interface ImportOptions {
  tables: CodeTables;
  today: string;
  actor: Actor;
  kind?: BatchKind;
  unit?: string;
  parentUnit?: string;
  onProgress?: (phase: ImportPhase, done: number, total?: number) => void;
}

export interface ImportResult {
  batch: BatchSummary;
  /** True when this file had already been imported: nothing was written. */
  unchanged: boolean;
}

const PROGRESS_EVERY = 500;

export async function importFile(db: Db, file: string, opts: ImportOptions): Promise<ImportResult> {
  const sha256 = await fileSha256(file);
  // The same bytes again: nothing to read. (Same bytes mean the same header, so the same kind.)
  const before = findOpenBatchBySource(db, sha256, opts.kind);
  if (before) return { batch: before, unchanged: true };

  let header: TemplateHeader | undefined;
  let rules: RulesRunner | undefined;
  const read: TemplateRow[] = [];
  try {
    await readTemplate(file, {
      ...(opts.kind ? { kind: opts.kind } : {}),
      onHeader: (h) => {
        header = h;
        rules = startRules({ tables: opts.tables, today: opts.today, kind: h.kind, date1904: h.date1904, withFields: true });
      },
      onRow: (r) => {
        read.push(r);
        rules!.push(r);
        if (read.length % PROGRESS_EVERY === 0) opts.onProgress?.('reading', read.length);
      },
    });
  } catch (e) {
    await rules?.finish().catch(() => undefined);
    throw e;
  }
  const kind = header!.kind;
  const checked = await rules!.finish();
  opts.onProgress?.('reading', read.length);

  const people: CheckedPerson[] = checked.map((c, i) => ({
    rowNumber: c.row,
    seq: c.seq ?? '',
    raw: read[i]!.cells,
    fields: c.fields!,
    issues: c.issues,
  }));
  markInFileDuplicates(people, (p) => p.rowNumber, (p) => p.fields.idNumber);

  const save = db.transaction(() => {
    // Checked inside the transaction, so two imports at once cannot both miss each other.
    markOpenDuplicates(people, findOpenPersonsByIdNumber(db, people.map((p) => p.fields.idNumber)));
    const batch = createBatch(db, opts.actor, {
      kind,
      ...(opts.unit !== undefined ? { unit: opts.unit } : {}),
      ...(opts.parentUnit !== undefined ? { parentUnit: opts.parentUnit } : {}),
      sourceFile: path.basename(file),
      sourceSha256: sha256,
    });
    insertPersons(db, batch.id, people, opts.actor.now(), (n) => {
      if (n % PROGRESS_EVERY === 0) opts.onProgress?.('saving', n, people.length);
    });
    const invalid = people.filter((p) => p.issues.some((i) => i.severity === 'error')).length;
    recordAudit(db, opts.actor, {
      action: 'batch.import',
      entity: 'batch',
      entityId: batch.id,
      detail: `从“${path.basename(file)}”导入 ${people.length} 人，其中 ${invalid} 人有错误`,
    });
    return batch.id;
  });
  const id = save.immediate();
  opts.onProgress?.('saving', people.length, people.length);
  return { batch: getBatch(db, id)!, unchanged: false };
}

/** id.duplicate for people already in another open batch of this unit. */
export function markOpenDuplicates(people: ReadonlyArray<{ fields: { idNumber: string }; issues: Issue[] }>, open: Map<string, OpenPersonRef[]>): void {
  for (const p of people) {
    const others = open.get(p.fields.idNumber);
    if (!others?.length) continue;
    const o = others[0]!;
    const where = `批次 ${o.batchNumber}${o.rowNumber !== null ? ` 第 ${o.rowNumber} 行` : ''}（${o.name || '无姓名'}）`;
    p.issues.push({
      field: 'idNumber',
      code: 'id.duplicate',
      severity: 'error',
      value: p.fields.idNumber,
      message: `身份证号 ${p.fields.idNumber} 已在${where}中报名，同一人只能报名一次。请删除这一行，或在原批次中修改此人。`,
    });
  }
}
