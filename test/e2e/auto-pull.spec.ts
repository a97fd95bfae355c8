import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';

/**
 * Decisions arrive by themselves (issue 17): with the window open on 人员退回 and nobody touching it,
 * a rejection made through the server's API appears within the pull interval (1 s here); the status
 * bar says what came back until the clerk opens it, 首页 says it too. The network indicator follows
 * the last contact with the server: the server unreachable, it says so and why; back, 已连接 again.
 */
const shots = path.resolve('test-results/screenshots');
let stopChild = () => {};
let env: { url: string; token: string; serverUrl: string; controlUrl: string; reviewer: { username: string; password: string } };

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof env>('test/e2e/start-auto-pull.ts');
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => {
  stopChild();
});

type ServerBody = { token: string; persons: Array<{ personId: number; version: number; name: string }> };
async function server(method: string, route: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: ServerBody }> {
  const res = await fetch(`${env.serverUrl}/api/v1${route}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as ServerBody };
}

let reviewerToken = '';
async function reviewerDecides(pick: (p: { name: string }) => boolean, result: 'approved' | 'rejected', comment = ''): Promise<number> {
  if (!reviewerToken) {
    reviewerToken = (await server('POST', '/auth/login', undefined, { username: env.reviewer.username, password: env.reviewer.password })).body.token;
    expect((await server('POST', '/auth/change-password', reviewerToken, { oldPassword: env.reviewer.password, newPassword: 'Reviewer2026ok' })).status).toBe(200);
  }
  const pending = (await server('GET', '/review/pending', reviewerToken)).body;
  const items = pending.persons.filter(pick).map((p) => ({ personId: p.personId, version: p.version }));
  const r = await server('POST', '/review/decisions', reviewerToken, { items, result, comment });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return items.length;
}

async function menu(page: Page, name: string) {
  await page.getByRole('menuitem', { name }).click();
}
async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, name), fullPage: true });
}

test('a rejection reaches 人员退回 with no click; the status bar and 首页 say what came back', async ({ page }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${env.url}/#token=${env.token}`);
  const bar = page.getByTestId('status-bar');
  await expect(bar.getByText(/^已连接同步服务器（\d\d:\d\d）$/)).toBeVisible();
  await expect(bar.getByText('已登录：qingxiu_scj')).toBeVisible();
  await expect(bar.getByTestId('news-notice')).toHaveCount(0);

  await menu(page, '人员退回');
  await expect(page.getByText('没有被退回的人员。')).toBeVisible();

  // The reviewer returns one person; the window is left alone.
  expect(await reviewerDecides((p) => p.name === '黄海燕', 'rejected', '照片不是近期照片，请更换后重新提交。')).toBe(1);
  const decided = Date.now();
  // Within the pull interval (1 s) and the status bar's look (2 s), with margin for a slow machine.
  await expect(page.getByRole('cell', { name: '照片不是近期照片，请更换后重新提交。' })).toBeVisible({ timeout: 6000 });
  expect(Date.now() - decided).toBeLessThan(6000);
  await expect(page.getByRole('row').filter({ hasText: '黄海燕' })).toBeVisible();
  const notice = bar.getByTestId('news-notice');
  await expect(notice).toHaveText('新消息：1 人被退回');
  await shot(page, '70-人员退回-自动收到退回.png');

  // The notice stays while the clerk looks elsewhere; 首页 says the same.
  await menu(page, '首页');
  await expect(page.getByTestId('home-news')).toContainText('新消息：1 人被退回');
  await expect(page.locator('.ant-statistic').filter({ hasText: '已退回待处理' })).toContainText('1');
  await shot(page, '71-首页-新消息.png');

  // A second decision adds to it: two approved.
  expect(await reviewerDecides((p) => p.name !== '黄海燕', 'approved')).toBe(2);
  await expect(notice).toHaveText('新消息：1 人被退回，2 人已通过', { timeout: 6000 });
  await expect(page.getByTestId('home-news')).toContainText('新消息：1 人被退回，2 人已通过');

  // Opened: it goes to 人员退回 and the notice is gone until something new comes back.
  await notice.click();
  await expect(page.getByRole('menuitem', { name: '人员退回' })).toHaveClass(/ant-menu-item-selected/);
  await expect(bar.getByTestId('news-notice')).toHaveCount(0);
  await menu(page, '首页');
  await expect(page.getByTestId('home-news')).toHaveCount(0);

  // The server out of reach: the indicator says so and why, though the browser is "online".
  await fetch(`${env.controlUrl}/network/down`, { method: 'POST' });
  const network = bar.getByTestId('network-state');
  await expect(network).toContainText('连不上同步服务器：网络不通或服务器没有开，数据保存在本机，联网后自动上传', { timeout: 8000 });
  // The long words are cut, not the line: everything up to 立即同步 stays inside the 1366-wide window.
  await expect(bar.getByRole('button', { name: '立即同步' })).toBeInViewport({ ratio: 1 });
  expect(await bar.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await shot(page, '72-状态栏-连不上服务器.png');
  await fetch(`${env.controlUrl}/network/up`, { method: 'POST' });
  // 立即同步 does not wait for the backoff.
  await bar.getByRole('button', { name: '立即同步' }).click();
  await expect(page.getByText('同步完成：没有新的审核结果。')).toBeVisible();
  await expect(network).toContainText(/已连接同步服务器（\d\d:\d\d）/);
  expect(errors).toEqual([]);
});

test('同步设置: a refused address stays to be corrected; one without http:// gets it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${env.url}/#token=${env.token}`);
  await menu(page, '同步设置');
  const address = page.getByLabel('服务器地址');
  // The form is filled once the settings arrive from the backend; read it only then.
  await expect(address).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+$/);
  const saved = await address.inputValue();
  // A typo: refused, and what was typed is still there to fix.
  await address.fill('ftp//127.0.0.1');
  await page.getByRole('button', { name: '保存连接设置' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /写法不对/ })).toBeVisible();
  await expect(address).toHaveValue('ftp//127.0.0.1');
  await expect(page.getByRole('alert').filter({ hasText: /--server|命令行/ })).toHaveCount(0);
  await shot(page, '73-同步设置-地址写错.png');
  // Typed without the scheme: saved with http://, still signed in (the same server).
  await address.fill(saved.replace('http://', ''));
  await page.getByRole('button', { name: '保存连接设置' }).click();
  await expect(page.getByText('连接设置已保存。')).toBeVisible();
  await expect(address).toHaveValue(saved);
  await expect(page.getByTestId('status-bar').getByText('已登录：qingxiu_scj')).toBeVisible();
  expect(errors).toEqual([]);
});
