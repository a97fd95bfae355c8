import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';

/**
 * The province chain in the console at 1366×768 against the real sync server (start-province.ts):
 * the administrator adds a department under 自治区司法厅, a unit under it and a reviewer bound to it; the reviewer of
 * 自治区交通运输厅 sees only that department's people and sends two on to the province (the
 * confirmation names 自治区司法厅); the province's reviewer gives the final approval, which makes a
 * study account, and sees 部门初审 / 省级终审 in 工作概况. Serial: each step uses what the one before left.
 */
const shots = path.resolve('test-results/screenshots');
type Account = { username: string; password: string };
let env: { url: string; departmentReviewer: Account; provinceReviewer: Account; admin: Account };
let stopChild = () => {};

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof env>('test/e2e/start-province.ts');
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

/** A screenshot after antd's opening and closing animations (0.3 s at most) have run their course. */
async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(shots, `console-${name}.png`) });
}
async function signIn(page: Page, account: Account): Promise<void> {
  await page.goto(`${env.url}/console/`);
  await page.getByLabel('用户名').fill(account.username);
  await page.getByLabel('密码').fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
}
const rows = (page: Page): Locator => page.getByTestId('queue-table').locator('tbody tr.ant-table-row');
/** Picks an option of an antd Select by its label, by keyboard: type to filter, Enter to take it. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  const box = page.getByRole('combobox', { name: label, exact: true });
  await box.click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

test('the administrator adds a department under the province, a unit under it and a reviewer for its legal office', async ({ page }) => {
  await signIn(page, env.admin);
  await page.getByRole('menuitem', { name: '单位与账号' }).click();
  await page.getByRole('tab', { name: /司法局与省直部门/ }).click();
  await choose(page, '级别', '省直部门');
  await expect(page.getByLabel('名称')).toHaveAttribute('placeholder', '如：自治区交通运输厅');
  await page.getByLabel('名称').fill('南宁铁路局');
  await choose(page, '所属省级司法厅', '自治区司法厅');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await expect(page.getByText('已添加 南宁铁路局。')).toBeVisible();
  const row = page.getByRole('row', { name: /南宁铁路局/ });
  await expect(row.getByRole('cell')).toHaveText(['南宁铁路局', '省直部门', '自治区司法厅']);
  await expect(page.getByRole('row', { name: /自治区交通运输厅/ }).getByRole('cell')).toHaveText(['自治区交通运输厅', '省直部门', '自治区司法厅']);
  await expect(page.getByRole('row', { name: /^自治区司法厅/ }).getByRole('cell')).toHaveText(['自治区司法厅', '省级司法厅', '—']);
  await shot(page, '90-省直部门');

  // A unit of the new department: its people will go to 南宁铁路局 first.
  await page.getByRole('tab', { name: /^执法单位/ }).click();
  await page.getByLabel('执法单位名称').fill('南宁铁路局执法大队');
  await choose(page, '所属司法局', '南宁铁路局（省直部门）');
  await page.getByRole('button', { name: '添加执法单位' }).click();
  await expect(page.getByRole('row', { name: /南宁铁路局执法大队/ }).getByRole('cell')).toHaveText(['南宁铁路局执法大队', '南宁铁路局']);

  await page.getByRole('tab', { name: /^账号/ }).click();
  await page.getByLabel('用户名').fill('nntl_fzc');
  await page.getByLabel('姓名').fill('南宁铁路局法制处');
  await choose(page, '所属司法局', '南宁铁路局（部门法制机构审核）');
  await page.getByRole('button', { name: '添加账号' }).click();
  await expect(page.getByTestId('initial-password')).toHaveText(/^\S{12}$/);
  await page.getByRole('button', { name: '我已记下' }).click();
  await expect(page.getByRole('row', { name: /nntl_fzc/ })).toContainText('南宁铁路局（部门法制机构审核）');
  await expect(page.getByRole('row', { name: new RegExp(env.provinceReviewer.username) })).toContainText('自治区司法厅（省级审核）');
  await shot(page, '91-部门审核账号');
});

test('the department\'s reviewer sees only its own people and sends two on to the province', async ({ page }) => {
  await signIn(page, env.departmentReviewer);
  await expect(page.getByTestId('who')).toHaveText('自治区交通运输厅 · 部门法制机构审核');
  await expect(rows(page)).toHaveCount(3, { timeout: 15_000 });
  await expect(page.getByTestId('queue-table')).not.toContainText('蒙海波'); // 自治区农垦局's
  await expect(page.getByTestId('queue-table')).not.toContainText('陆春梅'); // 青秀区's
  // The detail of the first says where approval leads.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('approval-outcome')).toHaveText('通过后提交自治区司法厅终审');
  await expect(page.getByTestId('person-status')).toHaveText('待审核');
  await shot(page, '92-部门初审-详情');
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-drawer-open')).toHaveCount(0);
  // Tick the first two and approve: the confirmation names the province office with the count.
  await page.keyboard.press('x');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.keyboard.press('a');
  const confirm = page.getByTestId('approval-confirm');
  await expect(confirm).toHaveText('通过后将提交自治区司法厅终审（2 人）。');
  await shot(page, '93-部门初审-通过确认');
  await page.keyboard.press('Enter');
  await expect(page.getByText('已通过 2 人。')).toBeVisible();
  await expect(rows(page)).toHaveCount(1);
});

test('the province\'s reviewer gives the final approval: a study account is made', async ({ page }) => {
  await signIn(page, env.provinceReviewer);
  await expect(page.getByTestId('who')).toHaveText('自治区司法厅 · 省级审核');
  await expect(rows(page)).toHaveCount(2, { timeout: 15_000 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('person-status')).toHaveText('部门法制机构已通过，待省级终审');
  await expect(page.getByText('等待：自治区司法厅（省级）')).toBeVisible();
  await expect(page.getByTestId('approval-outcome')).toHaveText('终审通过：将生成学习账号');
  await page.getByRole('tab', { name: /提交与审核记录/ }).click();
  await expect(page.locator('.ant-drawer-open')).toContainText('部门法制机构通过');
  await shot(page, '94-省级终审-详情');
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-drawer-open')).toHaveCount(0);
  await page.keyboard.press('a');
  await expect(page.getByTestId('approval-confirm')).toHaveText('终审通过：将为 1 人生成学习账号，单位将收到结果。');
  await shot(page, '95-省级终审-通过确认');
  await page.keyboard.press('Enter');
  await expect(page.getByText('已通过 1 人，生成学习账号 1 个。')).toBeVisible();
  await expect(rows(page)).toHaveCount(1);

  // 工作概况: the province's stages, and only the departments' units.
  await page.getByRole('menuitem', { name: '工作概况' }).click();
  await expect(page.getByTestId('dashboard-title')).toHaveText('自治区司法厅工作概况');
  await expect(page.getByTestId('card-waiting')).toContainText('部门 2 · 省级 1');
  const stages = page.getByTestId('stage-table');
  await expect(stages.locator('tbody tr')).toHaveCount(2);
  await expect(stages).toContainText('部门初审');
  await expect(stages).toContainText('省级终审');
  await expect(stages).not.toContainText('县级');
  await expect(page.getByTestId('unit-table')).toContainText('自治区公路发展中心');
  await expect(page.getByTestId('unit-table')).not.toContainText('青秀区');
  await shot(page, '96-省级工作概况');
});
