import { withExamCategoryIssue } from '../../src-shared/rules/exam-category.js';
import type { CheckedPerson } from '../batches/check-persons.js';
import type { Sql } from '../db/sql.js';
import { getExam } from './exams-store.js';

/**
 * Each person whose 考试类别 is not the exam's gets the `exam.category_mismatch` error (issue 19), so
 * the batch is refused per person like any other row error, naming the person, their 类别 and the
 * exam's. `examId` null (no exam in this deployment, or a batch from before exam tasks): nothing to
 * compare. Runs inside the batch's transaction (`db` is that transaction), after the exam gate chose the exam.
 */
export async function markExamCategoryMismatches(db: Sql, examId: number | null, persons: CheckedPerson[]): Promise<void> {
  if (examId === null) return;
  const exam = await getExam(db, examId);
  if (!exam) return;
  for (const p of persons) p.issues = withExamCategoryIssue(p.issues, { name: p.fields.name, examCategory: p.fields.examCategory }, exam);
}
