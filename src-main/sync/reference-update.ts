import type { ReferenceResponse } from '../../src-shared/contract/sync-api.js';
import type { Issue } from '../../src-shared/domain/issue.js';
import type { RawRow } from '../../src-shared/domain/person.js';
import { buildLookups } from '../../src-shared/rules/code-tables.js';
import { checkPerson } from '../../src-shared/rules/person.js';
import type { Db } from '../store/open-store.js';
import { localIso, type Actor } from '../store/clock.js';
import { recordAudit } from '../store/audit-log.js';
import { getBatch, renameBatchExams } from '../store/batches-repo.js';
import { batchesWithOpenPeople, listPersons, updatePersonData } from '../store/persons-repo.js';
import { currentPhotosOfOpenPeople, setPhotoIssues } from '../store/photos-repo.js';
import { inspectPhoto } from '../photos/inspect-photo.js';
import { referenceDigest, saveReference, storedReference } from './reference-store.js';
import { withExamCategoryIssue } from '../../src-shared/rules/exam-category.js';
import { examOfBatch } from '../exams/local-exams.js';
import { recheckExamCategory } from '../exams/exam-category-recheck.js';

/** What a new copy of the reference data changed here, for the clerk. */
export interface ReferenceChange {
  changed: boolean;
  rulesVersion: string;
  codeTablesChanged: boolean;
  photoSpecChanged: boolean;
  /** People not yet submitted (or returned) checked again. */
  rechecked: number;
  /** Who has a new error now, with the first new message. */
  newErrors: Array<{ personId: number; name: string; message: string }>;
  /** Who had errors and has none now. */
  nowValid: number;
  /** Photos checked again against a new spec, and how many of them fail it now. */
  photosRechecked: number;
  photosFailing: number;
}

const key = (i: Issue) => `${i.field}|${i.code}|${i.severity}`;

/**
 * Stores the server's reference data and, when it differs from the last copy, checks again every
 * row still in the clerk's hands (draft or returned) — with the new code tables, and the photos with
 * the new spec — so nothing goes out that the server would now refuse, and says what changed.
 */
export async function applyReference(db: Db, reference: ReferenceResponse, actor: Actor, opts: { blobBytes: (sha256: string) => Buffer; today: string }): Promise<ReferenceChange> {
  const before = storedReference(db);
  const result: ReferenceChange = {
    changed: false, rulesVersion: reference.rulesVersion, codeTablesChanged: false, photoSpecChanged: false,
    rechecked: 0, newErrors: [], nowValid: 0, photosRechecked: 0, photosFailing: 0,
  };
  if (before && before.digest === referenceDigest(reference)) {
    // The exam tasks are not in the digest (nothing to check again for them), but a new or extended
    // window must reach the desktop all the same, for 考试信息 and the warnings offline (issue 19).
    if (JSON.stringify(before.reference.exams ?? null) !== JSON.stringify(reference.exams ?? null)) {
      db.transaction(() => {
        saveReference(db, reference, actor.now());
        renameBatchExams(db, reference.exams ?? []);
        // An exam's 考试类别 may have changed: its batches' people are checked against it again.
        for (const batchId of batchesWithOpenPeople(db)) recheckExamCategory(db, batchId, actor.now());
      }).immediate();
    } else if (JSON.stringify(before.reference.fees ?? null) !== JSON.stringify(reference.fees ?? null)) {
      // 交费 turned on or off (issue 19): kept as the server says; there is nothing to check again for it.
      saveReference(db, reference, actor.now());
    } else if (JSON.stringify(before.reference.courses ?? null) !== JSON.stringify(reference.courses ?? null)) {
      // A new course table (人员查询's 培训课程; issue 19): kept as the server says, nothing to check again.
      saveReference(db, reference, actor.now());
    }
    return result;
  }
  result.changed = true;
  result.codeTablesChanged = !before || JSON.stringify(before.reference.codeTables) !== JSON.stringify(reference.codeTables);
  result.photoSpecChanged = !before || JSON.stringify(before.reference.photoSpec) !== JSON.stringify(reference.photoSpec);

  const open = batchesWithOpenPeople(db);
  // Photos first (async, outside the transaction), then everything in one transaction.
  const photoIssues = new Map<number, Issue[]>();
  if (result.photoSpecChanged) {
    for (const r of currentPhotosOfOpenPeople(db)) {
      const inspection = await inspectPhoto({ bytes: opts.blobBytes(r.sha256), fileName: r.fileName }, reference.photoSpec);
      photoIssues.set(r.id, inspection.issues);
    }
  }

  const lookups = buildLookups(reference.codeTables);
  db.transaction(() => {
    saveReference(db, reference, actor.now());
    renameBatchExams(db, reference.exams ?? []);
    for (const [photoId, issues] of photoIssues) {
      setPhotoIssues(db, photoId, issues);
      result.photosRechecked++;
      if (issues.some((i) => i.severity === 'error')) result.photosFailing++;
    }
    for (const batchId of result.codeTablesChanged ? open : []) {
      const batch = getBatch(db, batchId)!;
      for (const p of listPersons(db, batchId)) {
        if (p.status !== 'draft' && p.status !== 'rejected') continue;
        result.rechecked++;
        const again = checkPerson(p.raw as RawRow, { lookups, today: opts.today, kind: batch.kind, date1904: false });
        // Findings the rules do not make (duplicates across rows, the server's own) are kept.
        const kept = p.issues.filter((i) => i.code === 'id.duplicate' || i.message.startsWith('服务器检查：'));
        const merged = [...again.issues, ...kept.filter((k) => !again.issues.some((i) => key(i) === key(k)))];
        const issues = withExamCategoryIssue(merged, again.fields, examOfBatch(db, batch.examId));
        const oldErrors = new Set(p.issues.filter((i) => i.severity === 'error').map(key));
        const fresh = issues.find((i) => i.severity === 'error' && !oldErrors.has(key(i)));
        if (fresh) result.newErrors.push({ personId: p.id, name: p.fields.name, message: fresh.message });
        if (p.errorCount > 0 && !issues.some((i) => i.severity === 'error')) result.nowValid++;
        updatePersonData(db, p.id, { raw: p.raw, fields: again.fields, issues }, actor.now());
      }
    }
    if (!result.codeTablesChanged) for (const batchId of open) recheckExamCategory(db, batchId, actor.now());
    recordAudit(db, actor, {
      action: 'reference.update',
      entity: 'batch',
      entityId: '',
      detail: `服务器的代码表或照片规格有更新（规则版本 ${reference.rulesVersion}）：重新检查 ${result.rechecked} 人，${result.newErrors.length} 人出现新问题；重新检查照片 ${result.photosRechecked} 张，${result.photosFailing} 张不符合新规格（${localIso(actor.now())}）`,
    });
  }).immediate();
  return result;
}
