import path from 'node:path';
import type { BatchKind } from '../../src-shared/domain/person.js';
import type { Issue } from '../../src-shared/domain/issue.js';
import type { CodeTables } from '../../src-shared/rules/code-tables.js';
import { readTemplate, type TemplateHeader, type TemplateRow } from '../excel/read-template.js';
import { startRules, type RulesRunner } from '../validation/rules-pipeline.js';
import { markInFileDuplicates } from '../validation/duplicates.js';
import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import { createBatch, findOpenBatchBySource, getBatch, setBatchSource, touchBatch, type BatchExam, type BatchSummary } from '../store/batches-repo.js';
import { countPersons, findOpenPersonsByIdNumber, getPerson, insertPersons, updatePersonData, type CheckedPerson, type OpenPersonRef } from '../store/persons-repo.js';
import { FIELD_KEYS } from '../../src-shared/domain/person.js';
import { KindUnclearError, WorkbookError } from '../excel/workbook-error.js';
import { templateKindOf } from '../../src-shared/template-kind.js';
import { noRowsError } from '../excel/template-table.js';
import type { WorkbookMeta } from '../excel/workbook-meta.js';
import { recordAudit } from '../store/audit-log.js';
import { fileSha256 } from './file-sha256.js';
import { withExamCategoryIssue } from '../../src-shared/rules/exam-category.js';
import { examOfBatch } from '../exams/local-exams.js';

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
  /**
   * Without `kind`: refuse with KindUnclearError when the columns, title and names disagree about
   * 新报名 or 换证 (the window then asks); otherwise the columns decide, as the CLI does.
   */
  askKind?: boolean;
  unit?: string;
  parentUnit?: string;
  /**
   * The exam task a new batch registers for (issue 19), asked only when the file makes a new batch (not
   * for a file imported already or an error report going back into its batch); may throw when the
   * clerk must choose first.
   */
  examForNewBatch?: () => BatchExam | null;
  onProgress?: (phase: ImportPhase, done: number, total?: number) => void;
}

export interface ImportResult {
  batch: BatchSummary;
  /** True when this file had already been imported: nothing was written. */
  unchanged: boolean;
  /** Set when the file was this program's error report of an existing batch, imported back into it. */
  reimport?: { updated: number; added: number; notInFile: number; locked: number };
}

const PROGRESS_EVERY = 500;

export async function importFile(db: Db, file: string, opts: ImportOptions): Promise<ImportResult> {
  const sha256 = await fileSha256(file);
  // The same bytes again: nothing to read. (Same bytes mean the same header, so the same kind.)
  const before = findOpenBatchBySource(db, sha256, opts.kind);
  if (before) return { batch: before, unchanged: true };

  let header: TemplateHeader | undefined;
  let rules: RulesRunner | undefined;
  let meta: WorkbookMeta | undefined;
  const read: TemplateRow[] = [];
  try {
    await readTemplate(file, {
      ...(opts.kind ? { kind: opts.kind } : {}),
      onMeta: (m) => (meta = m),
      onHeader: (h) => {
        // A 问题清单 written here goes back into its batch, whose kind is known.
        if (!opts.kind && opts.askKind && !meta) {
          const decided = templateKindOf({ hasRenewalColumns: h.match.hasRenewalColumns, title: h.title, ...(h.sheet !== undefined ? { sheet: h.sheet } : {}), fileName: path.basename(file) });
          if (!decided.kind) throw new KindUnclearError(`无法确定“${path.basename(file)}”是新报名人员还是换证人员的名单：${decided.why}。请选择这份名单是哪一种。`);
        }
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
  // A template with a header and nobody under it makes no (empty) batch; validate reports 0 rows.
  if (read.length === 0 && !meta) throw noRowsError(path.basename(file));

  const people: CheckedPerson[] = checked.map((c, i) => ({
    rowNumber: c.row,
    seq: c.seq ?? '',
    raw: read[i]!.cells,
    fields: c.fields!,
    issues: c.issues,
  }));
  markInFileDuplicates(people, (p) => p.rowNumber, (p) => p.fields.idNumber);

  const target = meta ? getBatch(db, meta.batchId) : undefined;
  if (meta && target) return reimport(db, file, sha256, target, meta, people, kind, opts);

  const save = db.transaction((): { id: string; already?: BatchSummary } => {
    // Checked again inside the IMMEDIATE transaction: two imports of this file at the same moment (the
    // window and the CLI, a double click) are taken one after the other, and the second finds the
    // first's batch, as a later import would. The unique index batches_one_per_source backs this.
    const already = findOpenBatchBySource(db, sha256, opts.kind);
    if (already) return { id: already.id, already };
    // Checked inside the transaction, so two imports at once cannot both miss each other.
    markOpenDuplicates(people, findOpenPersonsByIdNumber(db, people.map((p) => p.fields.idNumber)));
    const exam = opts.examForNewBatch?.() ?? null;
    markExamCategory(db, people, exam?.id ?? null);
    const batch = createBatch(db, opts.actor, {
      kind,
      exam,
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
    return { id: batch.id };
  });
  const saved = save.immediate();
  if (saved.already) return { batch: saved.already, unchanged: true };
  opts.onProgress?.('saving', people.length, people.length);
  return { batch: getBatch(db, saved.id)!, unchanged: false };
}

/**
 * The clerk's corrected error report, imported back into its batch: people keep their identity (and
 * with it their photos and history); rows with a 序号 the report did not give are new people; people
 * the file no longer has are left as they are (deleting is never a side effect of a missing row).
 */
function reimport(
  db: Db,
  file: string,
  sha256: string,
  batch: BatchSummary,
  meta: WorkbookMeta,
  people: CheckedPerson[],
  kind: BatchKind,
  opts: ImportOptions,
): ImportResult {
  if (batch.kind !== kind) {
    throw new WorkbookError('batch_locked', `这份问题清单属于${batch.kind === 'renewal' ? '换证' : '新办'}人员批次 ${batch.number}，但表格的列与之不符。请使用导出的问题清单原样修改后再导入。`);
  }
  if (batch.status !== 'draft') {
    throw new WorkbookError(
      'batch_locked',
      `这份问题清单属于批次 ${batch.number}，该批次已提交，不能再用表格覆盖。被退回的人员请在“人员退回”中修改。`,
    );
  }
  const counts = { updated: 0, added: 0, notInFile: 0, locked: 0 };
  const already = db.transaction(() => {
    // The same report imported twice at the same moment: the second finds the batch already updated
    // from these bytes and changes nothing, as a later import would.
    const same = findOpenBatchBySource(db, sha256, opts.kind);
    if (same) return same;
    markOpenDuplicates(people, findOpenPersonsByIdNumber(db, people.map((p) => p.fields.idNumber), batch.id));
    markExamCategory(db, people, batch.examId);
    const seen = new Set<number>();
    const fresh: CheckedPerson[] = [];
    for (const p of people) {
      const personId = meta.persons.get(p.seq);
      const before = personId !== undefined && !seen.has(personId) ? getPerson(db, personId) : undefined;
      if (!before || before.batchId !== batch.id) {
        fresh.push(p);
        continue;
      }
      seen.add(before.id);
      if (before.status !== 'draft' && before.status !== 'rejected') {
        counts.locked += 1;
        continue;
      }
      updatePersonData(db, before.id, p, opts.actor.now());
      counts.updated += 1;
      for (const key of FIELD_KEYS) {
        if (before.fields[key] === p.fields[key]) continue;
        recordAudit(db, opts.actor, {
          action: 'person.update', entity: 'person', entityId: String(before.id), field: key,
          oldValue: before.fields[key], newValue: p.fields[key], detail: `从问题清单“${path.basename(file)}”导入`,
        });
      }
    }
    insertPersons(db, batch.id, fresh, opts.actor.now());
    counts.added = fresh.length;
    counts.notInFile = countPersons(db, batch.id) - seen.size - fresh.length;
    setBatchSource(db, batch.id, path.basename(file), sha256);
    touchBatch(db, batch.id, opts.actor.now());
    recordAudit(db, opts.actor, {
      action: 'batch.reimport', entity: 'batch', entityId: batch.id,
      detail: `从问题清单“${path.basename(file)}”更新 ${counts.updated} 人，新增 ${counts.added} 人`,
    });
    return undefined;
  }).immediate();
  if (already) return { batch: already, unchanged: true };
  opts.onProgress?.('saving', people.length, people.length);
  return { batch: getBatch(db, batch.id)!, unchanged: false, reimport: counts };
}

/** exam.category_mismatch for rows whose 考试类别 is not the batch's exam's (the server's rule, said before 提交). */
function markExamCategory(db: Db, people: CheckedPerson[], examId: number | null): void {
  const exam = examOfBatch(db, examId);
  if (!exam) return;
  for (const p of people) p.issues = withExamCategoryIssue(p.issues, p.fields, exam);
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
      message: `身份证号 ${p.fields.idNumber} 已在${where}中报名，同一人只能报名一次。请在人员列表中点这一行的“删除”，或在原批次中修改此人。`,
    });
  }
}
