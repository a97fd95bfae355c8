import { withExamCategoryIssue } from '../../src-shared/rules/exam-category.js';
import type { Db } from '../store/open-store.js';
import { getBatch } from '../store/batches-repo.js';
import { listPersons, setPersonIssues } from '../store/persons-repo.js';
import { examOfBatch } from './local-exams.js';

/**
 * The batch's people still in the clerk's hands (未提交, 已退回) checked against its exam's 考试类别
 * again, each finding replaced (never doubled); the others went out and are the reviewers' now.
 * Called in the caller's transaction whenever the exam or the people change.
 */
export function recheckExamCategory(db: Db, batchId: string, at: Date): { rechecked: number; mismatched: number } {
  const batch = getBatch(db, batchId);
  if (!batch) return { rechecked: 0, mismatched: 0 };
  const exam = examOfBatch(db, batch.examId);
  let rechecked = 0;
  let mismatched = 0;
  for (const p of listPersons(db, batchId)) {
    if (p.status !== 'draft' && p.status !== 'rejected') continue;
    rechecked++;
    const issues = withExamCategoryIssue(p.issues, { name: p.fields.name, examCategory: p.fields.examCategory }, exam);
    if (issues.some((i) => i.code === 'exam.category_mismatch')) mismatched++;
    if (JSON.stringify(issues) !== JSON.stringify(p.issues)) setPersonIssues(db, p.id, issues, at);
  }
  return { rechecked, mismatched };
}

