import { describe, expect, it } from 'vitest';
import { examCategoryIssue, withExamCategoryIssue } from '../../../src-shared/rules/exam-category.js';
import type { Issue } from '../../../src-shared/domain/issue.js';

const EXAM = { name: '2026年度广西行政执法人员资格考试', category: '综合法律知识考试' };

describe('a person 考试类别 against the batch exam', () => {
  it('names the person, their 类别 and the exam, and says what to do', () => {
    expect(examCategoryIssue({ name: '张三', examCategory: '专业法律知识考试' }, EXAM)).toEqual({
      field: 'examCategory',
      code: 'exam.category_mismatch',
      severity: 'error',
      value: '专业法律知识考试',
      message: '张三的考试类别是“专业法律知识考试”，而本批次报名的2026年度广西行政执法人员资格考试是“综合法律知识考试”。请把考试类别改为“综合法律知识考试”，或把此人放进报专业法律知识考试的批次。',
    });
    expect(examCategoryIssue({ name: '', examCategory: '乡镇执法考试' }, EXAM)?.message).toMatch(/^此人的考试类别是“乡镇执法考试”/);
  });

  it('says nothing when the 类别 fits, is empty or unreadable, or the exam has none', () => {
    expect(examCategoryIssue({ name: '张三', examCategory: '综合法律知识考试' }, EXAM)).toBeNull();
    expect(examCategoryIssue({ name: '张三', examCategory: '' }, EXAM)).toBeNull();
    expect(examCategoryIssue({ name: '张三', examCategory: '驾驶' }, EXAM, false)).toBeNull();
    expect(examCategoryIssue({ name: '张三', examCategory: '专业法律知识考试' }, { ...EXAM, category: '' })).toBeNull();
  });

  it('replaces an earlier finding instead of adding a second, and drops it without an exam', () => {
    const other: Issue = { field: 'name', code: 'name.invalid', severity: 'error', message: '姓名有误' };
    const person = { name: '张三', examCategory: '专业法律知识考试' };
    const once = withExamCategoryIssue([other], person, EXAM);
    expect(once.map((i) => i.code)).toEqual(['name.invalid', 'exam.category_mismatch']);
    expect(withExamCategoryIssue(once, person, EXAM)).toEqual(once);
    expect(withExamCategoryIssue(once, person, { ...EXAM, category: '专业法律知识考试' })).toEqual([other]);
    expect(withExamCategoryIssue(once, person, null)).toEqual([other]);
  });

  it('leaves an unreadable 考试类别 to its own finding (code.invalid)', () => {
    const invalid: Issue = { field: 'examCategory', code: 'code.invalid', severity: 'error', message: '考试类别“驾驶”不在代码表中' };
    expect(withExamCategoryIssue([invalid], { name: '张三', examCategory: '驾驶' }, EXAM)).toEqual([invalid]);
  });
});
