import { describe, expect, it } from 'vitest';
import { closingSoon, daysBetween, examTaskState, type ExamWindows } from '../../src-shared/exam-status.js';
import { GUANGXI_2026_WINDOWS as GUANGXI } from '../helpers/exam-fixtures.js';

describe('examTaskState', () => {
  it.each([
    ['2026-08-14', 'not_started', '未开始', null, '明天开始'],
    ['2026-08-15', 'registration', '报名中', '34 天后截止', null],
    ['2026-09-17', 'registration', '报名中', '明天截止', null],
    ['2026-09-18', 'registration', '报名中', '今天截止', null],
    ['2026-09-19', 'training', '培训中', '30 天后截止', null],
    ['2026-09-29', 'admitCard', '打印准考证', '20 天后截止', null],
    ['2026-10-19', 'admitCard', '打印准考证', '今天截止', null],
    ['2026-10-20', 'waiting', '待考试', null, '5 天后开始'],
    ['2026-10-25', 'exam', '考试中', '11 天后截止', null],
    ['2026-11-05', 'exam', '考试中', '今天截止', null],
    ['2026-11-06', 'ended', '已结束', null, null],
  ])('%s: %s %s', (today, code, label, closes, opens) => {
    const s = examTaskState(GUANGXI, today);
    expect(s.code).toBe(code);
    expect(s.label).toBe(label);
    expect(s.closes?.text ?? null).toBe(closes);
    expect(s.opens?.text ?? null).toBe(opens);
  });

  it('lists every stage open today, and 报名 wins while it is open', () => {
    expect(examTaskState(GUANGXI, '2026-09-01').activeStages).toEqual(['registration', 'review', 'payment']);
    expect(examTaskState(GUANGXI, '2026-10-01').activeStages).toEqual(['training', 'admitCard']);
  });

  it('a 资格审核 that runs on after 报名 is 审核中, and the stages a province does not run are skipped', () => {
    const w: ExamWindows = { registration: { start: '2026-03-01', end: '2026-03-10' }, review: { start: '2026-03-01', end: '2026-03-20' }, payment: null, training: null, admitCard: null, exam: { start: '2026-05-10', end: '2026-05-10' } };
    expect(examTaskState(w, '2026-03-11')).toMatchObject({ code: 'review', label: '审核中', closes: { daysLeft: 9 } });
    expect(examTaskState(w, '2026-03-21')).toMatchObject({ code: 'waiting', label: '待考试', stage: 'exam' });
    expect(examTaskState(w, '2026-05-10')).toMatchObject({ code: 'exam', closes: { text: '今天截止' } });
  });

  it('counts days across months and leap days', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-09-18', '2026-09-15')).toBe(-3);
  });
});

describe('closingSoon', () => {
  it('names the open windows that close within the days asked, soonest first', () => {
    expect(closingSoon(GUANGXI, '2026-09-15', 3).map((c) => c.text)).toEqual(['网络报名 3 天后截止', '资格审核 3 天后截止', '交费 3 天后截止']);
    expect(closingSoon(GUANGXI, '2026-09-14', 3)).toEqual([]);
    expect(closingSoon(GUANGXI, '2026-10-19', 0).map((c) => c.text)).toEqual(['网络培训今天截止', '打印准考证今天截止']);
  });
});
