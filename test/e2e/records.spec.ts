import fs from 'node:fs';
import path from 'node:path';
import { startBackendChild } from './backend-child.js';
import { expect, test, type Page } from '@playwright/test';

/**
 * 人员管理, 人员查询, 人员记录 and 考试信息 in real Chromium, on the real handlers through the web
 * bridge, over a store where batches were submitted, reviewed and pulled (test/e2e/start-records-bridge.ts):
 * the lists with their totals, the search by 姓名, 身份证号 and 申请日期, the masked initial password
 * with 显示 and 复制, 查看 with the review records. Screenshots go to test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
let stopChild = () => {};
let info: { url: string; token: string; batchA: string; batchB: string; people: Record<string, string> };

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  // The 申请日期 shown are the bridge's local days; pin its zone so they are the seeded ones.
  const started = await startBackendChild<typeof info>('test/e2e/start-records-bridge.ts', { TZ: 'Asia/Shanghai' });
  info = started.info;
  stopChild = started.stop;
});
test.afterAll(() => {
  stopChild();
});

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

async function open(page: Page, menu: string) {
  await page.goto(`${info.url}/#token=${info.token}`);
  await page.getByRole('menuitem', { name: menu }).click();
}

/** Types a range into the 申请日期 picker (both ends) and runs the search. */
async function searchDates(page: Page, from: string, to: string) {
  await page.getByPlaceholder('开始日期').click();
  await page.getByPlaceholder('开始日期').fill(from);
  await page.getByPlaceholder('开始日期').press('Enter');
  await page.getByPlaceholder('结束日期').fill(to);
  await page.getByPlaceholder('结束日期').press('Enter');
  await page.getByRole('button', { name: /^查\s*询$/ }).click();
}

async function searchField(page: Page, placeholder: string, value: string) {
  await page.getByPlaceholder(placeholder).fill(value);
  await page.getByPlaceholder(placeholder).press('Enter');
}

const reset = (page: Page) => page.getByRole('button', { name: /^重\s*置$/ }).click();
const cell = (page: Page, name: string) => page.getByRole('cell', { name, exact: true });

test('人员管理: approved people with study accounts, the password masked, search, 查看', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '人员管理');
  await expect(page.getByText('共有 4 条数据')).toBeVisible();
  for (const n of ['陈一', '林二', '黄三', '周四']) await expect(cell(page, n)).toBeVisible();
  await expect(cell(page, '吴五')).toHaveCount(0);

  // The initial password: masked, 显示 shows it, 复制 puts it on the clipboard and says what to do.
  const row = page.getByRole('row').filter({ hasText: info.people['陈一']! });
  const password = `Pw${info.people['陈一']!.slice(-4)}abcd`;
  await expect(row.getByLabel('陈一的初始密码')).toHaveText('••••••••');
  await expect(page.getByText(password)).toHaveCount(0);
  await row.getByRole('button', { name: /^显\s*示$/ }).click();
  await expect(row.getByLabel('陈一的初始密码')).toHaveText(password);
  await row.getByRole('button', { name: /^复\s*制$/ }).click();
  await expect(page.getByText('已复制陈一的初始密码。请交给本人，首次登录学习平台时须修改密码。')).toBeVisible();
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(password);
  await expect(row.getByRole('cell', { name: '2026-11-02', exact: true })).toBeVisible();
  await page.screenshot({ path: path.join(shots, '10-人员管理.png'), fullPage: true });
  await row.getByRole('button', { name: /^隐\s*藏$/ }).click();
  await expect(row.getByLabel('陈一的初始密码')).toHaveText('••••••••');

  // 姓名, 身份证号 (its start), 申请日期, and nothing found.
  await searchField(page, '姓名或其中的字', '林');
  await expect(page.getByText('共有 1 条数据')).toBeVisible();
  await expect(cell(page, '林二')).toBeVisible();
  await reset(page);
  await expect(page.getByText('共有 4 条数据')).toBeVisible();
  await searchField(page, '身份证号或前几位', '350203');
  await expect(page.getByText('共有 1 条数据')).toBeVisible();
  await expect(cell(page, '周四')).toBeVisible();
  await reset(page);
  await searchDates(page, '2026-11-01', '2026-11-10');
  await expect(page.getByText('共有 3 条数据')).toBeVisible();
  await expect(cell(page, '周四')).toHaveCount(0);
  await reset(page);
  await searchField(page, '姓名或其中的字', '不存在的人');
  await expect(page.getByText('没有符合条件的记录。请换个姓名、身份证号或申请日期再查，或点“重置”查看全部。')).toBeVisible();
  await reset(page);

  // 查看: the person and the review times.
  await page.getByRole('row').filter({ hasText: info.people['黄三']! }).getByRole('button', { name: /^查\s*看$/ }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText('人员详情：黄三')).toBeVisible();
  await expect(drawer.getByText('2026-11-21 10:00:00 县级审核通过')).toBeVisible();
  await expect(drawer.getByText('2026-11-22 11:00:00 市级审核通过')).toBeVisible();
  await expect(drawer.getByText('福州市司法局 李审核')).toBeVisible();
  await page.screenshot({ path: path.join(shots, '10-人员管理-查看.png'), fullPage: true });
  await page.keyboard.press('Escape');
  expect(errors).toEqual([]);
});

test('人员查询: every person with status and training, search by status and name', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '人员查询');
  await expect(page.getByText('共有 6 条数据')).toBeVisible();
  const wu = page.getByRole('row').filter({ hasText: info.people['吴五']! });
  await expect(wu.getByText('已退回')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: info.people['郑六']! }).getByText('未提交')).toBeVisible();
  const chen = page.getByRole('row').filter({ hasText: info.people['陈一']! });
  await expect(chen.getByText('学习完成')).toBeVisible();
  await expect(chen.getByText('通过', { exact: true })).toBeVisible();
  await page.screenshot({ path: path.join(shots, '11-人员查询.png'), fullPage: true });

  await page.getByLabel('审核状态').click();
  await page.getByTitle('审核通过').click();
  await page.getByRole('button', { name: /^查\s*询$/ }).click();
  await expect(page.getByText('共有 4 条数据')).toBeVisible();
  await expect(cell(page, '吴五')).toHaveCount(0);
  await reset(page);
  await searchDates(page, '2026-11-20', '2026-11-20');
  await expect(page.getByText('共有 2 条数据')).toBeVisible();
  await expect(cell(page, '周四')).toBeVisible();
  await expect(cell(page, '吴五')).toBeVisible();
  expect(errors).toEqual([]);
});

test('人员记录: the study records with the manual columns, search by name and ID', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '人员记录');
  await expect(page.getByText('共有 3 条数据')).toBeVisible();
  for (const h of ['手机号', '地区', '单位', '更新时间', '开始时间', '学习状态', '结束时间', '考试状态', '考试成绩', '考试完成时间', '学习总时长']) {
    await expect(page.getByRole('columnheader', { name: h, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('row').filter({ hasText: info.people['陈一']! }).getByText('学习完成')).toBeVisible();
  await page.screenshot({ path: path.join(shots, '12-人员记录.png'), fullPage: true });
  await searchField(page, '姓名或其中的字', '林');
  await expect(page.getByText('共有 1 条数据')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: info.people['林二']! }).getByText('学习中')).toBeVisible();
  await reset(page);
  await searchField(page, '身份证号或前几位', info.people['周四']!.slice(0, 10));
  await expect(page.getByText('共有 1 条数据')).toBeVisible();
  await expect(cell(page, '周四')).toBeVisible();
  expect(errors).toEqual([]);
});

test('考试信息: the exam scores with the manual columns, search by 申请日期', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '考试信息');
  await expect(page.getByText('共有 3 条数据')).toBeVisible();
  for (const h of ['所属地区', '工作单位', '是否通过', '考试成绩', '考试时长', '正式考试次数', '开始考试时间', '考试结束时间', '同步时间']) {
    await expect(page.getByRole('columnheader', { name: h, exact: true })).toBeVisible();
  }
  await expect(cell(page, '52')).toBeVisible();
  await page.screenshot({ path: path.join(shots, '13-考试信息.png'), fullPage: true });
  await searchDates(page, '2026-11-20', '2026-11-20');
  await expect(page.getByText('共有 1 条数据')).toBeVisible();
  await expect(cell(page, '周四')).toBeVisible();
  await expect(cell(page, '91')).toBeVisible();
  expect(errors).toEqual([]);
});
