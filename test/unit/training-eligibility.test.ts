import { describe, expect, it } from 'vitest';
import { eligibilityOf, readStudyHours, tookMockExam, type StudyRecordFacts } from '../../src-shared/training-eligibility.js';

const rec = (hours: string[], examStatus = '未考试', examFinishedAt = ''): StudyRecordFacts => ({ studyDurations: hours, examStatus, examFinishedAt });

describe('eligibilityOf (打印准考证: ≥ 6 学时 and ≥ 1 mock exam by default)', () => {
  it('no records: nothing done, not eligible, says what is missing', () => {
    expect(eligibilityOf([])).toEqual({
      studyHours: 0, studyHoursRequired: 6, mockExams: 0, mockExamsRequired: 1, eligible: false, records: 0, missing: '还差 6 学时、1 次模拟考试',
    });
  });

  it('exactly 6 学时 and one mock exam is enough', () => {
    const e = eligibilityOf([rec(['6', '0', '6'], '已考试', '2026-10-01 10:00:00')]);
    expect(e).toMatchObject({ studyHours: 6, mockExams: 1, eligible: true, missing: '' });
  });

  it('5.5 学时 is not enough, even with mock exams', () => {
    const e = eligibilityOf([rec(['5.5', '', ''], '已考试'), rec(['0', '0', '0'], '考试完成')]);
    expect(e).toMatchObject({ studyHours: 5.5, mockExams: 2, eligible: false, missing: '还差 0.5 学时' });
  });

  it('enough 学时 without a mock exam is not enough', () => {
    expect(eligibilityOf([rec(['20', '0', '20'])])).toMatchObject({ studyHours: 20, mockExams: 0, eligible: false, missing: '还差 1 次模拟考试' });
  });

  it('sums 学时 over a person’s enrolments, taking each row’s largest 学习总时长 (not the three columns added up)', () => {
    const e = eligibilityOf([rec(['3', '0', '3']), rec(['0', '2', '2'], '未考试', '2026-10-02 09:00')]);
    expect(e).toMatchObject({ studyHours: 5, mockExams: 1, records: 2 });
  });

  it('other rule numbers: 10 学时 and 2 mock exams; 0 and 0 lets everyone print', () => {
    const records = [rec(['8'], '已考试'), rec(['2'], '已考试')];
    expect(eligibilityOf(records, { studyHours: 10, mockExams: 2 })).toMatchObject({ eligible: true, studyHoursRequired: 10, mockExamsRequired: 2 });
    expect(eligibilityOf(records, { studyHours: 10, mockExams: 3 })).toMatchObject({ eligible: false, missing: '还差 1 次模拟考试' });
    expect(eligibilityOf([], { studyHours: 0, mockExams: 0 })).toMatchObject({ eligible: true, missing: '' });
  });

  it('fractions of 学时 add up without floating-point noise', () => {
    expect(eligibilityOf([rec(['0.1']), rec(['0.2'])]).studyHours).toBe(0.3);
  });
});

describe('reading the export’s cells', () => {
  it.each([
    ['6', 6], ['6.5', 6.5], ['6学时', 6], [' 6 小时 ', 6], ['６', 6], ['', 0], ['未学习', 0], ['-3', 0], ['1,000', 0],
  ])('学习总时长 %j reads as %d', (text, hours) => {
    expect(readStudyHours(text)).toBe(hours);
  });

  it.each([
    ['未考试', '', false], ['', '', false], ['未参加', '', false], ['已考试', '', true], ['考试完成', '', true], ['未考试', '2026-10-01', true],
  ])('考试状态 %j with 考试完成时间 %j: taken = %s', (examStatus, examFinishedAt, taken) => {
    expect(tookMockExam({ examStatus, examFinishedAt })).toBe(taken);
  });
});
