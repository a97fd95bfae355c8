import fs from 'node:fs';
import path from 'node:path';
import { startBackendChild } from './backend-child.js';
import { expect, test } from '@playwright/test';

/**
 * The clerk's screens in real Chromium, on the real handlers through the web bridge: 首页, the
 * manual's batch table under 人员导入 with the batch's people, the search, 人员退回. Screenshots of
 * each main screen are kept in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
let stopChild = () => {};
let info: { url: string; token: string; batchNumber: string; waitingBatchNumber: string };

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof info>('test/e2e/start-bridge.ts');
  info = started.info;
  stopChild = started.stop;
});
test.afterAll(() => {
  stopChild();
});

test('首页, 人员导入 with the batch and its people, search, 人员退回', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${info.url}/#token=${info.token}`);
  await expect(page.getByText('执法人员报名助手').first()).toBeVisible();
  await expect(page.getByText('审核通过')).toBeVisible();
  await page.screenshot({ path: path.join(shots, '01-首页.png'), fullPage: true });

  await page.getByRole('menuitem', { name: '人员导入' }).click();
  const row = page.getByRole('row').filter({ hasText: info.batchNumber });
  await expect(row).toBeVisible();
  await row.click();
  await expect(page.getByRole('cell', { name: '吴二' })).toBeVisible();
  await expect(page.getByText('共有 3 条数据')).toBeVisible();
  await page.screenshot({ path: path.join(shots, '02-人员导入.png'), fullPage: true });

  await page.getByPlaceholder('按身份证号或姓名查找').fill('郑');
  await page.getByPlaceholder('按身份证号或姓名查找').press('Enter');
  await expect(page.getByText('共有 1 条数据')).toBeVisible();
  await expect(page.getByRole('cell', { name: '周一' })).toHaveCount(0);

  await page.getByRole('menuitem', { name: '人员退回' }).click();
  await expect(page.getByText('没有被退回的人员。')).toBeVisible();
  await page.screenshot({ path: path.join(shots, '03-人员退回.png'), fullPage: true });
  await expect(page.getByTestId('status-bar')).toContainText('未登录同步服务器');
  expect(errors).toEqual([]);
});

test('人员提交: an upload waiting to retry says why and when, and 立即重试 makes it go now', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${info.url}/#token=${info.token}`);
  await page.getByRole('menuitem', { name: '人员提交' }).click();
  const row = page.getByRole('row').filter({ hasText: info.waitingBatchNumber });
  await expect(row).toContainText('排队中');
  await expect(row).toContainText('连不上同步服务器');
  await expect(row).toContainText(/将于 \d{2}:\d{2}:\d{2} 自动重试/);
  await page.screenshot({ path: path.join(shots, '04-人员提交-等待重试.png'), fullPage: true });
  await row.getByRole('button', { name: '立即重试' }).click();
  // Due now (nobody pushes in this bridge): the clock time of the next try is gone.
  await expect(row).not.toContainText('自动重试');
});

test('without the token the page gets nothing from the bridge', async ({ page }) => {
  await page.goto(`${info.url}/`);
  await page.getByRole('menuitem', { name: '人员导入' }).click();
  await expect(page.getByText(/访问令牌/)).toBeVisible();
});

test('添加: a person added and then saved again is one person, edited', async ({ page }) => {
  await page.goto(`${info.url}/#token=${info.token}`);
  await page.getByRole('menuitem', { name: '人员导入' }).click();
  await page.getByRole('row').filter({ hasText: info.batchNumber }).click();
  await expect(page.getByText('共有 3 条数据')).toBeVisible();
  await page.getByRole('button', { name: '添加', exact: true }).click();
  // The drawer is found by what it holds, not by its title: the title is the saved name, which this
  // test changes. The save button is matched by substring: after a save, antd keeps the loading icon
  // (aria-label "loading") in the button while its leave animation runs, so its name is briefly
  // "loading 保存".
  const drawer = page.getByRole('dialog').filter({ has: page.getByLabel('持证人姓名') });
  const save = drawer.getByRole('button', { name: '保存' });
  await expect(drawer).toHaveAccessibleName('添加人员');
  await drawer.getByLabel('持证人姓名').fill('钱四');
  await save.click();
  await expect(page.getByText(/已保存，还有 \d+ 个错误需要修改。/)).toBeVisible();
  await expect(drawer).toHaveAccessibleName(/钱四/);
  await drawer.getByLabel('持证人姓名').fill('钱思');
  await save.click();
  await expect(drawer).toHaveAccessibleName(/钱思/);
  await expect(drawer.getByLabel('持证人姓名')).toHaveValue('钱思');
  await drawer.getByRole('button', { name: '关闭' }).click();
  await expect(drawer).toBeHidden();
  await expect(page.getByText('共有 4 条数据')).toBeVisible();
  await expect(page.getByRole('cell', { name: '钱思' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '钱四' })).toHaveCount(0);
});
