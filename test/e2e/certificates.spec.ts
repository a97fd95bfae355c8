import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { startBackendChild } from './backend-child.js';
import { check, open } from './clerk-layout.js';

/**
 * 取证 (issue 19 item 5) at 1366×768, in real Chromium on the real handlers through the web bridge and
 * the real sync server (test/e2e/start-certificates.ts): the unit's passed people wait for the
 * 成绩合格确认公告 date (蓝天 failed and is not listed); the administrator enters it in the console's
 * exam form; after 同步 the clerk's bad rule is refused in Chinese, the good one previews a number per
 * person (nothing kept yet), 保存编号 keeps them (覃志强's validity ends at his retirement), 上传 sends
 * them and the server's 取证名单 has them. Screenshots certificates-9x… in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
let stopChild = () => {};
let info: {
  url: string;
  token: string;
  serverUrl: string;
  admin: { username: string; password: string };
  adminToken: string;
  examId: number;
  examName: string;
  announcedOn: string;
  people: Array<{ name: string; idNumber: string; passed: boolean }>;
};

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof info>('test/e2e/start-certificates.ts');
  info = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

test('取证: the 公告 date from the console, the rule previewed, saved, uploaded and in the 取证名单', async ({ page, context }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${info.url}/#token=${info.token}`);

  // Before the 公告 date: the three passed people are listed, none can be numbered yet.
  await open(page, '取证');
  const summary = page.getByTestId('cert-summary');
  await expect(summary).toHaveText('考试合格 3 人，已编号 0 人，已上传 0 人');
  await expect(page.getByText('等待成绩合格确认公告日期', { exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: '蓝天' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '预览编号' })).toBeDisabled();
  await check(page, 'certificates-90-取证-等待公告.png');

  // The administrator enters the date in the exam's form, by keyboard.
  const consolePage = await context.newPage();
  await consolePage.goto(`${info.serverUrl}/console/`);
  await consolePage.getByLabel('用户名').fill(info.admin.username);
  await consolePage.getByLabel('密码').fill(info.admin.password);
  await consolePage.getByRole('button', { name: '登录' }).click();
  await consolePage.getByRole('menuitem', { name: '考试任务' }).click();
  await consolePage.getByRole('row', { name: new RegExp(info.examName) }).getByRole('button', { name: '编辑' }).click();
  const form = consolePage.getByRole('dialog', { name: /编辑考试/ });
  const dateBox = form.getByLabel('成绩合格确认公告日期');
  await dateBox.click();
  await dateBox.fill(info.announcedOn);
  await dateBox.press('Enter');
  await expect(dateBox).toHaveValue(info.announcedOn);
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expect(form).toBeHidden();
  const panel = consolePage.getByTestId(`exam-certificates-${info.examId}`);
  const [y, m, d] = info.announcedOn.split('-').map(Number) as [number, number, number];
  await expect(panel).toContainText(`成绩合格确认公告：${y}年${m}月${d}日`);
  await consolePage.screenshot({ path: path.join(shots, 'certificates-91-console-公告日期.png') });
  await consolePage.close();

  // 同步 brings the date; the validity shows per person, 覃志强's up to his retirement.
  await open(page, '同步设置');
  await page.getByRole('button', { name: '同步', exact: true }).click();
  await expect(page.getByText(/同步完成/)).toBeVisible();
  await open(page, '取证');
  await expect(page.getByText(`成绩合格确认公告：${info.announcedOn}`)).toBeVisible();
  const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
  await expect(row('韦小宁')).toContainText(`${info.announcedOn} 至 ${y + 5}-${info.announcedOn.slice(5)}`);
  await expect(row('覃志强')).toContainText('到退休');

  // A rule with a placeholder the language does not have: refused in Chinese, nothing previewed.
  const rule = page.getByLabel('编号规则');
  await rule.fill('{单位}{序号:4}');
  await rule.press('Enter');
  await expect(page.getByText('不认识“{单位}”', { exact: false })).toBeVisible();
  await expect(page.getByTestId('cert-preview')).toHaveCount(0);

  // The unit's rule: a preview of every number, nothing kept until 保存编号.
  await rule.fill('{单位代码}{年份}{序号:4}');
  await page.getByLabel('单位代码').fill('450103');
  await page.getByLabel('起始序号').fill('1');
  await page.getByLabel('起始序号').press('Enter');
  const prefix = `450103${y}`;
  await expect(page.getByTestId('cert-preview')).toHaveCount(3);
  await expect(row('韦小宁')).toContainText(`${prefix}0001`);
  await expect(row('覃志强')).toContainText(`${prefix}0003`);
  await expect(page.getByText(`预览：将为 3 人编号，${prefix}0001 至 ${prefix}0003`)).toBeVisible();
  await expect(summary).toHaveText('考试合格 3 人，已编号 0 人，已上传 0 人');
  await check(page, 'certificates-92-取证-预览.png');

  await page.getByRole('button', { name: '保存编号' }).click();
  await expect(page.getByText('已保存 3 个证件号（保存在本机）')).toBeVisible();
  await expect(summary).toHaveText('考试合格 3 人，已编号 3 人，已上传 0 人');
  await expect(page.getByText('待上传', { exact: true })).toHaveCount(3);
  // Saved numbers are never renumbered: nobody is left to preview; 清除未上传 asks first.
  await expect(page.getByRole('button', { name: '预览编号' })).toBeDisabled();
  await page.getByRole('button', { name: '清除未上传' }).click();
  const confirm = page.locator('.ant-popconfirm');
  await expect(confirm).toContainText('清除 3 个未上传的证件号？');
  await confirm.getByRole('button', { name: '取消' }).click();
  await expect(confirm).toBeHidden();
  await expect(summary).toHaveText('考试合格 3 人，已编号 3 人，已上传 0 人');

  await page.getByRole('button', { name: '上传（3）' }).click();
  await expect(page.getByText('上传成功：3 个证件号已报送司法局')).toBeVisible();
  await expect(summary).toHaveText('考试合格 3 人，已编号 3 人，已上传 3 人');
  await expect(page.getByText('已上传', { exact: true })).toHaveCount(3);
  await check(page, 'certificates-93-取证-已上传.png');

  // The server's 取证名单 has the numbers with the validity it computed.
  const res = await fetch(`${info.serverUrl}/api/v1/exports/certificates.xlsx?examId=${info.examId}`, { headers: { authorization: `Bearer ${info.adminToken}` } });
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet('取证名单')!;
  const header = (ws.getRow(2).values as unknown[]).slice(1).map(String);
  const col = (h: string) => header.indexOf(h) + 1;
  const listed = [3, 4, 5].map((r) => [ws.getRow(r).getCell(col('姓名')).text, ws.getRow(r).getCell(col('证件号')).text]);
  expect(listed).toEqual([
    ['韦小宁', `${prefix}0001`],
    ['黄海燕', `${prefix}0002`],
    ['覃志强', `${prefix}0003`],
  ]);
  expect(errors).toEqual([]);
});
