import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startBackendChild } from './backend-child.js';
import { check, open, still } from './clerk-layout.js';

/**
 * Every clerk screen at 1366×768 (issue 17, item 6), in real Chromium on the real handlers through the
 * web bridge, with realistic data (test/e2e/start-layout.ts: a unit with a long name, 18-character IDs,
 * a batch of 25, a returned person, an upload waiting to retry). On each screen, every table is
 * measured in one layout pass: no horizontal overflow, every header cell inside the table and the
 * window, wider than 30 px and on one line; no body cell wrapping one character per line, no ID or
 * date broken over lines, nothing clipped without an ellipsis. The page has no horizontal scrollbar,
 * the status bar is one line inside the window and the menu's panel reaches it. Screenshots
 * 90-… in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
let stopChild = () => {};
let info: { url: string; token: string; bigBatch: string; people: Record<string, string> };

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof info>('test/e2e/start-layout.ts');
  info = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

test('every clerk screen fits 1366×768: no hidden column, no one-character wrapping, one-line status bar', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${info.url}/#token=${info.token}`);
  await expect(page.getByTestId('status-bar')).toContainText('待提交');
  await expect(page.getByText('审核通过').first()).toBeVisible();
  await check(page, '90-首页.png');

  await open(page, '人员导入');
  await page.getByRole('row').filter({ hasText: info.bigBatch }).click();
  await expect(page.getByText('共有 25 条数据')).toBeVisible();
  await check(page, '91-人员导入-人员.png');
  await page.getByRole('tab', { name: '问题清单' }).click();
  await expect(page.getByRole('tabpanel', { name: '问题清单' }).getByText(/缺少照片/).first()).toBeVisible();
  await check(page, '92-人员导入-问题清单.png');

  await page.getByRole('tab', { name: '人员' }).click();
  await page.getByRole('cell', { name: '欧阳明华', exact: true }).click();
  const drawer = page.locator('.ant-drawer-content-wrapper');
  await expect(drawer).toBeVisible();
  await still(page.locator('.ant-drawer-content-wrapper'));
  await check(page, '93-人员详情-抽屉.png');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  await open(page, '人员提交');
  await expect(page.getByText(/自动重试/).first()).toBeVisible();
  await check(page, '94-人员提交.png');

  await open(page, '人员退回');
  await expect(page.getByRole('cell', { name: '吴五', exact: true })).toBeVisible();
  await check(page, '95-人员退回.png');

  await open(page, '人员管理');
  await expect(page.getByRole('cell', { name: '陈一', exact: true })).toBeVisible();
  await check(page, '96-人员管理.png');

  await open(page, '人员查询');
  await expect(page.getByRole('cell', { name: '梁晨', exact: true })).toBeVisible();
  await check(page, '97-人员查询.png');

  await open(page, '人员记录');
  await expect(page.getByRole('cell', { name: '陈一', exact: true }).first()).toBeVisible();
  await check(page, '98-人员记录.png');

  await open(page, '考试信息');
  await expect(page.getByRole('cell', { name: '陈一', exact: true }).first()).toBeVisible();
  await check(page, '99-考试信息.png');

  await open(page, '同步设置');
  await expect(page.getByLabel('服务器地址')).toBeVisible();
  await check(page, '100-同步设置.png');
  expect(errors).toEqual([]);
});
