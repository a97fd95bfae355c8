import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';
import { chineseDateText } from '../../src-shared/chinese-date.js';
import { todayIso } from '../../src-main/util/today.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { answerPath } from './path-prompt.js';

/**
 * The header and the account menu at 1366×768 against the real sync server (issue 17, item 7): the
 * date, weekday and unit as the manual shows them, by the desktop's own clock; 修改密码 with the
 * policy checked before Enter sends anything (and the server taking the new password); 修改资料 saved
 * and written into the next template's footer; 模板 → 换证; 导入 asking which list a file is; the
 * 上级单位 filled; 退出登录. Screenshots of each step.
 */
const shots = path.resolve('test-results/screenshots');
let stopChild = () => {};
let env: { url: string; token: string; serverUrl: string; work: string; clerk: { username: string; password: string }; clockOffsetMs: number };

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof env>('test/e2e/start-account.ts');
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, name) });
}
async function accountMenu(page: Page, item: string) {
  await page.getByRole('button', { name: /^账号：/ }).click();
  await page.getByRole('menuitem', { name: item }).click();
}
/** The texts in column A (the merged notes and the footer) of a workbook's first sheet. */
async function firstSheet(file: string): Promise<{ ws: ExcelJS.Worksheet; columnA: string[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  const columnA: string[] = [];
  ws.eachRow((row) => {
    const v = row.getCell(1).value;
    if (typeof v === 'string') columnA.push(v);
  });
  return { ws, columnA };
}

test('header, 修改密码, 修改资料 in the template, 换证 template, 导入 asks, 退出登录', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${env.url}/#token=${env.token}`);

  // The header: the desktop's date (three days behind this machine's, on purpose) and the unit.
  const header = page.getByRole('banner');
  const deskDay = chineseDateText(todayIso(new Date(Date.now() + env.clockOffsetMs)));
  await expect(header.getByText(deskDay)).toBeVisible();
  await expect(header.getByText(/星期[日一二三四五六]/)).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日 星期[日一二三四五六]$/);
  await expect(header.getByRole('button', { name: '账号：青秀区市场监督管理局' })).toBeVisible();
  await shot(page, '30-页头-日期星期单位.png');
  await page.getByRole('button', { name: /^账号：/ }).click();
  await expect(page.getByRole('menuitem', { name: '修改资料' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '修改密码' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '退出登录' })).toBeVisible();
  await shot(page, '31-账号菜单.png');
  await page.keyboard.press('Escape');

  // 修改密码: Tab skips the eye icons; Enter with a weak password sends nothing; then it goes through.
  await accountMenu(page, '修改密码');
  const pw = page.getByRole('dialog', { name: '修改密码' });
  const focused = () => page.locator(':focus').getAttribute('aria-label');
  await expect.poll(focused).toBe('原密码');
  await pw.getByLabel('原密码').fill(env.clerk.password);
  await page.keyboard.press('Tab');
  await expect.poll(focused).toBe('新密码');
  await pw.getByLabel('新密码', { exact: true }).fill('password1');
  await page.keyboard.press('Tab');
  await expect.poll(focused).toBe('再次填写新密码');
  await pw.getByLabel('再次填写新密码').fill('password1');
  await page.keyboard.press('Enter');
  await expect(pw.getByText(/常见|简单|容易/).first()).toBeVisible();
  await shot(page, '32-修改密码-密码太简单.png');
  // Nothing was sent: the old password still signs in at the server.
  expect((await fetch(`${env.serverUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: env.clerk.username, password: env.clerk.password }) })).status).toBe(200);
  await pw.getByLabel('新密码', { exact: true }).fill('Yongzhou2027ok');
  await pw.getByLabel('再次填写新密码').fill('Yongzhou2027o');
  await page.keyboard.press('Enter');
  await expect(pw.getByText('两次填写的新密码不一样，请重新填写。')).toBeVisible();
  await pw.getByLabel('再次填写新密码').fill('Yongzhou2027ok');
  await page.keyboard.press('Enter');
  await expect(page.getByText('密码已修改。下次登录请用新密码。')).toBeVisible();
  await expect(pw).toBeHidden();
  const login = async (password: string) =>
    (await fetch(`${env.serverUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: env.clerk.username, password }) })).status;
  expect(await login('Yongzhou2027ok')).toBe(200);
  expect(await login(env.clerk.password)).toBe(401);

  // 修改资料: a wrong phone is refused in the form; the right one is saved.
  await accountMenu(page, '修改资料');
  const profile = page.getByRole('dialog', { name: '修改资料' });
  await profile.getByLabel('联系人').fill('李文静');
  await profile.getByLabel('联系电话').fill('问司法局');
  await profile.getByRole('button', { name: '保存' }).click();
  await expect(profile.getByText(/联系电话只能填数字/)).toBeVisible();
  await profile.getByLabel('联系电话').fill('0771-5551234');
  await expect(profile.getByText(/联系电话只能填数字/)).toBeHidden();
  await shot(page, '33-修改资料.png');
  await profile.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(/资料已保存/)).toBeVisible();

  // 模板 ▾ → 换证人员模板: the renewal list, with the contact in its footer and PNG in note ①.
  await page.getByRole('menuitem', { name: '人员导入' }).click();
  await page.getByRole('button', { name: '模板' }).click();
  await expect(page.getByRole('menuitem', { name: '新报名人员模板' })).toBeVisible();
  await shot(page, '34-人员导入-模板菜单.png');
  await page.getByRole('menuitem', { name: /换证人员模板/ }).click();
  const renewalFile = path.join(env.work, '换证人员采集表.xlsx');
  await answerPath(page, renewalFile);
  await expect(page.getByText(/换证人员模板已保存到/)).toBeVisible();
  const renewal = await firstSheet(renewalFile);
  expect(renewal.ws.name).toBe('换证人员采集表');
  expect(String(renewal.ws.getCell('A1').value)).toContain('换证人员');
  expect((renewal.ws.getRow(2).values as unknown[]).slice(-2)).toEqual(['原证件号码', '原发证单位']);
  expect(renewal.columnA.at(-1)).toBe('联系方式：0771-5551234      日期：            填报人：李文静');
  const note1 = renewal.columnA.find((t) => t.startsWith('注：①'))!;
  expect(note1).toContain('PNG 格式，如：440308199901101512.png');

  // 导入 a list titled 换证 that lacks the 换证 columns: the window asks; 换证人员 imports it as one.
  const asked = path.join(env.work, '青秀区名单.xlsx');
  await writeTemplate(asked, [validRow({ name: '蓝天' }), validRow({ name: '黄河' })]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(asked);
  wb.worksheets[0]!.getCell('A1').value = '青秀区换证人员信息采集表';
  await wb.xlsx.writeFile(asked);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await answerPath(page, asked);
  const which = page.getByRole('dialog', { name: '这份名单是哪一种？' });
  await expect(which.getByText(/标题写着“换证”/)).toBeVisible();
  await expect(which).toHaveCSS('transform', 'none'); // opened all the way, for the screenshot
  await shot(page, '35-导入-询问名单种类.png');
  await which.getByRole('button', { name: '换证人员' }).click();
  await expect(page.getByText(/已导入批次 .*共 2 人/)).toBeVisible();
  // The batch table: 上级单位 is the account's 司法局, 添加单位 its unit; nothing hidden at 1366.
  const row = page.getByRole('row').filter({ hasText: '青秀区司法局' });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell', { name: '青秀区市场监督管理局' })).toBeVisible();
  await shot(page, '36-人员导入-上级单位.png');

  // 退出登录, confirmed: the header says 未登录 and offers 登录.
  await accountMenu(page, '退出登录');
  await page.getByRole('dialog').getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByText('已退出登录。')).toBeVisible();
  await expect(header.getByRole('button', { name: '账号：青秀区市场监督管理局（未登录）' })).toBeVisible();
  await page.getByRole('button', { name: /^账号：/ }).click();
  await expect(page.getByRole('menuitem', { name: /登录/ })).toBeVisible();
  await shot(page, '37-退出登录后.png');
  // 登录 leads to 同步设置; signing in there names the unit in the header at once (it looks again
  // by itself only every 15 s).
  await page.getByRole('menuitem', { name: /登录/ }).click();
  await page.getByLabel('用户名').fill(env.clerk.username);
  await page.getByLabel('密码', { exact: true }).fill('Yongzhou2027ok');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(header.getByRole('button', { name: '账号：青秀区市场监督管理局', exact: true })).toBeVisible({ timeout: 3000 });
  expect(errors).toEqual([]);
});
