import { z } from 'zod';
import { fieldKeySchema, type FieldKey, type RawRow } from '../../src-shared/domain/person.js';
import type { Issue } from '../../src-shared/domain/issue.js';
import { buildLookups, type CodeLookups, type CodeTables } from '../../src-shared/rules/code-tables.js';
import { checkPerson } from '../../src-shared/rules/person.js';
import { withExamCategoryIssue } from '../../src-shared/rules/exam-category.js';
import { examOfBatch } from '../exams/local-exams.js';
import { fieldLabel } from '../../src-shared/template.js';
import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import { createBatch, findBatch, getBatch, listBatches, touchBatch, type BatchExam, type BatchSummary } from '../store/batches-repo.js';
import { findOpenPersonsByIdNumber, getPerson, insertPersons, listPersons, samePersonInBatch, updatePersonData, type StoredPerson } from '../store/persons-repo.js';
import { personSyncState, setResubmit } from '../store/person-sync-repo.js';
import { photoFindingsOfBatch, photoHistory } from '../store/photos-repo.js';
import { recordAudit } from '../store/audit-log.js';
import { enqueuePush } from '../store/outbox-repo.js';
import { importFile, markOpenDuplicates, type ImportOptions, type ImportResult } from '../import/import-file.js';
import { writeErrorReport, type ErrorReportSummary } from '../excel/error-report-writer.js';
import { writeCollectionTemplate, type TemplateExtras } from '../excel/template-writer.js';
import type { BatchKind } from '../../src-shared/domain/person.js';
import { CodedError } from '../../src-shared/coded-error.js';

/**
 * The clerk's registration work as plain Node: import, add and edit people, list batches. The
 * Electron IPC handlers and the web bridge call this object; tests call it directly. Every change
 * runs the shared rules again and is written to the audit log in the same transaction.
 */

/** What a form or an IPC call may send for one person: text per field, as typed. */
export const personInputSchema = z.partialRecord(fieldKeySchema, z.string().max(500));
export type PersonInput = z.infer<typeof personInputSchema>;

export class ServiceError extends CodedError<'not_found' | 'invalid_input' | 'not_editable' | 'not_ready'> {
  override name = 'ServiceError';
  constructor(code: ServiceError['code'], message: string) {
    super(code, message, { userFacing: true });
  }
}

export interface ServiceDeps {
  tables: CodeTables;
  actor: Actor;
  /** Today's date, YYYY-MM-DD, for the age rule. */
  today: () => string;
}

/** People past these states are in the reviewers' hands: no silent local edits. */
const EDITABLE: ReadonlySet<StoredPerson['status']> = new Set(['draft', 'rejected']);

export class RegistrationService {
  private readonly lookups: CodeLookups;

  constructor(
    private readonly db: Db,
    private readonly deps: ServiceDeps,
  ) {
    this.lookups = buildLookups(deps.tables);
  }

  importFile(file: string, opts: Pick<ImportOptions, 'kind' | 'askKind' | 'unit' | 'parentUnit' | 'examForNewBatch' | 'onProgress'> = {}): Promise<ImportResult> {
    return importFile(this.db, file, { ...opts, tables: this.deps.tables, today: this.deps.today(), actor: this.deps.actor });
  }

  listBatches(): BatchSummary[] {
    return listBatches(this.db);
  }

  /** By UUID or by the batch number the clerk sees (XZZF…). */
  getBatch(idOrNumber: string): BatchSummary {
    const b = findBatch(this.db, idOrNumber);
    if (!b) throw new ServiceError('not_found', `找不到批次“${idOrNumber}”，请用 batches 命令查看批次号。`);
    return b;
  }

  listPersons(batchIdOrNumber: string): StoredPerson[] {
    return listPersons(this.db, this.getBatch(batchIdOrNumber).id);
  }

  /** 模板: the empty collection template, with drop-downs and prompts. */
  writeTemplate(file: string, kind: BatchKind = 'new', extras: TemplateExtras = {}): Promise<void> {
    return writeCollectionTemplate(file, { kind, tables: this.deps.tables, ...extras });
  }

  /** 导出问题清单: the batch's rows in the template layout, wrong cells red, with a summary sheet. */
  writeErrorReport(batchIdOrNumber: string, file: string, extras: TemplateExtras = {}): Promise<ErrorReportSummary> {
    const batch = this.getBatch(batchIdOrNumber);
    // The photo's findings (or 缺少照片) are the person's too, on the 照片 column, as in the 问题清单.
    const photos = photoFindingsOfBatch(this.db, batch.id);
    const people = listPersons(this.db, batch.id).map((p) => ({ ...p, issues: [...p.issues, ...(photos.get(p.id) ?? [])] }));
    return writeErrorReport(file, { batch, people, tables: this.deps.tables, ...extras });
  }

  getPerson(id: number): StoredPerson {
    const p = getPerson(this.db, id);
    if (!p) throw new ServiceError('not_found', `找不到编号为 ${id} 的人员，可能已被删除，请刷新列表。`);
    return p;
  }

  /**
   * 添加: one person typed into the form. Gender may be left out; the ID decides it. Without a batch
   * (the clerk has none yet, or chose none) a new draft batch is made for them, named as an import's.
   */
  addPerson(batchIdOrNumber: string | undefined, input: unknown, newBatch: { unit?: string; parentUnit?: string; exam?: () => BatchExam | null } = {}): StoredPerson {
    const raw = this.parseInput(input);
    const id = this.db.transaction(() => {
      const batch = batchIdOrNumber === undefined ? this.newDraftBatch(newBatch) : this.getBatch(batchIdOrNumber);
      const checked = this.check(raw, batch, undefined);
      const [newId] = insertPersons(this.db, batch.id, [{ rowNumber: null, seq: '', raw, fields: checked.fields, issues: checked.issues }], this.deps.actor.now());
      recordAudit(this.db, this.deps.actor, {
        action: 'person.add',
        entity: 'person',
        entityId: String(newId),
        detail: `在批次 ${batch.number} 中添加 ${checked.fields.name || '（无姓名）'} ${checked.fields.idNumber}`,
      });
      touchBatch(this.db, batch.id, this.deps.actor.now());
      return newId!;
    }).immediate();
    return this.getPerson(id);
  }

  /** Edits fields of one person; the rules run again and each changed field is audited. */
  updatePerson(personId: number, input: unknown): StoredPerson {
    const changes = this.parseInput(input);
    this.db.transaction(() => {
      const before = this.getPerson(personId);
      if (!this.isEditable(before)) {
        throw new ServiceError('not_editable', '此人已提交审核，不能在本地修改。如需修改，请等待审核结果（被退回后可以修改）。');
      }
      const batch = this.getBatch(before.batchId);
      const raw: RawRow = { ...before.raw, ...changes };
      const after = this.check(raw, batch, before);
      updatePersonData(this.db, personId, { raw, fields: after.fields, issues: after.issues }, this.deps.actor.now());
      for (const key of Object.keys(changes) as FieldKey[]) {
        if (before.fields[key] === after.fields[key] && String(before.raw[key] ?? '') === String(raw[key] ?? '')) continue;
        recordAudit(this.db, this.deps.actor, {
          action: 'person.update',
          entity: 'person',
          entityId: String(personId),
          field: key,
          oldValue: before.fields[key],
          newValue: after.fields[key],
          detail: `修改${fieldLabel(key)}`,
        });
      }
      touchBatch(this.db, batch.id, this.deps.actor.now());
    }).immediate();
    return this.getPerson(personId);
  }

  /**
   * The person form's live findings: the rules on what is typed now, nothing saved. Without a batch
   * (添加 before there is one) the person is checked as a new registration.
   */
  preview(batchIdOrNumber: string | undefined, personId: number | undefined, input: unknown): Issue[] {
    const changes = this.parseInput(input);
    const batch = batchIdOrNumber === undefined ? undefined : this.getBatch(batchIdOrNumber);
    const before = personId === undefined ? undefined : this.getPerson(personId);
    return this.check({ ...(before?.raw ?? {}), ...changes }, batch, before).issues;
  }

  /** Throws not_editable unless the person is a draft or was returned (the photo and the form). */
  assertEditable(personId: number): StoredPerson {
    const p = this.getPerson(personId);
    if (!this.isEditable(p)) {
      throw new ServiceError('not_editable', '此人已提交审核，不能在本地修改照片或信息。如需修改，请等待审核结果（被退回后可以修改）。');
    }
    return p;
  }

  /** A draft, or a returned person not yet sent again (重新提交 ends the editing). */
  private isEditable(p: StoredPerson): boolean {
    if (!EDITABLE.has(p.status)) return false;
    return p.status !== 'rejected' || !personSyncState(this.db, p.id)?.resubmit;
  }

  /**
   * 重新提交: a returned person goes out again, only on the clerk's word — saving or a new photo never
   * sends anything (a half-done fix must not reach the reviewer). Refused while the row or the photo
   * still has errors. The push is queued here and sent when the server is reachable.
   */
  resubmit(personId: number): StoredPerson {
    this.db.transaction(() => {
      const p = this.getPerson(personId);
      const who = p.fields.name || '（无姓名）';
      if (p.status !== 'rejected') throw new ServiceError('not_ready', `${who}没有被退回，不需要重新提交。`);
      if (personSyncState(this.db, personId)?.resubmit) throw new ServiceError('not_ready', `${who}已经重新提交，正在等待发送，不需要再点一次。`);
      const photo = photoHistory(this.db, personId).find((x) => x.current);
      if (!photo) throw new ServiceError('not_ready', `${who}还没有照片，请先点“选择照片”，再重新提交。`);
      const errors = [...p.issues, ...(photo.issues as Issue[])].filter((i) => i.severity === 'error');
      if (errors.length > 0) {
        const where = [...new Set(errors.map((i) => fieldLabel(i.field)))].join('、');
        throw new ServiceError('not_ready', `${who}还有 ${errors.length} 个错误（${where}），请先改正并保存，再重新提交。`);
      }
      const batch = this.getBatch(p.batchId);
      setResubmit(this.db, personId, true);
      enqueuePush(this.db, batch.id, this.deps.actor.now());
      recordAudit(this.db, this.deps.actor, { action: 'person.resubmit', entity: 'person', entityId: String(personId), detail: `退回人员重新提交，已加入待提交队列（批次 ${batch.number}）` });
    }).immediate();
    return this.getPerson(personId);
  }

  /** 添加 without a batch: a new draft batch of the clerk's unit, named as an import's would be. */
  private newDraftBatch({ unit, parentUnit, exam }: { unit?: string; parentUnit?: string; exam?: () => BatchExam | null }): BatchSummary {
    const made = createBatch(this.db, this.deps.actor, { kind: 'new', ...(unit ? { unit } : {}), ...(parentUnit ? { parentUnit } : {}), exam: exam?.() ?? null });
    recordAudit(this.db, this.deps.actor, { action: 'batch.create', entity: 'batch', entityId: made.id, detail: `手工添加人员，新建批次 ${made.number}` });
    return getBatch(this.db, made.id)!;
  }

  private parseInput(input: unknown): RawRow {
    const parsed = personInputSchema.safeParse(input);
    if (!parsed.success) {
      throw new ServiceError('invalid_input', '提交的人员信息格式不对（只能包含采集表中的字段，每项不超过 500 个字），请检查后重试。');
    }
    return parsed.data as RawRow;
  }

  /** The rules, plus duplicates against the same batch and every other open batch. */
  private check(raw: RawRow, batch: BatchSummary | undefined, self: StoredPerson | undefined): { fields: StoredPerson['fields']; issues: Issue[] } {
    const checked = checkPerson(raw, { lookups: this.lookups, today: this.deps.today(), kind: batch?.kind ?? 'new', date1904: false });
    // The batch's exam decides the 考试类别 its people may have (the server's rule, said here first).
    const r = { ...checked, issues: withExamCategoryIssue(checked.issues, checked.fields, examOfBatch(this.db, batch?.examId ?? null)) };
    const id = r.fields.idNumber;
    if (id && !r.issues.some((i) => i.code === 'id.excel_precision')) {
      const inBatch = batch && samePersonInBatch(this.db, batch.id, id, self?.id);
      if (inBatch) {
        r.issues.push({
          field: 'idNumber', code: 'id.duplicate', severity: 'error', value: id,
          message: `身份证号 ${id} 与本批次${inBatch.rowNumber !== null ? `第 ${inBatch.rowNumber} 行` : '中'}的 ${inBatch.name || '（无姓名）'} 重复，同一人只能报名一次。请在人员列表中点多余那一行的“删除”。`,
        });
      } else {
        markOpenDuplicates([r], findOpenPersonsByIdNumber(this.db, [id], batch?.id));
      }
    }
    return r;
  }
}
