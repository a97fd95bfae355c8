import { expect, test, type Browser, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { startBackendChild } from '../e2e/backend-child.js';
import { signInConsole } from '../e2e/console-sign-in.js';
import { serverCaller } from '../e2e/server-api.js';
import { openExam } from '../e2e/seed/open-exam.js';
import { chinaToday } from '../../src-shared/china-time.js';
import { shoot } from './shoot.js';

/**
 * The pictures of 审核人员使用说明 (docs/manual/reviewer.md) and of the console's part of 管理员与信息技术人员
 * 使用说明 (admin.md): the real console served by the real sync server (test/e2e/start-queue.ts: two
 * review levels, 32 people of two units waiting at 青秀区司法局, 3 of them sent again after a return).
 * The county reviewer works the queue by keyboard; then the administrator's pages, with an exam and a
 * course table entered at the server's API as the console would send them.
 */
type Account = { username: string; password: string };
let env: { url: string; countyReviewer: Account; admin: Account; batchNumbers: string[]; resubmitted: string[]; units: string[] };
let stopChild = () => {};

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  const started = await startBackendChild<typeof env>('test/e2e/start-queue.ts', { TZ: 'Asia/Shanghai' });
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

const api = (token: string, method: string, route: string, body?: unknown, raw?: Buffer) => serverCaller(env.url)(method, `/api/v1${route}`, token, body, raw);
const rows = (page: Page) => page.getByTestId('queue-table').locator('tbody tr.ant-table-row');
const menu = (page: Page, name: string) => page.getByRole('menuitem', { name }).click();

test('审核人员使用说明的插图', async ({ browser }: { browser: Browser }) => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await page.goto(`${env.url}/console/`);
  await page.getByLabel('用户名').fill(env.countyReviewer.username);
  await shoot(page, 'reviewer-sign-in');
  await page.getByLabel('密码').fill(env.countyReviewer.password);
  await page.getByRole('button', { name: /登\s?录/ }).click();
  await expect(rows(page)).toHaveCount(32, { timeout: 15_000 });
  await shoot(page, 'reviewer-queue');

  // The detail of the person under the cursor.
  for (let i = 0; i < 2; i++) await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('approval-outcome')).toBeVisible();
  await shoot(page, 'reviewer-person');
  // 驳回 from the detail: the common reasons on keys 1–9.
  await page.keyboard.press('r');
  const reject = page.getByRole('dialog', { name: /驳回/ });
  await expect(reject).toBeVisible();
  await page.keyboard.press('1');
  await shoot(page, 'reviewer-reject');
  await page.keyboard.press('Escape');
  await expect(reject).toBeHidden();
  // An Esc while the dialog's closing animation still holds the keys is its, not the drawer's: again until the detail has gone.
  await expect(async () => {
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('approval-outcome')).toBeHidden({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });

  // "?" lists every shortcut.
  await page.keyboard.press('Shift+Slash');
  const help = page.getByRole('dialog', { name: '快捷键' });
  await expect(help).toBeVisible();
  await shoot(page, 'reviewer-keyboard');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // Tick three with X and approve with A: the confirmation says where they go next.
  await page.keyboard.press('x');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.keyboard.press('a');
  const confirm = page.getByTestId('approval-confirm');
  await expect(confirm).toBeVisible();
  await shoot(page, 'reviewer-approve-confirm');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/已通过 3 人/)).toBeVisible();

  // One batch chosen in the toolbar: 整批通过.
  await page.getByRole('combobox', { name: '批次', exact: true }).click();
  await page.locator('.ant-select-dropdown').getByText(env.batchNumbers[1]!, { exact: false }).click();
  await expect(page.getByRole('button', { name: /整批通过/ })).toBeVisible();
  await shoot(page, 'reviewer-queue-batch');

  await menu(page, '工作概况');
  await expect(page.locator('.ant-statistic').first()).toBeVisible();
  await shoot(page, 'reviewer-dashboard');
  await menu(page, '批次与导出');
  await expect(page.getByText(env.batchNumbers[0]!)).toBeVisible();
  await shoot(page, 'reviewer-batches');
  await page.close();
});

test('管理员使用说明的插图（控制台）', async ({ browser }: { browser: Browser }) => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const token = ((await (await fetch(`${env.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(env.admin) })).json()) as { token: string }).token;
  // An exam in 网络报名 and the course table, as the administrator enters them.
  const today = chinaToday(new Date());
  await api(token, 'POST', '/admin/exams', openExam(today, `${today.slice(0, 4)}年度行政执法人员资格考试`));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('课程设置');
  for (const r of [
    ['序号', '课程名称', '学时', '必修/选修', '考试类别'],
    [1, '行政执法基础知识', 2, '必修', '综合法律知识考试'],
    [2, '中华人民共和国行政处罚法', 2, '必修', '综合法律知识考试'],
    [3, '中华人民共和国行政许可法', 1.5, '必修', '综合法律知识考试'],
    [4, '行政执法案例分析', 1, '选修', '综合法律知识考试'],
  ]) ws.addRow(r);
  await api(token, 'POST', `/admin/courses/import?fileName=${encodeURIComponent('课程设置.xlsx')}`, undefined, Buffer.from(await wb.xlsx.writeBuffer()));

  await signInConsole(page, env.url, env.admin);
  await expect(page.getByRole('menuitem', { name: '单位与账号' })).toBeVisible({ timeout: 15_000 });
  await menu(page, '单位与账号');
  await expect(page.getByText('青秀区司法局').first()).toBeVisible();
  await shoot(page, 'admin-accounts');
  await menu(page, '学习记录与考试成绩');
  await shoot(page, 'admin-imports');
  // 预览 of a score export: nobody in it is finally approved on this server yet, so every row says why it would not be imported.
  const scores = new ExcelJS.Workbook();
  const sheet = scores.addWorksheet('人员考试成绩');
  sheet.addRow(['序号', '姓名', '身份证号', '手机号', '所属地区', '工作单位', '更新时间', '是否通过', '考试成绩', '考试时长', '正式考试次数', '开始考试时间', '考试结束时间', '同步时间']);
  sheet.addRow([1, '赵建国', '350102199103051011', '', '南宁市', env.units[0], '2027-01-30 10:00:00', '是', '86', '90', '1', '2027-01-26 09:00:00', '2027-01-26 10:30:00', '2027-01-30 10:00:00']);
  sheet.addRow([2, '钱秀英', '350102199103051038', '', '南宁市', env.units[0], '2027-01-30 10:00:00', '否', '52', '90', '1', '2027-01-26 09:00:00', '2027-01-26 10:30:00', '2027-01-30 10:00:00']);
  await page.locator('input[type=file]').setInputFiles({ name: '人员考试成绩.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await scores.xlsx.writeBuffer()) });
  await page.getByRole('button', { name: /预\s?览/ }).click();
  await expect(page.getByText(/预览“人员考试成绩.xlsx”（还没有导入）/)).toBeVisible();
  await shoot(page, 'admin-imports-preview');
  await menu(page, '考试任务');
  await expect(page.getByText(/年度行政执法人员资格考试/).first()).toBeVisible();
  await shoot(page, 'admin-exams');
  await menu(page, '培训课程与达标');
  await expect(page.getByText('行政执法基础知识')).toBeVisible();
  await shoot(page, 'admin-training');
  await menu(page, '审核级别与照片规格');
  await shoot(page, 'admin-settings');
  await menu(page, '桌面端更新');
  await expect(page.getByRole('heading', { name: '桌面端更新' })).toBeVisible();
  await shoot(page, 'admin-updates');
  await page.close();

  // A new reviewer's first sign-in: the password the administrator handed over must be changed first.
  const { jurisdictions } = (await api(token, 'GET', '/admin/directory')) as { jurisdictions: Array<{ id: number; name: string }> };
  const city = jurisdictions.find((j) => j.name === '南宁市司法局')!;
  const added = (await api(token, 'POST', '/admin/users', { username: 'nanning_sfj', displayName: '南宁市司法局审核', role: 'reviewer', jurisdictionId: city.id })) as { initialPassword: string };
  const fresh = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await signInConsole(fresh, env.url, { username: 'nanning_sfj', password: added.initialPassword });
  await expect(fresh.getByRole('button', { name: '保存新密码' })).toBeVisible({ timeout: 15_000 });
  await fresh.mouse.move(1300, 740); // off the form: no field shown hovered
  await shoot(fresh, 'reviewer-first-password');
  await fresh.close();
});
