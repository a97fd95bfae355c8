import { withExamCategoryIssue } from '../../src-shared/rules/exam-category.js';
import type { CheckedPerson } from '../batches/check-persons.js';
import type { Db } from '../db/open-db.js';
import { getExam } from './exams-store.js';

/**
 * Each person whose 考试类别 is not the exam's gets the `exam.category_mismatch` error (issue 19), so
 * the batch is refused per person like any other row error, naming the person, their 类别 and the
 * exam's. `examId` null (no exam in this deployment, or a batch from before exam tasks): nothing to
 * compare. Runs inside the batch's transaction, after the exam gate chose the exam.
 */
export function markExamCategoryMismatches(db: Db, examId: number | null, persons: CheckedPerson[]): void {
  if (examId === null) return;
  const exam = getExam(db, examId);
  if (!exam) return;
  for (const p of persons) p.issues = withExamCategoryIssue(p.issues, { name: p.fields.name, examCategory: p.fields.examCategory }, exam);
}
