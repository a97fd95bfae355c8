import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { UpdateState } from '../../src-shared/contract/desktop-updates-api.js';
import { startBackendChild } from './backend-child.js';

/**
 * 自动更新 in the status bar (issue 21). On the web bridge (browser mode) the program does not update
 * itself: the real handlers answer 不可用 and the status bar shows nothing of it. The installed app's
 * states come from its main process (src-main/updates, tested under Node in test/unit/updates); here the
 * page is handed them through the same desktop-api call, to see the words, 立即重启 and its refusal at
 * 1366×768. Screenshot 80-… in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
let stopChild = () => {};
let info: { url: string; token: string };

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof info>('test/e2e/start-bridge.ts');
  info = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

const base: UpdateState = { phase: 'idle', text: '', currentVersion: '0.1.0', version: '', percent: 0, lastCheckAt: '', lastResult: '' };

test('the status bar shows the download, then 新版本 … 已下载，重启后安装 with 立即重启, refused while an upload runs', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const call = (method: string) =>
    page.evaluate(
      async ({ method, token }) => (await fetch(`./api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zfbm-token': token }, body: '{}' })).json(),
      { method, token: info.token },
    );

  await page.goto(`${info.url}/#token=${info.token}`);
  const bar = page.getByTestId('status-bar');
  await expect(bar).toContainText('待提交');
  // Browser mode: the real handlers say the program does not update itself here, and nothing shows.
  expect(await call('updates.state')).toMatchObject({ ok: true, value: { phase: 'unavailable', text: '' } });
  expect(await call('updates.restartNow')).toEqual({ ok: false, error: { code: 'updates.unavailable', message: '这个运行方式（浏览器模式或开发版）不能自动更新，请安装正式版安装程序。' } });
  await page.waitForTimeout(3500);
  await expect(page.getByTestId('update-notice')).toHaveCount(0);

  // The installed app's main process answering instead.
  let state: UpdateState = { ...base, phase: 'downloading', version: '0.2.0', percent: 42, text: '正在下载新版本 0.2.0：42%' };
  await page.route('**/api/updates.state', (route) => route.fulfill({ json: { ok: true, value: state } }));
  await page.route('**/api/updates.restartNow', (route) =>
    route.fulfill({ json: { ok: false, error: { code: 'updates.busy', message: '正在上传批次，现在不能重启。请等它完成后再点“立即重启”；不重启也会在退出程序时自动安装。' } } }),
  );
  await expect(page.getByTestId('update-notice')).toHaveText('正在下载新版本 0.2.0：42%', { timeout: 10_000 });

  state = { ...base, phase: 'downloaded', version: '0.2.0', percent: 100, text: '新版本 0.2.0 已下载，重启后安装' };
  const notice = page.getByTestId('update-notice');
  await expect(notice).toContainText('新版本 0.2.0 已下载，重启后安装', { timeout: 10_000 });
  await notice.getByRole('button', { name: '立即重启' }).click();
  await expect(page.getByText('正在上传批次，现在不能重启。')).toBeVisible();

  // One line at the window's bottom, the notice and its button inside the window.
  const barBox = (await bar.boundingBox())!;
  const buttonBox = (await notice.getByRole('button', { name: '立即重启' }).boundingBox())!;
  expect(barBox.height).toBeLessThan(40);
  expect(barBox.y + barBox.height).toBeLessThanOrEqual(768);
  expect(buttonBox.x + buttonBox.width).toBeLessThanOrEqual(1366);
  await page.screenshot({ path: path.join(shots, '80-状态栏-新版本已下载.png') });

  state = { ...base, phase: 'error', text: '更新出错：下载的更新文件校验失败，已丢弃，将在下次检查时重新下载。', lastResult: '下载的更新文件校验失败，已丢弃，将在下次检查时重新下载。' };
  await expect(notice).toHaveText(state.text, { timeout: 10_000 });
  expect(errors).toEqual([]);
});
