import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startBackendChild } from './backend-child.js';
import { check, open, still } from './clerk-layout.js';
import { answerPath } from './path-prompt.js';

/**
 * 交费 (issue 19 item 2) at 1366×768 against the real server (start-fees.ts: fees on, the exam at
 * 200 元/人, a submitted batch of two whose people are approved and wait for 已交费): the clerk fills the
 * batch's 交费 in 人员导入 — the taxpayer number's check character is refused in Chinese before anything
 * is saved — with the remittance slip, and it goes to the server; the reviewer sees it in the console's
 * 批次与导出, opens the slip and marks the batch 已交费 by keyboard; the clerk's 同步 brings
 * 已开通网络培训. Last the administrator turns 交费 off in the console's settings, and after 同步 the clerk's
 * window has no 交费 any more. Screenshots fees-… in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
let env: {
  url: string;
  token: string;
  serverUrl: string;
  reviewer: { username: string; password: string };
  admin: { username: string; password: string };
  batchNumber: string;
  slip: string;
};
let stopChild = () => {};

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof env>('test/e2e/start-fees.ts');
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

const FIELDS: Array<[string, string]> = [
  ['流水号/附言', 'GX20260820-0001'],
  ['收据抬头', '南宁市青秀区市场监督管理局'],
  ['纳税人识别号', '91350100M000100Y44'],
  ['领取人', '李明'],
  ['联系电话', '13800138000'],
  ['邮寄地址', '南宁市青秀区民族大道100号'],
];

test('the clerk fills the batch 交费, checked before it is saved, and it goes to the server', async ({ page }) => {
  await page.goto(`${env.url}/#token=${env.token}`);
  await open(page, '人员导入');
  await page.getByRole('cell', { name: env.batchNumber }).click();
  await page.getByRole('button', { name: '交费', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `交费 — 批次 ${env.batchNumber}` });
  await expect(dialog.getByTestId('payment-amount')).toHaveText('400 元');
  await expect(dialog.getByText('未填写')).toBeVisible();
  for (const [label, value] of FIELDS) await dialog.getByLabel(label).fill(value);
  // The mistyped check character is refused in the form, and nothing is saved.
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('纳税人识别号（统一社会信用代码）第 18 位校验码应为 3，现在是 4，请对照证书核对是否抄错。')).toBeVisible();
  await still(dialog.locator('xpath=ancestor::div[contains(@class,"ant-modal")][1]'));
  await check(page, 'fees-01-交费-校验码错误.png');
  await dialog.getByLabel('纳税人识别号').fill('91350100M000100Y43');
  // Without a slip it asks for one.
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('请上传汇款凭证（银行回单的照片或 PDF），再保存交费信息。')).toBeVisible();
  await dialog.getByRole('button', { name: '选择文件' }).click();
  await answerPath(page, env.slip);
  await expect(dialog.getByTestId('payment-slip')).toHaveText('工商银行电子回单.png');
  await check(page, 'fees-02-交费-填好.png');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(/交费信息已保存，正在提交到司法局/)).toBeVisible();
  await expect(dialog).toBeHidden();

  // The push sends it: opened again, the dialog says the server has it.
  await expect
    .poll(async () => {
      await page.getByRole('button', { name: '交费', exact: true }).click();
      const text = await page.getByRole('dialog', { name: /交费 — 批次/ }).locator('.ant-tag').first().textContent();
      await page.getByRole('dialog', { name: /交费 — 批次/ }).getByRole('button', { name: '取消' }).click();
      await expect(page.getByRole('dialog', { name: /交费 — 批次/ })).toBeHidden();
      return text;
    }, { timeout: 30_000 })
    .toBe('已提交，待确认');
});

test('the reviewer sees the 交费 in 批次与导出, opens the slip and marks the batch 已交费 by keyboard', async ({ page }) => {
  await page.goto(`${env.serverUrl}/console/`);
  await page.getByLabel('用户名').fill(env.reviewer.username);
  await page.getByLabel('密码').fill(env.reviewer.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('menuitem', { name: '批次与导出' }).click();
  const row = page.getByRole('row').filter({ hasText: env.batchNumber });
  await expect(row).toContainText('待确认');
  await expect(row).toContainText('400 元');
  await expect(row).toContainText('待交费 2 人');
  await page.screenshot({ path: path.join(shots, 'fees-03-批次与导出.png'), animations: 'disabled' });

  await row.getByRole('button', { name: `批次 ${env.batchNumber} 的交费` }).click();
  const drawer = page.getByRole('dialog', { name: new RegExp(`交费 — 批次 ${env.batchNumber}`) });
  await expect(drawer.getByText('GX20260820-0001')).toBeVisible();
  await expect(drawer.getByText('91350100M000100Y43')).toBeVisible();
  await expect(drawer.getByText('李明（13800138000）')).toBeVisible();
  await expect(drawer.getByTestId('evidence-image')).toBeVisible();
  await expect(drawer.getByText('2 人 × 200 元 = 400 元')).toBeVisible();
  await still(drawer.locator('xpath=ancestor::div[contains(@class,"ant-drawer-content-wrapper")][1]'));
  await page.screenshot({ path: path.join(shots, 'fees-04-交费详情.png') });

  await drawer.getByRole('button', { name: '标记已交费' }).click();
  const confirm = page.getByTestId('paid-confirm');
  await expect(confirm).toContainText('确认后立即为已终审通过的 2 人开通网络培训');
  const ok = page.getByRole('button', { name: '确认已交费（Enter）' });
  await expect(ok).toBeFocused();
  await page.screenshot({ path: path.join(shots, 'fees-05-确认已交费.png') });
  await page.keyboard.press('Enter');
  await expect(page.getByText(`批次 ${env.batchNumber} 已标记为已交费，已开通网络培训 2 人。`)).toBeVisible();
  await expect(drawer.getByTestId('payment-status')).toHaveText('已交费');
  await expect(drawer.getByRole('button', { name: '撤销已交费' })).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'fees-06-已交费.png'), animations: 'disabled' });
});

test('the clerk 同步: 首页 says 已开通网络培训 and the dialog shows it', async ({ page }) => {
  await page.goto(`${env.url}/#token=${env.token}`);
  await open(page, '同步设置');
  await page.getByRole('button', { name: '同步', exact: true }).click();
  await expect(page.getByText(/同步完成.*学习账号 2 个/)).toBeVisible();
  await open(page, '首页');
  await expect(page.getByTestId('home-news')).toContainText('已交费，已开通网络培训 2 人');
  await check(page, 'fees-07-首页-已开通网络培训.png');
  await open(page, '人员导入');
  await page.getByRole('cell', { name: env.batchNumber }).click();
  await page.getByRole('button', { name: '交费', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `交费 — 批次 ${env.batchNumber}` });
  await expect(dialog.getByText(/已确认交费，已开通网络培训 2 人/)).toBeVisible();
  await expect(dialog.getByLabel('领取人')).toBeDisabled();
  await check(page, 'fees-08-交费-已开通.png');
});

test('the administrator turns 交费 off in the console; after 同步 the clerk has no 交费 button', async ({ page }) => {
  await page.goto(`${env.serverUrl}/console/`);
  await page.getByLabel('用户名').fill(env.admin.username);
  await page.getByLabel('密码').fill(env.admin.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('menuitem', { name: '审核级别与照片规格' }).click();
  const fees = page.getByRole('switch', { name: '交费' });
  await expect(fees).toBeChecked();
  await fees.focus();
  await page.keyboard.press('Space');
  await expect(fees).not.toBeChecked();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存，立即生效。')).toBeVisible();
  await expect(page.getByText('不收取考试费：终审通过即开通网络培训')).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'fees-09-设置-交费.png'), animations: 'disabled' });

  await page.goto(`${env.url}/#token=${env.token}`);
  await open(page, '人员导入');
  await expect(page.getByRole('button', { name: '交费', exact: true })).toBeVisible();
  await open(page, '同步设置');
  await page.getByRole('button', { name: '同步', exact: true }).click();
  await expect(page.getByText(/同步完成/)).toBeVisible();
  await open(page, '人员导入');
  await expect(page.getByRole('cell', { name: env.batchNumber })).toBeVisible();
  await expect(page.getByRole('button', { name: '交费', exact: true })).toHaveCount(0);
});
