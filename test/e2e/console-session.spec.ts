import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page, type Request } from '@playwright/test';
import { startBackendChild } from './backend-child.js';

/**
 * The console's password forms and an expired session (issue 18), in Chromium at 1366×768 against the
 * real server (test/e2e/start-session.ts). The forced password change is done by keyboard alone, the
 * eye icons out of the Tab order; Enter with a mismatched confirmation shows the field's message and
 * sends nothing. A token ended from outside while a rejection comment is typed: Ctrl+Enter asks for
 * the password in a dialog over the page, and the rejection goes through with the typed comment and
 * the new token. Requests made meanwhile wait for the one dialog; 取消 signs out; a disabled account
 * ends on the login page with the server's message. Screenshots console-70… in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
type Account = { id: number; username: string; password: string };
let env: { url: string; persons: Array<{ name: string; idNumber: string }>; newcomer: Account; reviewer: Account; second: Account; adminToken: string };
let stopChild = () => {};

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1366, height: 768 } });

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof env>('test/e2e/start-session.ts');
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `console-${name}.png`), animations: 'disabled' });
const TOKEN_KEY = 'zfbm-console-token';
/** The console's token in this tab (the page's sessionStorage; typed here without the DOM library). */
const tokenOf = (page: Page) => page.evaluate((key) => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem(key), TOKEN_KEY);

/** The API requests the page sends from now on. */
function apiRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/')) seen.push(r);
  });
  return seen;
}

/** Ends a session from outside, as signing out in another window does. */
async function signOutElsewhere(token: string): Promise<void> {
  const res = await fetch(`${env.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(200);
}

async function signIn(page: Page, account: Account): Promise<void> {
  await page.goto(`${env.url}/console/`);
  await page.getByLabel('用户名').fill(account.username);
  await page.getByLabel('密码', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('who')).toHaveText('青秀区司法局 · 县级审核');
}

test('the first password change by keyboard alone; Enter with a mismatch shows the message and sends nothing', async ({ page }) => {
  const requests = apiRequests(page);
  const focusedAutocomplete = () => page.locator(':focus').getAttribute('autocomplete');
  await page.goto(`${env.url}/console/`);
  // The login form: user name, Tab, password (the eye is skipped), Enter.
  await expect.poll(focusedAutocomplete).toBe('username');
  await page.keyboard.type(env.newcomer.username);
  await page.keyboard.press('Tab');
  await expect.poll(focusedAutocomplete).toBe('current-password');
  await page.keyboard.type(env.newcomer.password);
  await page.keyboard.press('Enter');

  await expect(page.getByText('这是首次登录')).toBeVisible();
  const newPassword = 'Song7Lin-Qiao26';
  await expect.poll(focusedAutocomplete).toBe('current-password');
  await page.keyboard.type(env.newcomer.password);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('新密码', { exact: true })).toBeFocused();
  await page.keyboard.type(newPassword);
  await page.keyboard.press('Tab');
  const again = page.getByLabel('再输一遍新密码');
  await expect(again).toBeFocused();
  await page.keyboard.type(`${newPassword}x`);
  const before = requests.length;
  await page.keyboard.press('Enter');
  const againItem = page.locator('.ant-form-item').filter({ has: again });
  await expect(againItem.locator('.ant-form-item-explain')).toHaveText('两次填写的新密码不一样，请重新填写。');
  await page.waitForTimeout(500);
  expect(requests.slice(before).map((r) => r.url())).toEqual([]);

  // The eye: out of the Tab order, named, and it still shows the password by mouse.
  const eye = againItem.getByRole('button', { name: '显示' });
  await expect(eye).toHaveAttribute('tabindex', '-1');
  await eye.click();
  await expect(again).toHaveAttribute('type', 'text');
  await expect(again).toHaveValue(`${newPassword}x`);
  await shot(page, '70-修改密码-两次不一样');
  await againItem.getByRole('button', { name: '隐藏' }).click();
  await expect(again).toHaveAttribute('type', 'password');

  // Corrected, Enter sends the change once and the console opens.
  await again.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('who')).toHaveText('青秀区司法局 · 县级审核');
  const sent = requests.slice(before).map((r) => `${r.method()} ${new URL(r.url()).pathname}`);
  expect(sent.filter((s) => s === 'POST /api/v1/auth/change-password')).toHaveLength(1);
  const relogin = await fetch(`${env.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: env.newcomer.username, password: newPassword }) });
  expect(relogin.status).toBe(200);
  await shot(page, '71-修改密码后-待审核人员');
});

test('a session ended while a rejection comment is typed: sign in again in a dialog, and the rejection goes through', async ({ page }) => {
  await signIn(page, env.reviewer);
  const rows = page.getByTestId('queue-table').getByRole('row');
  await expect(rows).toHaveCount(4); // header + 3
  await page.keyboard.press('r');
  const reject = page.getByRole('dialog', { name: /^驳回：/ });
  await expect(reject).toBeVisible();
  const who = (await reject.locator('.ant-modal-title').textContent())!.replace('驳回：', '');
  const comment = '照片背景不是红色：请按广西的照片规格重新拍摄后再提交。';
  await reject.getByLabel('驳回意见').fill(comment);

  const oldToken = (await tokenOf(page))!;
  await signOutElsewhere(oldToken);
  const decisions: Request[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/review/decisions')) decisions.push(r);
  });

  await page.keyboard.press('Control+Enter');
  const again = page.getByRole('dialog', { name: '重新登录' });
  await expect(again).toBeVisible();
  await expect(again).toContainText('登录已过期，请重新登录后继续。你填写的内容不会丢失。');
  await expect(again.getByLabel('用户名')).toHaveValue(env.reviewer.username);
  await expect(again.getByLabel('用户名')).toHaveAttribute('readonly', '');
  await expect(again.getByLabel('密码', { exact: true })).toBeFocused();
  // The page underneath is as it was: the rejection dialog with the typed comment.
  await expect(reject.getByLabel('驳回意见')).toHaveValue(comment);
  await shot(page, '72-登录过期-重新登录对话框');

  // The password's digits are typed into the sign-in dialog, not taken as the rejection's reason keys.
  await page.keyboard.type(env.reviewer.password);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/review/decisions') && r.status() === 200);
  await page.keyboard.press('Enter');
  const answer = await answered;
  await expect(again).toBeHidden();
  await expect(reject).toBeHidden();
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('queue-table')).not.toContainText(who);

  // Sent twice: refused with the ended token, then with the new one and the typed comment alone.
  expect(decisions).toHaveLength(2);
  const newToken = (await tokenOf(page))!;
  expect(newToken).not.toBe(oldToken);
  expect(await decisions[0]!.headerValue('authorization')).toBe(`Bearer ${oldToken}`);
  expect(await decisions[1]!.headerValue('authorization')).toBe(`Bearer ${newToken}`);
  const body = decisions[1]!.postDataJSON() as { result: string; comment: string; items: Array<{ personId: number }> };
  expect(body).toMatchObject({ result: 'rejected', comment });
  expect(((await answer.json()) as { decided: unknown[] }).decided).toHaveLength(1);
  // The person's history on the server holds the comment.
  const detail = await fetch(`${env.url}/api/v1/review/persons/${body.items[0]!.personId}`, { headers: { authorization: `Bearer ${newToken}` } });
  expect(detail.status).toBe(200);
  expect(await detail.text()).toContain(comment);
  await shot(page, '73-重新登录后驳回已保存');
});

test('requests made meanwhile wait for one dialog; the work continues after it; 取消 signs out for real', async ({ page }) => {
  await signIn(page, env.second);
  const queueLinks = page.getByTestId('queue-table').getByRole('link');
  await expect(queueLinks.first()).toBeVisible();
  const again = page.getByRole('dialog', { name: '重新登录' });
  const refusals: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 401) refusals.push(new URL(r.url()).pathname);
  });
  const requests = apiRequests(page);

  // Two pages' requests refused at once (the first answer slowed down, as on a busy network): one dialog.
  await signOutElsewhere((await tokenOf(page))!);
  let slowed = false;
  await page.route('**/api/v1/review/batches', async (route) => {
    if (slowed) return route.continue();
    slowed = true;
    const answer = await route.fetch();
    await new Promise((r) => setTimeout(r, 1500));
    await route.fulfill({ response: answer });
  });
  await page.getByRole('menuitem', { name: '批次与导出' }).click();
  await page.getByRole('menuitem', { name: '待审核人员' }).click();
  await expect(again).toBeVisible();
  await expect.poll(() => refusals.slice().sort()).toEqual(['/api/v1/review/batches', '/api/v1/review/pending']);
  await expect(page.getByRole('dialog', { name: '重新登录' })).toHaveCount(1);
  await page.keyboard.type(env.second.password);
  await page.keyboard.press('Enter');
  await expect(again).toBeHidden();
  await expect(queueLinks.first()).toBeVisible();
  const paths = () => requests.map((r) => new URL(r.url()).pathname);
  // Each refused request went out once more, with the new token; nothing asked twice.
  await expect.poll(() => paths().filter((p) => p === '/api/v1/review/batches').length).toBe(2);
  expect(paths().filter((p) => p === '/api/v1/review/pending').length).toBe(2);
  expect(paths().filter((p) => p === '/api/v1/auth/login').length).toBe(1);

  // Opening a person with an ended session: the detail opens after the sign-in, photo and all.
  await signOutElsewhere((await tokenOf(page))!);
  const link = queueLinks.first();
  const name = (await link.textContent())?.trim();
  const person = env.persons.find((p) => p.name === name)!;
  await link.click();
  await expect(again).toBeVisible();
  await again.getByLabel('密码', { exact: true }).fill(env.second.password);
  await again.getByRole('button', { name: '登录并继续' }).click();
  await expect(again).toBeHidden();
  const drawer = page.locator('.ant-drawer');
  await expect(drawer.getByTestId('person-fields')).toContainText(person.idNumber);
  await expect(drawer.getByTestId('photo-real-size')).toBeVisible();
  expect(paths().filter((p) => p.startsWith('/api/v1/review/persons/')).length).toBe(2); // refused once, then sent again
  await shot(page, '74-重新登录后继续打开人员');
  // Esc closes the detail as usual: nothing of the dialog is left over the page.
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-drawer-open')).toHaveCount(0);

  // Ended again; this time 取消: the login page, and the tab holds no token.
  await signOutElsewhere((await tokenOf(page))!);
  await page.getByRole('menuitem', { name: '批次与导出' }).click();
  await expect(again).toBeVisible();
  await again.getByRole('button', { name: '取消' }).click();
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  await expect(page.getByText('已退出登录。')).toBeVisible();
  expect(await tokenOf(page)).toBeNull();
});

test('a disabled account: after the password in the dialog, the login page with the server’s message', async ({ page }) => {
  await signIn(page, env.reviewer);
  const res = await fetch(`${env.url}/api/v1/admin/users/${env.reviewer.id}/disable`, { method: 'POST', headers: { authorization: `Bearer ${env.adminToken}`, 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(200);
  await page.getByRole('menuitem', { name: '批次与导出' }).click();
  const again = page.getByRole('dialog', { name: '重新登录' });
  await expect(again).toBeVisible();
  await again.getByLabel('密码', { exact: true }).fill(env.reviewer.password);
  await page.keyboard.press('Enter');
  await expect(again).toBeHidden();
  await expect(page.getByText('这个账号已被停用')).toBeVisible();
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  expect(await tokenOf(page)).toBeNull();
  await shot(page, '75-账号已停用-回到登录页');
});
