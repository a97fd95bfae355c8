import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';
import { answerPath } from './path-prompt.js';
import { still } from './clerk-layout.js';

/**
 * 人员管理's 导出学习账号 and 打印账号条 in real Chromium at 1366×768, on the real handlers through the
 * web bridge (test/e2e/start-accounts-bridge.ts: four approved people from the records seed and one
 * whose ID ends in X). The buttons write the files where the path prompt says; the files are read
 * back; a folder that does not exist is answered in Chinese. Screenshots go to test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-e2e-accounts-out-'));
let stopChild = () => {};
let info: { url: string; token: string; people: Record<string, string>; xId: string };

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof info>('test/e2e/start-accounts-bridge.ts', { TZ: 'Asia/Shanghai' });
  info = started.info;
  stopChild = started.stop;
});
test.afterAll(() => {
  stopChild();
  fs.rmSync(outDir, { recursive: true, force: true });
});

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

/** Answers the path prompt (the browser's stand-in for the save dialog). */
async function savePath(page: Page, title: string, file: string) {
  await answerPath(page, file, title);
}

async function sheetOf(file: string, name: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.getWorksheet(name)!;
}

test('人员管理: 导出学习账号 and 打印账号条 write the search\'s people to files, said in Chinese, at 1366×768', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${info.url}/#token=${info.token}`);
  await page.getByRole('menuitem', { name: '人员管理' }).click();
  await expect(page.getByText('共有 5 条数据')).toBeVisible();
  await expect(page.getByText('导出和打印的是全部 5 人（不只是本页）。')).toBeVisible();

  // 导出学习账号: all five, the X kept, as text.
  const list = path.join(outDir, '学习账号.xlsx');
  await page.getByRole('button', { name: '导出学习账号' }).click();
  await savePath(page, '导出学习账号：保存到', list);
  await expect(page.getByText(`学习账号已导出到 ${list}，共 5 人。可以用 Excel 或 WPS 打开后打印（A4 横向）。`)).toBeVisible();
  await expect(page.getByRole('button', { name: '导出学习账号' })).toBeEnabled();
  await page.screenshot({ path: path.join(shots, '60-人员管理-导出学习账号.png'), animations: 'disabled' });
  const ws = await sheetOf(list, '学习账号');
  expect(ws.getCell('A1').value).toBe('行政执法人员学习账号');
  const rows = [4, 5, 6, 7, 8].map((r) => [ws.getCell(r, 2).value, ws.getCell(r, 3).value]);
  expect(rows).toEqual([
    ['欧阳秀', info.xId],
    ['周四', info.people['周四']],
    ['黄三', info.people['黄三']],
    ['林二', info.people['林二']],
    ['陈一', info.people['陈一']],
  ]);

  // The screen at 1366 wide: nothing pushed off the side by the buttons.
  const widths = await page.evaluate<{ page: number; view: number }>('({ page: document.documentElement.scrollWidth, view: window.innerWidth })');
  expect(widths.page).toBeLessThanOrEqual(widths.view);
  for (const name of ['导出学习账号', '打印账号条']) {
    const box = (await page.getByRole('button', { name }).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1366);
  }

  // 打印账号条 for the search only (姓名 陈), with the platform address.
  await page.getByPlaceholder('姓名或其中的字').fill('陈');
  await page.getByRole('button', { name: /^查\s*询$/ }).click();
  await expect(page.getByText('共有 1 条数据')).toBeVisible();
  await expect(page.getByText('导出和打印的是当前查询到的 1 人（不只是本页）。')).toBeVisible();
  await page.getByRole('button', { name: '打印账号条' }).click();
  const dialog = page.getByRole('dialog', { name: '打印账号条' });
  await expect(dialog.getByText('首次登录须修改密码')).toBeVisible();
  await dialog.getByLabel('学习平台网址').fill('http://xuexi.example.gov.cn');
  await page.screenshot({ path: path.join(shots, '61-人员管理-打印账号条.png') });
  await dialog.getByRole('button', { name: '生成账号条' }).click();
  const slips = path.join(outDir, '账号条.xlsx');
  await savePath(page, '打印账号条：保存到', slips);
  await expect(page.getByText(`账号条已保存到 ${slips}，共 1 人、1 页 A4。请用 Excel 或 WPS 打开后打印，沿虚线剪开，每人一张。`)).toBeVisible();
  await page.screenshot({ path: path.join(shots, '62-人员管理-账号条已保存.png'), animations: 'disabled' });
  const slip = await sheetOf(slips, '账号条');
  const text = (r: number) => {
    const v = slip.getCell(r, 1).value;
    return v && typeof v === 'object' && 'richText' in v ? v.richText.map((t) => t.text).join('') : v;
  };
  expect([1, 2, 3, 4, 5, 6, 7, 8].map(text)).toEqual([
    '行政执法人员学习平台账号',
    '姓　　名：陈一',
    `身份证号：${info.people['陈一']}`,
    `学习账号：陈一${info.people['陈一']!.slice(6, 14)}`,
    `初始密码：Pw${info.people['陈一']!.slice(-4)}abcd`,
    '学习平台网址：',
    'http://xuexi.example.gov.cn',
    '首次登录须修改密码，请妥善保管。',
  ]);

  // The address is offered again next time.
  await page.getByRole('button', { name: '打印账号条' }).click();
  await expect(page.getByRole('dialog', { name: '打印账号条' }).getByLabel('学习平台网址')).toHaveValue('http://xuexi.example.gov.cn');
  // 取消 once the dialog stands still (a click while antd zooms it in can land beside the button), and
  // again until it has gone: its closing wrapper would otherwise take the next click.
  const slipDialog = page.getByRole('dialog', { name: '打印账号条' });
  await still(slipDialog.locator('xpath=ancestor-or-self::div[contains(concat(" ", @class, " "), " ant-modal ")][1]'));
  await expect(async () => {
    if (await slipDialog.count()) await slipDialog.getByRole('button', { name: /^取\s*消$/ }).click({ timeout: 2000 });
    await expect(slipDialog).toHaveCount(0, { timeout: 2000 });
  }).toPass({ timeout: 15_000 });

  // A folder that does not exist: said at once, in Chinese, with what to do.
  await page.getByRole('button', { name: '导出学习账号' }).click();
  const missing = path.join(outDir, '没有这个文件夹', '学习账号.xlsx');
  await savePath(page, '导出学习账号：保存到', missing);
  await expect(page.getByRole('alert').filter({ hasText: '不存在。请先建好文件夹，或换一个保存位置。' })).toBeVisible();
  expect(fs.existsSync(missing)).toBe(false);
  await page.screenshot({ path: path.join(shots, '63-人员管理-导出出错.png') });

  expect(errors).toEqual([]);
});

test.describe('with 30,005 approved people', () => {
  let stopBig = () => {};
  let big: typeof info;
  test.beforeAll(async () => {
    const started = await startBackendChild<typeof info>('test/e2e/start-accounts-bridge.ts', { TZ: 'Asia/Shanghai', EXTRA_ACCOUNTS: '30000' });
    big = started.info;
    stopBig = started.stop;
  });
  test.afterAll(() => stopBig());

  test('导出学习账号 shows its progress while it writes, then the message', async ({ page }) => {
    test.setTimeout(180_000);
    const errors = watchErrors(page);
    await page.goto(`${big.url}/#token=${big.token}`);
    await page.getByRole('menuitem', { name: '人员管理' }).click();
    await expect(page.getByText('共有 30005 条数据')).toBeVisible();
    const file = path.join(outDir, '学习账号-30005.xlsx');
    await page.getByRole('button', { name: '导出学习账号' }).click();
    await savePath(page, '导出学习账号：保存到', file);
    const progress = page.getByText(/^正在导出学习账号 \d+\/30005 人…$/).first();
    await expect(progress).toBeVisible();
    await expect(page.getByRole('progressbar', { name: '进度' })).toBeVisible();
    await page.screenshot({ path: path.join(shots, '64-人员管理-导出进度.png'), animations: 'disabled' });
    await expect(page.getByText(`学习账号已导出到 ${file}，共 30005 人。可以用 Excel 或 WPS 打开后打印（A4 横向）。`)).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole('progressbar', { name: '进度' })).toHaveCount(0);
    expect(fs.statSync(file).size).toBeGreaterThan(100_000);
    expect(errors).toEqual([]);
  });
});
