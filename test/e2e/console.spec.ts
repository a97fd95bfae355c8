import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { startBackendChild } from './backend-child.js';
import { sofficeConvert } from '../helpers/libreoffice.js';

/**
 * The reviewer's console in real Chromium against the real sync server (two review levels): a unit
 * account is refused; the county reviewer signs in (forced password change), opens a person (photo at
 * real size, evidence inline, history), approves two with the keyboard and rejects one with a common
 * reason; the city reviewer gives final approval to the whole batch and exports the lists, which
 * LibreOffice opens with the right rows; the administrator imports exam scores with one bad row
 * reported and the rest applied. Screenshots of each screen in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
const downloads = path.resolve('test-results/console-downloads');
type Account = { username: string; password: string };
let env: {
  url: string;
  batchNumber: string;
  persons: Array<{ name: string; idNumber: string }>;
  unitToken: string;
  scoresFile: string;
  clerk: Account;
  countyReviewer: Account;
  cityReviewer: Account;
  admin: Account;
};
let stopChild = () => {};

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  fs.rmSync(downloads, { recursive: true, force: true });
  fs.mkdirSync(downloads, { recursive: true });
  const started = await startBackendChild<typeof env>('test/e2e/start-console.ts');
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `console-${name}.png`), fullPage: true });

async function signIn(page: Page, account: Account): Promise<void> {
  await page.goto(`${env.url}/console/`);
  await page.getByLabel('用户名').fill(account.username);
  await page.getByLabel('密码').fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** First login: the server allows nothing but a new password. */
async function firstSignIn(page: Page, account: Account, newPassword: string): Promise<void> {
  await signIn(page, account);
  await expect(page.getByText('这是首次登录')).toBeVisible();
  await page.getByLabel('原密码（管理员给你的初始密码）').fill(account.password);
  await page.getByLabel('新密码', { exact: true }).fill(newPassword);
  await page.getByLabel('再输一遍新密码').fill(newPassword);
  await page.getByRole('button', { name: '保存新密码' }).click();
}

/** Saves what a button downloads; answers the file's path. */
async function download(page: Page, click: () => Promise<void>, as: string): Promise<string> {
  const waiting = page.waitForEvent('download');
  await click();
  const file = path.join(downloads, as);
  await (await waiting).saveAs(file);
  return file;
}

/** The xlsx as LibreOffice reads it, one array of cells per line (UTF-8 CSV). */
function readWithLibreOffice(xlsx: string): string[][] {
  const csv = sofficeConvert(xlsx, 'csv:Text - txt - csv (StarCalc):44,34,76', path.dirname(xlsx));
  return parse(fs.readFileSync(csv, 'utf8'), { relaxColumnCount: true, skipEmptyLines: true }) as string[][];
}

test('a unit account is refused the console', async ({ page }) => {
  await signIn(page, env.clerk);
  await expect(page.getByText('这是执法单位的账号，不能登录审核控制台')).toBeVisible();
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  await shot(page, '01-unit-refused');
});

test('the county reviewer approves two people and rejects one', async ({ page }) => {
  const [zhang, li, wang] = env.persons;
  await firstSignIn(page, env.countyReviewer, 'Qingxiu2026review');
  await expect(page.getByTestId('who')).toHaveText('青秀区司法局 · 县级审核');
  await expect(page.getByTestId('since-last-visit')).toContainText('共 3 人等待你这一级审核');
  await expect(page.getByTestId('queue-table').getByRole('row')).toHaveCount(4); // header + 3
  await shot(page, '02-county-queue');

  // Open the first person: fields, photo at its real 90×120, evidence inline, history.
  await page.getByRole('link', { name: zhang!.name }).click();
  const drawer = page.locator('.ant-drawer');
  await expect(drawer.getByTestId('person-fields')).toContainText(zhang!.idNumber);
  const photo = drawer.getByTestId('photo-real-size');
  await expect(photo).toBeVisible();
  const size = await photo.evaluate((el) => {
    const img = el as unknown as { naturalWidth: number; naturalHeight: number; clientWidth: number; clientHeight: number };
    return [img.naturalWidth, img.naturalHeight, img.clientWidth, img.clientHeight];
  });
  expect(size).toEqual([90, 120, 90, 120]);
  await expect(drawer.getByText('90 × 120 像素')).toBeVisible();
  await shot(page, '03-person-detail');
  await drawer.getByRole('tab', { name: /佐证资料/ }).click();
  await expect(drawer.getByTestId('evidence-pdf')).toBeAttached();
  await drawer.getByRole('button', { name: /在编证明/ }).click();
  await expect(drawer.getByTestId('evidence-image')).toBeVisible();
  await shot(page, '04-evidence');
  await drawer.getByRole('tab', { name: /提交与审核记录/ }).click();
  await expect(drawer.getByTestId('history')).toContainText('第 1 次提交');

  // A approves and moves on to the next person; A again.
  await page.keyboard.press('a');
  await expect(page.locator('.ant-drawer-title')).toContainText(li!.name);
  await expect(page.getByTestId('queue-table').getByRole('row')).toHaveCount(3);
  await page.keyboard.press('a');
  await expect(page.locator('.ant-drawer-title')).toContainText(wang!.name);

  // R opens the rejection: a rejection without a reason is refused; key 1 picks the photo reason.
  await page.keyboard.press('r');
  const dialog = page.getByRole('dialog', { name: `驳回：${wang!.name}` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: /确认驳回/ }).click();
  await expect(dialog.getByText('驳回必须写明原因')).toBeVisible();
  await page.keyboard.press('1');
  await expect(dialog.getByRole('checkbox', { name: /照片不符合要求/ })).toBeChecked();
  await dialog.getByLabel('驳回意见').fill('照片背景不是红色。');
  await shot(page, '05-reject-dialog');
  await page.keyboard.press('Control+Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByText('没有等待你审核的人员。')).toBeVisible();
  await shot(page, '06-county-queue-done');
});

test('the city reviewer gives final approval to the batch and exports the lists', async ({ page }) => {
  const [zhang, li, wang] = env.persons;
  await firstSignIn(page, env.cityReviewer, 'Nanning2026review');
  await expect(page.getByTestId('who')).toHaveText('南宁市司法局 · 市级审核');
  await expect(page.getByTestId('queue-table').getByRole('row')).toHaveCount(3); // header + the two the county approved
  await page.getByRole('combobox', { name: '批次', exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: env.batchNumber }).click();
  await page.getByRole('button', { name: '整批通过（2 人）' }).click();
  await page.getByRole('button', { name: /确认通过/ }).click();
  await expect(page.getByText('已通过 2 人，生成学习账号 2 个。')).toBeVisible();
  await expect(page.getByText('没有等待你审核的人员。')).toBeVisible();

  await page.getByRole('menuitem', { name: '批次与导出' }).click();
  const row = page.getByRole('row', { name: new RegExp(env.batchNumber) });
  await expect(row).toContainText('青秀区市场监督管理局');
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  await shot(page, '07-batches');
  const approved = await download(page, () => row.getByRole('button', { name: '通过名单' }).click(), 'approved.xlsx');
  const rejected = await download(page, () => page.getByRole('button', { name: '导出驳回人员及原因' }).click(), 'rejected.xlsx');

  // LibreOffice reads the full 18-character ID numbers as text, and exactly the right people.
  const approvedLines = readWithLibreOffice(approved);
  const approvedIds = approvedLines.flat().filter((c) => /^\d{17}[\dX]$/.test(c));
  expect(approvedIds.sort()).toEqual([zhang!.idNumber, li!.idNumber].sort());
  expect(approvedLines.flat().join(' ')).toContain(zhang!.name);
  expect(approvedLines.flat().join(' ')).not.toContain(wang!.name);
  const rejectedLines = readWithLibreOffice(rejected);
  const rejectedRow = rejectedLines.find((l) => l.includes(wang!.idNumber));
  expect(rejectedRow, JSON.stringify(rejectedLines)).toBeDefined();
  expect(rejectedRow!.join(' ')).toContain('照片背景不是红色');
  expect(rejectedLines.flat().filter((c) => /^\d{17}[\dX]$/.test(c))).toEqual([wang!.idNumber]);
});

test('the administrator imports exam scores: one bad row reported, the rest applied', async ({ page }) => {
  await firstSignIn(page, env.admin, 'Admin2026console');
  await expect(page.getByTestId('who')).toHaveText('系统管理员');
  // An administrator lands on 工作概况; accounts are the next entry.
  await expect(page.getByTestId('dashboard-title')).toHaveText('全部司法局工作概况');
  await page.getByRole('menuitem', { name: '单位与账号' }).click();

  // A new county reviewer: the initial password is shown once.
  await page.getByLabel('用户名').fill('qingxiu_sfj2');
  await page.getByLabel('姓名').fill('青秀区复核员');
  await page.getByLabel('所属司法局').click();
  await page.getByTitle('青秀区司法局（县级审核）').click();
  await page.getByRole('button', { name: '添加账号' }).click();
  await expect(page.getByTestId('initial-password')).toHaveText(/^\S{12}$/);
  await shot(page, '08-admin-new-account');
  await page.getByRole('button', { name: '我已记下' }).click();
  await expect(page.getByRole('row', { name: /qingxiu_sfj2/ })).toContainText('待首次改密码');

  // The deployment's settings as the server runs them: two levels, the Guangxi photo spec.
  await page.getByRole('menuitem', { name: '审核级别与照片规格' }).click();
  await expect(page.getByRole('radio', { name: /两级审核/ })).toBeChecked();
  await expect(page.getByLabel('照片规格')).toBeAttached();
  await shot(page, '09-admin-settings');
  await page.getByRole('menuitem', { name: '学习记录与考试成绩' }).click();
  await page.getByLabel('人员考试成绩').check();
  await page.getByLabel('选择文件').setInputFiles(env.scoresFile);
  await page.getByRole('button', { name: '预览' }).click();
  const outcome = page.getByTestId('import-outcome');
  await expect(outcome).toContainText('还没有导入');
  await expect(outcome).toContainText('将新增 2 条');
  const problems = page.getByTestId('problem-rows');
  await expect(problems.getByRole('row')).toHaveCount(2); // header + the bad row
  await expect(problems).toContainText('4'); // Excel's row number of the third data row
  await shot(page, '10-import-preview');

  // Nothing reached the unit from the preview.
  const feed = async () =>
    ((await (await fetch(`${env.url}/api/v1/changes?since=0`, { headers: { authorization: `Bearer ${env.unitToken}` } })).json()) as { changes: Array<{ type: string }> }).changes.filter(
      (c) => c.type === 'exam_score',
    ).length;
  expect(await feed()).toBe(0);

  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(outcome).toContainText('新增 2 条');
  await expect(outcome).toContainText('1 行有问题未导入');
  await shot(page, '11-import-done');
  expect(await feed()).toBe(2);
});
