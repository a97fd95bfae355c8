import { z } from 'zod';

/**
 * Training eligibility (issue 19 item 3; Guangxi notice step 6): a trainee may print the 准考证 only
 * after ≥ 6 学时 of courses and ≥ 1 mock exam (1套在线模拟考试题目). The numbers are an exam setting;
 * people whose batch has no exam are held to the default rule. Pure, so the server (for the console)
 * and the desktop (人员记录, offline) count the same way from the same study records.
 *
 * What the study records tell (the manual's 人员学习记录): one row per study enrolment, keyed by its
 * 开始时间, with three 学习总时长 columns, a 考试状态 (未考试 …), 考试成绩 and 考试完成时间. So:
 * - 学时 of a row: the largest number among its 学习总时长 columns (the export repeats the total; a
 *   later column is sometimes 0 while another holds the hours), read as 学时; a person's 学时 is the sum
 *   over their rows (each row is one enrolment, its own total).
 * - a mock exam: a row whose 考试状态 says it was taken (anything but empty / 未考试 / 未参加 …) or that
 *   has a 考试完成时间; a person's mock exams are the count of such rows.
 */

export interface EligibilityRule {
  /** 学时 of courses required (the notice: 6). */
  studyHours: number;
  /** Mock exams required (the notice: 1). */
  mockExams: number;
}

export const DEFAULT_ELIGIBILITY_RULE: EligibilityRule = { studyHours: 6, mockExams: 1 };

export const STUDY_HOURS_MAX = 200;
export const MOCK_EXAMS_MAX = 20;

export const eligibilityRuleSchema = z.object({
  studyHours: z
    .number({ error: '请填写要求的学时。' })
    .int('学时请填整数。')
    .min(0, '学时不能是负数。')
    .max(STUDY_HOURS_MAX, `学时太大（最多 ${STUDY_HOURS_MAX}），请检查。`),
  mockExams: z
    .number({ error: '请填写要求的模拟考试次数。' })
    .int('模拟考试次数请填整数。')
    .min(0, '模拟考试次数不能是负数。')
    .max(MOCK_EXAMS_MAX, `模拟考试次数太大（最多 ${MOCK_EXAMS_MAX}），请检查。`),
});

/** The parts of a study record (src-shared/contract/sync-feed.ts StudyRecord) the rule reads. */
export interface StudyRecordFacts {
  studyDurations: readonly string[];
  examStatus: string;
  examFinishedAt: string;
}

export interface Eligibility {
  studyHours: number;
  studyHoursRequired: number;
  mockExams: number;
  mockExamsRequired: number;
  /** 可打印准考证: both numbers reached. */
  eligible: boolean;
  /** Study records counted. */
  records: number;
  /** Chinese, what is still missing ('' when eligible): "还差 2 学时、1 次模拟考试". */
  missing: string;
}

/** 20, "6.5", "6学时", "6 小时" -> the number; anything else -> 0. */
export function readStudyHours(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:学时|小时|h)?\s*$/i.exec(text.normalize('NFKC'));
  return m ? Number(m[1]) : 0;
}

const NOT_TAKEN = /^(未考试|未考|未参加|未完成|无|否|-+)?$/;

/** Whether a record shows a mock exam taken. */
export function tookMockExam(r: Pick<StudyRecordFacts, 'examStatus' | 'examFinishedAt'>): boolean {
  if (r.examFinishedAt.trim() !== '') return true;
  return !NOT_TAKEN.test(r.examStatus.replace(/\s+/g, ''));
}

/** 学时 rounded to one decimal, so 0.1 + 0.2 does not show as 0.30000000000000004. */
function oneDecimal(n: number): number {
  return Math.round(n * 10) / 10;
}

export function eligibilityOf(records: readonly StudyRecordFacts[], rule: EligibilityRule = DEFAULT_ELIGIBILITY_RULE): Eligibility {
  const studyHours = oneDecimal(records.reduce((sum, r) => sum + Math.max(0, ...r.studyDurations.map(readStudyHours)), 0));
  const mockExams = records.filter(tookMockExam).length;
  const hoursShort = oneDecimal(rule.studyHours - studyHours);
  const mocksShort = rule.mockExams - mockExams;
  const missing = [hoursShort > 0 ? `${hoursShort} 学时` : '', mocksShort > 0 ? `${mocksShort} 次模拟考试` : ''].filter(Boolean);
  return {
    studyHours,
    studyHoursRequired: rule.studyHours,
    mockExams,
    mockExamsRequired: rule.mockExams,
    eligible: missing.length === 0,
    records: records.length,
    missing: missing.length === 0 ? '' : `还差 ${missing.join('、')}`,
  };
}
