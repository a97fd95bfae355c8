import type { Issue } from '../domain/issue.js';

/**
 * A person registers for the exam of their batch (issue 19), so their 考试类别 must be that exam's:
 * someone down for 专业法律知识考试 in a batch of the 综合法律知识考试 would sit the wrong paper. Both
 * sides are names in normal form (the code table's `name`; the exam's category is checked against the
 * same table when the administrator saves it), so plain equality is the comparison. The desktop adds
 * this finding to its lists before 提交, the server refuses the person with the same words.
 */
export const EXAM_CATEGORY_MISMATCH = 'exam.category_mismatch' as const;

export interface ExamOfBatch {
  name: string;
  category: string;
}

/**
 * The finding for one person, or null: none when the person has no 考试类别 yet or an unreadable one
 * (`required` / `code.invalid` already say so) — `validCategory` is false then.
 */
export function examCategoryIssue(person: { name: string; examCategory: string }, exam: ExamOfBatch, validCategory = true): Issue | null {
  const own = person.examCategory;
  if (!own || !validCategory || !exam.category || own === exam.category) return null;
  const who = person.name || '此人';
  return {
    field: 'examCategory',
    code: EXAM_CATEGORY_MISMATCH,
    severity: 'error',
    value: own,
    message: `${who}的考试类别是“${own}”，而本批次报名的${exam.name}是“${exam.category}”。请把考试类别改为“${exam.category}”，或把此人放进报${own}的批次。`,
  };
}

/**
 * `issues` with the finding for `exam` in place of any earlier one (the exam or the person's 考试类别
 * may have changed since): what every re-check on the desktop keeps. `exam` null: the batch has none.
 */
export function withExamCategoryIssue(issues: readonly Issue[], person: { name: string; examCategory: string }, exam: ExamOfBatch | null): Issue[] {
  const rest = issues.filter((i) => i.code !== EXAM_CATEGORY_MISMATCH);
  if (!exam) return rest;
  const categoryUnreadable = rest.some((i) => i.field === 'examCategory' && i.severity === 'error');
  const issue = examCategoryIssue(person, exam, !categoryUnreadable);
  return issue ? [...rest, issue] : rest;
}
