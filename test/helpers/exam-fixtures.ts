import type { ExamWindows } from '../../src-shared/exam-status.js';

/** The Guangxi notice's 2026 windows (网络报名、资格审核、交费 8/15–9/18; 网络培训 9/19–10/19; 打印准考证 9/29–10/19; 考试 10/25–11/5). */
export const GUANGXI_2026_WINDOWS: ExamWindows = {
  registration: { start: '2026-08-15', end: '2026-09-18' },
  review: { start: '2026-08-15', end: '2026-09-18' },
  payment: { start: '2026-08-15', end: '2026-09-18' },
  training: { start: '2026-09-19', end: '2026-10-19' },
  admitCard: { start: '2026-09-29', end: '2026-10-19' },
  exam: { start: '2026-10-25', end: '2026-11-05' },
};
