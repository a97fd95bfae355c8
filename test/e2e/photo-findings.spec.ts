import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';
import { answerPath } from './path-prompt.js';
import { still } from './clerk-layout.js';

/**
 * Photo problems where the clerk looks (issue 17, item 3), at 1366×768 in real Chromium on the real
 * handlers through the web bridge: before any photo, every person shows 缺少照片 (list, 问题清单, the
 * batch's 有错误); 照片导入 of two good and two bad photos names both people with file, ID and finding;
 * the batch then shows 有错误 2, the list and the 问题清单 the photo findings, 首页 and 人员提交 count
 * them before 提交; 查看 → 一键修正 takes one off. Screenshots in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
let stopChild = () => {};
let info: { url: string; token: string; batchNumber: string; photoDir: string; longName: string; people: Array<{ name: string; idNumber: string }> };

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof info>('test/e2e/start-photo-findings.ts');
  info = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, name) });

/**
 * Every header cell of the table lies inside it and inside the window: no column pushed out of sight.
 * Measured in one go in the page, so the table and its cells come from the same layout (a list behind
 * the dialog reloading can shift the centred dialog between two separate measurements).
 */
async function expectAllColumnsShown(page: Page, table: Locator) {
  const { box, cells } = await table.evaluate((el) => {
    type Boxed = { getBoundingClientRect(): { x: number; width: number; height: number } };
    const rect = (e: Boxed) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, width: r.width, height: r.height };
    };
    const t = el as unknown as Boxed & { querySelectorAll(selector: string): ArrayLike<Boxed> };
    return { box: rect(t), cells: Array.from(t.querySelectorAll('thead th')).map(rect) };
  });
  expect(box.x + box.width).toBeLessThanOrEqual(1366);
  for (const b of cells) {
    expect(b.width).toBeGreaterThan(30);
    expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 1);
    // The header is one line: no one-character-per-line wrapping.
    expect(b.height).toBeLessThan(50);
  }
}

const batchRow = (page: Page) => page.locator('.ant-table-row').filter({ hasText: info.batchNumber });
const invalidCell = async (page: Page) => {
  const headers = await page.locator('.ant-table-thead').first().locator('th').allInnerTexts();
  return batchRow(page).locator('td').nth(headers.indexOf('有错误'));
};

test('a batch with 2 bad photos shows 有错误 2 and names them', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${info.url}/#token=${info.token}`);
  const [lin, huang, he, ouyang] = info.people;

  // Before any photo: everyone has 缺少照片, counted in the batch, shown in the list and the 问题清单.
  await page.getByRole('menuitem', { name: '人员导入' }).click();
  await batchRow(page).click();
  await expect(page.getByText('共有 4 条数据')).toBeVisible();
  await expect(await invalidCell(page)).toHaveText('4');
  const people = page.getByRole('tabpanel', { name: '人员' });
  await expect(people.locator('.ant-tag').filter({ hasText: '缺少照片' })).toHaveCount(4);
  await page.getByRole('tab', { name: '问题清单' }).click();
  const findings = page.getByRole('tabpanel', { name: '问题清单' });
  await expect(findings.getByText(/缺少照片：请在人员表单中点“选择照片”，或用“照片导入”/)).toHaveCount(4);
  await shot(page, '40-人员导入-问题清单-缺少照片.png');

  // 照片导入: the result names both bad photos' people, with file, ID, finding and what to do.
  await page.getByRole('button', { name: '照片导入' }).click();
  await answerPath(page, info.photoDir);
  const result = page.getByRole('dialog', { name: '照片导入结果' });
  await expect(result).toBeVisible();
  await expect(result.getByText(/新加照片 4 张.*其中 2 张不符合照片要求/)).toBeVisible();
  const table = result.locator('.ant-table');
  const rows = table.locator('.ant-table-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(huang!.name);
  await expect(rows.nth(0)).toContainText(huang!.idNumber);
  await expect(rows.nth(0)).toContainText(`${huang!.idNumber}.jpg`);
  await expect(rows.nth(0)).toContainText(/像素/);
  await expect(rows.nth(0)).toContainText('可一键修正');
  await expect(rows.nth(1)).toContainText(ouyang!.name);
  await expect(rows.nth(1)).toContainText(ouyang!.idNumber);
  await expect(rows.nth(1)).toContainText(/背景/);
  await expect(rows.nth(1)).toContainText('须换照片');
  await expect(result.getByText(/“可一键修正”的照片：点“查看”/)).toBeVisible();
  // Measured once the dialog has stopped zooming in: mid-animation its cells are scaled unevenly.
  await still(result.locator('xpath=ancestor::div[contains(@class,"ant-modal")][1]'));
  await expectAllColumnsShown(page, table);
  // The long file name ends in "…" on one line; the whole name is in its tooltip.
  const fileCell = rows.nth(1).locator('td').first();
  const fileName = fileCell.locator('span').first();
  expect((await fileName.boundingBox())!.height).toBeLessThan(30);
  expect(await fileCell.evaluate((td) => td.scrollWidth > td.clientWidth)).toBe(true);
  await still(result.locator('xpath=ancestor::div[contains(@class,"ant-modal")][1]'));
  await shot(page, '41-照片导入结果.png');
  // Hovering the cell (not its clipped text, which Playwright would scroll into view inside the cell).
  await fileCell.hover();
  await expect(page.getByRole('tooltip').filter({ hasText: info.longName })).toBeVisible();
  await page.mouse.move(10, 10);
  await expect(page.getByRole('tooltip')).toBeHidden();
  await result.getByRole('button', { name: '知道了' }).click();
  await expect(result).toBeHidden();

  // The batch: 有错误 2; the list shows the two; the 问题清单 their photo findings.
  await expect(await invalidCell(page)).toHaveText('2');
  await page.getByRole('tab', { name: '人员' }).click();
  const rowOf = (name: string) => people.locator('.ant-table-row').filter({ hasText: name });
  await expect(rowOf(huang!.name)).toContainText('照片不符');
  await expect(rowOf(ouyang!.name)).toContainText('照片不符');
  await expect(rowOf(lin!.name)).toContainText('无');
  await expect(rowOf(he!.name)).toContainText('无');
  await shot(page, '42-人员导入-照片问题.png');
  await page.getByRole('tab', { name: '问题清单' }).click();
  await expect(findings.locator('.ant-table-row')).toHaveCount(2);
  await expect(findings.locator('.ant-table-row').filter({ hasText: huang!.name })).toContainText('照片');
  await expect(findings.locator('.ant-table-row').filter({ hasText: ouyang!.name })).toContainText(/背景/);
  await shot(page, '43-人员导入-问题清单-照片问题.png');

  // 首页 and 人员提交 count them before 提交.
  await page.getByRole('menuitem', { name: '首页' }).click();
  await expect(page.locator('.ant-statistic').filter({ hasText: '有错误待修改' }).locator('.ant-statistic-content-value')).toHaveText('2');
  await page.getByRole('menuitem', { name: '人员提交' }).click();
  const submitRow = batchRow(page);
  await expect(submitRow.getByRole('button', { name: '提交', exact: true })).toBeDisabled();
  await submitRow.locator('.ant-tag').filter({ hasText: /^2$/ }).hover();
  await expect(page.getByRole('tooltip').filter({ hasText: '2 人的信息或照片还有问题' })).toBeVisible();
  await still(page.locator('.ant-tooltip').filter({ hasText: '2 人的信息或照片还有问题' }));
  await shot(page, '44-人员提交-照片有问题.png');

  // 查看 from the import result opens the person; 一键修正 takes them off the count.
  await page.getByRole('menuitem', { name: '人员导入' }).click();
  await batchRow(page).click();
  await page.getByRole('button', { name: '照片导入' }).click();
  await answerPath(page, info.photoDir);
  await expect(result.locator('.ant-table-row')).toHaveCount(2);
  // Clicked once the result has stopped zooming in: a click on a growing dialog can land beside 查看.
  await still(result.locator('xpath=ancestor::div[contains(@class,"ant-modal")][1]'));
  await result.locator('.ant-table-row').filter({ hasText: huang!.name }).getByRole('button', { name: '查看' }).click();
  const drawer = page.getByRole('dialog', { name: new RegExp(huang!.name) });
  await drawer.getByRole('button', { name: '一键修正' }).click();
  await expect(page.getByText(/照片已修正/)).toBeVisible();
  await drawer.getByRole('button', { name: '关闭' }).click();
  await expect(drawer).toBeHidden();
  await expect(await invalidCell(page)).toHaveText('1');

  expect(errors).toEqual([]);
});
