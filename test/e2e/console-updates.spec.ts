import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';

/**
 * 桌面端更新 in the console at 1366×768, against the real server (start-console-updates.ts: 1.4.0 to
 * everyone, 1.5.0 published to 10 %): the administrator sees both releases, raises the rollout, pauses
 * and resumes, and points back to 1.4.0 (confirmed), after which 1.5.0 shows 已撤回 and can be restored.
 * Screenshots console-95… in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
let env: { url: string; admin: { username: string; password: string } };
let stopChild = () => {};

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof env>('test/e2e/start-console-updates.ts');
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `console-${name}.png`) });

/** Nothing on the page wider than the window: no sideways scrolling at 1366. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
    return { scroll: doc.documentElement.scrollWidth, client: doc.documentElement.clientWidth };
  });
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

test('the administrator steers the desktop update after a publish', async ({ page }) => {
  await page.goto(`${env.url}/console/`);
  await page.getByLabel('用户名').fill(env.admin.username);
  await page.getByLabel('密码').fill(env.admin.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('menuitem', { name: '桌面端更新' }).click();

  const newest = page.getByRole('row', { name: /1\.5\.0/ });
  const older = page.getByRole('row', { name: /1\.4\.0/ });
  await expect(newest).toContainText('最新 · 推送中');
  await expect(newest).toContainText('10%');
  await expect(newest).toContainText('zfbm-setup-1.5.0-x64.exe');
  await expect(older).toContainText('较早版本');
  await expect(older).toContainText('100%');
  await expect(page.getByLabel('推送比例')).toHaveValue('10');
  await expectNoSidewaysScroll(page);
  await shot(page, '95-桌面端更新');

  await page.getByLabel('推送比例').fill('50');
  await page.getByRole('button', { name: '保存比例' }).click();
  await expect(page.getByText('版本 1.5.0 现在推送给 50% 的电脑。')).toBeVisible();
  await expect(newest).toContainText('50%');

  await page.getByRole('switch', { name: '暂停推送' }).click();
  await expect(page.getByText(/已暂停推送最新版本：电脑检查更新时只会得到上一个版本/)).toBeVisible();
  await expect(newest).toContainText('最新 · 暂停推送');
  await shot(page, '96-桌面端更新-暂停');
  await page.getByRole('switch', { name: '暂停推送' }).click();
  await expect(newest).toContainText('最新 · 推送中');

  await older.getByRole('button', { name: '改回此版本' }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('比 1.4.0 新的版本将被撤回');
  await confirm.getByRole('button', { name: '改回此版本' }).click();
  await expect(newest).toContainText('已撤回');
  await expect(older).toContainText('最新 · 推送中');
  await expect(page.getByLabel('推送比例')).toHaveValue('100');
  await expectNoSidewaysScroll(page);
  await shot(page, '97-桌面端更新-改回');

  await newest.getByRole('button', { name: '恢复此版本' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '恢复此版本' }).click();
  await expect(newest).toContainText('最新 · 推送中');
});
