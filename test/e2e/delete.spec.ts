import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';

/**
 * 删除 and 撤回 (issue 17) at 1366×768 in real Chromium, on the real handlers through the web bridge:
 * a stray (无姓名) person deleted from the people list (the click does not open the form), a queued
 * batch taken back on 人员提交, then deleted from 人员导入's batch table; 首页 counts follow.
 * Screenshots of each confirmation and each result land in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
let stopChild = () => {};
let info: { url: string; token: string; draftBatchNumber: string; queuedBatchNumber: string };

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof info>('test/e2e/start-delete.ts');
  info = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

/** antd's pop-ups zoom in and out: a screenshot waits until they stand still. */
const still = (popup: Locator) => expect(popup).not.toHaveClass(/-(appear|enter|leave)/);
const noMask = (page: Page) => expect(page.locator('.ant-modal-mask')).toHaveCount(0);

const homeCount = async (page: Page, title: string) => {
  await page.getByRole('menuitem', { name: '首页' }).click();
  const value = page.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content-value');
  await expect(value).toBeVisible();
  return Number(await value.innerText());
};

test('删除 a stray person, 撤回 a queued batch and 删除 it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${info.url}/#token=${info.token}`);
  const invalidBefore = await homeCount(page, '有错误待修改');

  // The people list: the stray person has an 操作 cell with 删除; only its confirmation appears.
  await page.getByRole('menuitem', { name: '人员导入' }).click();
  const draftRow = page.getByRole('row').filter({ hasText: info.draftBatchNumber });
  await draftRow.click();
  await expect(page.getByText('共有 4 条数据')).toBeVisible();
  const stray = page.getByRole('row').filter({ hasText: '个错误' }).filter({ has: page.getByRole('button', { name: '删除' }) });
  await expect(stray).toHaveCount(1);
  const link = stray.getByRole('button', { name: '删除' });
  // One line, not one character per line, at 1366 wide.
  expect((await link.boundingBox())!.height).toBeLessThan(30);
  await link.click();
  const confirm = page.locator('.ant-popconfirm').filter({ hasText: '（无姓名）' });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('此人的信息和照片将从本机删除，不能恢复。');
  await expect(page.locator('.ant-drawer-open')).toHaveCount(0);
  await still(confirm);
  await page.screenshot({ path: path.join(shots, '30-人员导入-删除人员确认.png') });
  await confirm.getByRole('button', { name: '删除' }).click();
  await expect(page.getByText('共有 3 条数据')).toBeVisible();
  await expect(page.getByRole('cell', { name: '吴二' })).toBeVisible();
  await expect(page.locator('.ant-drawer-open')).toHaveCount(0);
  await expect(draftRow.getByRole('cell', { name: '3', exact: true })).toBeVisible();
  await page.screenshot({ path: path.join(shots, '31-人员导入-已删除人员.png') });
  expect(await homeCount(page, '有错误待修改')).toBe(invalidBefore - 1);

  // A queued batch has no 删除: it is taken back first, on 人员提交.
  await page.getByRole('menuitem', { name: '人员导入' }).click();
  await expect(page.getByRole('row').filter({ hasText: info.queuedBatchNumber }).getByRole('button', { name: '删除' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: '人员提交' }).click();
  const queuedRow = page.getByRole('row').filter({ hasText: info.queuedBatchNumber });
  await expect(queuedRow).toContainText('排队中');
  await queuedRow.getByRole('button', { name: '撤回' }).click();
  const withdraw = page.locator('.ant-popconfirm').filter({ hasText: `撤回批次 ${info.queuedBatchNumber}` });
  await expect(withdraw).toContainText('批次回到“填报中”');
  await still(withdraw);
  await page.screenshot({ path: path.join(shots, '32-人员提交-撤回确认.png') });
  await withdraw.getByRole('button', { name: '撤回' }).click();
  await expect(queuedRow).toContainText('填报中');
  await expect(queuedRow).not.toContainText('排队中');
  await expect(queuedRow.getByRole('button', { name: '提交' })).toBeVisible();
  await expect(page.locator('.ant-popover:not(.ant-popover-hidden)')).toHaveCount(0);
  await page.screenshot({ path: path.join(shots, '33-人员提交-已撤回.png') });

  // Now 人员导入 offers 删除 for it, saying what goes.
  await page.getByRole('menuitem', { name: '人员导入' }).click();
  const batchRow = page.getByRole('row').filter({ hasText: info.queuedBatchNumber });
  await batchRow.getByRole('button', { name: '删除' }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: `删除批次 ${info.queuedBatchNumber}？` });
  await expect(dialog).toContainText(`删除批次 ${info.queuedBatchNumber}：2 人、2 张照片和 1 份佐证资料将从本机删除，不能恢复。`);
  await still(page.locator('.ant-modal').filter({ hasText: `删除批次 ${info.queuedBatchNumber}？` }));
  await page.screenshot({ path: path.join(shots, '34-人员导入-删除批次确认.png') });
  await dialog.getByRole('button', { name: '删除' }).click();
  await expect(page.getByText(`已删除批次 ${info.queuedBatchNumber}（2 人）。`)).toBeVisible();
  await expect(batchRow).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: info.draftBatchNumber })).toBeVisible();
  await noMask(page);
  await page.screenshot({ path: path.join(shots, '35-人员导入-已删除批次.png') });

  expect(errors).toEqual([]);
});
