import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';
import { check, open, still } from './clerk-layout.js';
import { answerPath } from './path-prompt.js';

/**
 * Training on the desktop at 1366×768 (issue 19 items 3 and 4), in real Chromium on the real handlers
 * through the web bridge (test/e2e/start-training-bridge.ts): 人员记录's 培训达标 tab with 已学学时/要求,
 * 模拟考试 and 可打印准考证 by each batch's exam (20 学时 for the first batch, the default 6 for the other),
 * the 可打印 / 不可打印 filter chosen by keyboard, the export read back from the .xlsx; 人员查询's 查看
 * with the 培训课程 of the person's 考试类别 and their progress. Screenshots training-9x in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
let stopChild = () => {};
let info: { url: string; token: string; dataDir: string; people: Record<string, string> };

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof info>('test/e2e/start-training-bridge.ts', { TZ: 'Asia/Shanghai' });
  info = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });

test('人员记录 → 培训达标: 学时 and 模拟考试 against each exam’s rule, the 可打印 filter, the export', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${info.url}/#token=${info.token}`);
  await open(page, '人员记录');
  // The manual's 学习记录 stays the first tab.
  await expect(page.getByRole('tab', { name: '学习记录' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: '培训达标（打印准考证）' }).click();
  const panel = page.getByRole('tabpanel', { name: '培训达标（打印准考证）' });

  const counts = page.getByTestId('eligibility-counts');
  await expect(counts).toContainText('可打印准考证 1 人，不可打印 3 人');
  await expect(panel.getByText('共有 4 条数据')).toBeVisible();
  await expect(row(page, '陈一')).toContainText('25 / 20');
  await expect(row(page, '陈一')).toContainText('1 / 1 次');
  await expect(row(page, '陈一')).toContainText('可打印');
  await expect(row(page, '陈一')).toContainText('2026年度广西行政执法人员资格考试');
  await expect(row(page, '林二')).toContainText('6 / 20');
  await expect(row(page, '林二')).toContainText('还差 14 学时、1 次模拟考试');
  // 周四's batch has no exam: the default 6 学时.
  await expect(row(page, '周四')).toContainText('2 / 6');
  await expect(row(page, '周四')).toContainText('未指定（按默认要求）');
  await expect(row(page, '黄三')).toContainText('0 / 20');
  await check(page, 'training-91-人员记录-培训达标.png');

  // 不可打印 by keyboard: focus the filter, open it, arrow to the option, Enter, then 查询 with Enter.
  const filter = page.getByRole('combobox', { name: '准考证' });
  await filter.focus();
  await page.keyboard.press('Enter');
  const options = page.locator('.ant-select-dropdown');
  await still(options);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('form', { name: '培训达标查询条件' })).toContainText('不可打印准考证');
  await page.getByRole('button', { name: /^查\s*询$/ }).press('Enter');
  await expect(panel.getByText('共有 3 条数据')).toBeVisible();
  await expect(row(page, '陈一')).toHaveCount(0);
  await expect(counts).toContainText('导出的是查询到的 3 人');
  await check(page, 'training-92-人员记录-不可打印.png');

  // 导出培训达标情况: the three, as shown, ID numbers as text.
  const outDir = path.join(info.dataDir, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, '培训达标情况.xlsx');
  await page.getByRole('button', { name: '导出培训达标情况' }).click();
  await answerPath(page, file, '导出培训达标情况：保存到');
  await expect(page.getByText(`培训达标情况已导出到 ${file}，共 3 人。可以用 Excel 或 WPS 打开后打印（A4 横向）。`)).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'training-93-人员记录-导出.png'), animations: 'disabled' });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet('培训达标情况')!;
  const names = [4, 5, 6].map((n) => sheet.getRow(n).getCell(2).value).sort();
  expect(names).toEqual(['周四', '林二', '黄三'].sort());
  const lin = [4, 5, 6].map((n) => sheet.getRow(n)).find((r) => r.getCell(2).value === '林二')!;
  expect(lin.getCell(3).value).toBe(info.people['林二']);
  expect([lin.getCell(6).value, lin.getCell(7).value, lin.getCell(10).value, lin.getCell(11).value]).toEqual([6, 20, '不可打印', '还差 14 学时、1 次模拟考试']);
  expect(errors).toEqual([]);
});

test('人员查询 → 查看: the 培训课程 of the person’s 考试类别 and their progress', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${info.url}/#token=${info.token}`);
  await open(page, '人员查询');
  await row(page, '林二').getByRole('button', { name: /^查\s*看$/ }).click();
  const drawer = page.getByRole('dialog', { name: '人员详情：林二' });
  const courses = drawer.getByTestId('person-courses');
  await courses.scrollIntoViewIfNeeded();
  await expect(courses).toContainText('综合法律知识考试：必修 5.5 学时，选修 1 学时，共 4 门课程。');
  for (const c of ['行政执法基础知识', '中华人民共和国行政处罚法', '中华人民共和国行政许可法', '行政执法案例分析']) await expect(courses.getByRole('cell', { name: c, exact: true })).toBeVisible();
  await expect(courses.getByRole('cell', { name: '乡镇综合执法实务' })).toHaveCount(0);
  await expect(courses).toContainText('6 / 20 学时');
  await expect(courses).toContainText('0 / 1 次');
  await expect(courses).toContainText('还差 14 学时、1 次模拟考试');
  await expect(courses).toContainText('学习平台的记录只有学习总时长，没有逐门课程的明细');
  await still(drawer.locator('xpath=ancestor::div[contains(@class,"ant-drawer-content-wrapper")]'));
  await check(page, 'training-94-人员查询-培训课程.png');
  expect(errors).toEqual([]);
});
