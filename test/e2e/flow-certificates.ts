import ExcelJS from 'exceljs';
import { expect, type Page } from '@playwright/test';
import { serverCaller } from './server-api.js';

/**
 * The whole flow's last step, 取证 (issue 19 item 5), kept apart from full-flow.spec.ts so the flow's
 * other steps stay readable: the administrator (at the server's API, as the console would) imports the
 * exam scores, everyone passed, and enters the exam's 成绩合格确认公告 date; the clerk syncs, writes the
 * unit's numbering rule, previews, saves and uploads the numbers in 取证; the server's 取证名单 has them.
 */

interface ExamFromServer {
  id: number;
  name: string;
  category: string;
  feeYuan: number;
  sites: string[];
  windows: { exam: { start: string; end: string } } & Record<string, unknown>;
  eligibility?: unknown;
}

const api = (serverUrl: string, token: string, method: string, route: string, body?: unknown, raw?: Buffer) => serverCaller(serverUrl)(method, `/api/v1${route}`, token, body, raw);

/** The administrator's sign-in at the API (the first password change was made by the seed); the token. */
export async function adminToken(serverUrl: string, admin: { username: string; password: string }): Promise<string> {
  const res = await fetch(`${serverUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

export async function certificatesStep(
  page: Page,
  /** `shot`: a screenshot after the screen settled (clerk-layout's check: its layout measured too). */
  o: { serverUrl: string; token: string; people: ReadonlyArray<{ name: string; idNumber: string }>; shot: (name: string) => Promise<void> },
): Promise<void> {
  const { exams } = (await api(o.serverUrl, o.token, 'GET', '/admin/exams')) as { exams: ExamFromServer[] };
  const exam = exams[0]!;
  // 人员考试成绩 from the study platform: everyone passed.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员考试成绩');
  ws.addRow(['序号', '姓名', '身份证号', '是否通过', '考试成绩', '正式考试次数', '开始考试时间']);
  o.people.forEach((p, i) => ws.addRow([i + 1, p.name, p.idNumber, '是', String(85 + i), '1', `${exam.windows.exam.start} 09:00:00`]));
  await api(o.serverUrl, o.token, 'POST', `/admin/records/exam_score/import?fileName=${encodeURIComponent('人员考试成绩.xlsx')}`, undefined, Buffer.from(await wb.xlsx.writeBuffer()));
  // The 公告 date: ten days after the exam's last day.
  const last = new Date(`${exam.windows.exam.end}T00:00:00Z`);
  const announcedOn = new Date(last.getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
  const { id: _id, ...rest } = exam;
  await api(o.serverUrl, o.token, 'PUT', `/admin/exams/${exam.id}`, {
    name: rest.name, category: rest.category, feeYuan: rest.feeYuan, sites: rest.sites, windows: rest.windows, resultsAnnouncedOn: announcedOn,
    ...(rest.eligibility ? { eligibility: rest.eligibility } : {}),
  });

  await page.getByRole('menuitem', { name: '同步设置' }).click();
  await page.getByRole('button', { name: '同步', exact: true }).click();
  await expect(page.getByText(/同步完成/)).toBeVisible();
  await page.getByRole('menuitem', { name: '取证' }).click();
  const summary = page.getByTestId('cert-summary');
  const n = o.people.length;
  await expect(summary).toHaveText(`考试合格 ${n} 人，已编号 0 人，已上传 0 人`);
  await expect(page.getByText(`成绩合格确认公告：${announcedOn}`)).toBeVisible();
  await page.getByLabel('编号规则').fill('{单位代码}{年份}{序号:4}');
  await page.getByLabel('单位代码').fill('450103');
  await page.getByLabel('起始序号').fill('1');
  await page.getByLabel('起始序号').press('Enter');
  const prefix = `450103${announcedOn.slice(0, 4)}`;
  await expect(page.getByTestId('cert-preview')).toHaveCount(n);
  await page.getByRole('button', { name: '保存编号' }).click();
  await expect(page.getByText(`已保存 ${n} 个证件号（保存在本机）`)).toBeVisible();
  await page.getByRole('button', { name: `上传（${n}）` }).click();
  await expect(page.getByText(`上传成功：${n} 个证件号已报送司法局`)).toBeVisible();
  await expect(summary).toHaveText(`考试合格 ${n} 人，已编号 ${n} 人，已上传 ${n} 人`);
  await expect(page.getByText('已上传', { exact: true })).toHaveCount(n);
  await expect(page.getByRole('button', { name: '清除未上传' })).toBeDisabled();
  await o.shot('11-取证-已上传.png');

  // The certificate office's list has every number.
  const res = await fetch(`${o.serverUrl}/api/v1/exports/certificates.xlsx?examId=${exam.id}`, { headers: { authorization: `Bearer ${o.token}` } });
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
  const sheet = book.getWorksheet('取证名单')!;
  const header = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
  const numbers = Array.from({ length: n }, (_, i) => sheet.getRow(3 + i).getCell(header.indexOf('证件号') + 1).text).sort();
  expect(numbers).toEqual(Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`));
}
