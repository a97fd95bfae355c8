import { chinaToday } from '../../src-shared/china-time.js';
import { addDays } from '../../src-shared/rules/dates.js';
import { serverCaller, signInUnit, type SeedAccount } from './seed/server-seed.js';

/**
 * The whole flow's exam (issue 19): 网络报名 open today by the server's own clock (so the clerk's batch
 * takes it by itself), the exam after it. The administrator's first sign-in (the forced password
 * change) happens here; the account answered carries the password to sign in with from then on.
 */
export async function addExamOpenToday(serverUrl: string, admin: SeedAccount): Promise<SeedAccount> {
  const http = serverCaller(serverUrl);
  const password = 'Guangxi2026sfj';
  const token = await signInUnit(http, admin, password);
  const today = chinaToday(new Date());
  await http('POST', '/api/v1/admin/exams', token, {
    name: `${today.slice(0, 4)}年度广西行政执法人员资格考试`,
    category: '综合法律知识考试',
    windows: { registration: { start: addDays(today, -10), end: addDays(today, 10) }, review: null, payment: null, training: null, admitCard: null, exam: { start: addDays(today, 11), end: addDays(today, 12) } },
    feeYuan: 200,
    sites: ['南宁市考点'],
  });
  return { username: admin.username, password };
}
