import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';
import { signInConsole } from './console-sign-in.js';

/**
 * 帮助 → 使用说明 (issue 22) in real Chromium at 1366×768: the desktop's clerk manual through the web
 * bridge (start-bridge.ts) and the console's reviewer and administrator manuals on the real sync
 * server (start-queue.ts), each opened at the section of the screen shown — its heading at the top of
 * the text, its line in the table of contents marked — searchable, closed with Esc.
 */
const shots = path.resolve('test-results/screenshots');

/** The viewer's text and the heading `id` in it. */
const content = (page: Page) => page.getByTestId('manual-content');
const heading = (page: Page, id: string) => content(page).locator(`[id="${id}"]`);
const literally = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');

/** The section's heading is the first line of the text box (after the dialog's opening animation). */
async function expectOpenedAt(page: Page, id: string): Promise<void> {
  await expect(page.getByTestId('manual-viewer')).toBeVisible();
  await expect(heading(page, id)).toBeVisible();
  await expect
    .poll(async () => {
      const box = (await content(page).boundingBox())!;
      const h = (await heading(page, id).boundingBox())!;
      return Math.round(h.y - box.y);
    })
    .toBeGreaterThanOrEqual(-1);
  const box = (await content(page).boundingBox())!;
  const h = (await heading(page, id).boundingBox())!;
  expect(h.y - box.y).toBeLessThanOrEqual(12);
  await expect(page.locator(`.manual-toc [data-section="${id}"]`)).toHaveAttribute('aria-current', 'location');
  await expect(page.locator('.manual-toc [aria-current]')).toHaveCount(1);
  // On top of whatever else is open (a drawer opened after the manual was first shown, say).
  const onTop = `(() => {
    const r = document.querySelector('[data-testid="manual-content"]').getBoundingClientRect();
    const el = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!el && !!el.closest('[data-testid="manual-content"]');
  })()`;
  expect(await page.evaluate<boolean>(onTop)).toBe(true);
}

/**
 * Nothing in the viewer's toolbar or table of contents is cut off or squeezed to a character or two
 * per line, and the dialog fits the window. Page code as a string: the tests are typed without the DOM.
 */
const LAYOUT_PROBLEMS = `(() => {
  const root = document.querySelector('[data-testid="manual-viewer"]');
  const out = [];
  for (const el of root.querySelectorAll('.manual-toolbar button, .manual-toolbar [role="status"], .manual-toc-title')) {
    const text = el.innerText.trim();
    if (!text) continue;
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
    if (text.length > 3 && el.getBoundingClientRect().height > lineHeight * Math.ceil(text.length / 2) - 1) out.push('squeezed: ' + text);
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible') out.push('cut: ' + text);
  }
  const dialog = root.closest('.ant-modal').getBoundingClientRect();
  if (dialog.right > innerWidth || dialog.bottom > innerHeight || dialog.left < 0 || dialog.top < 0) out.push('the dialog does not fit the window');
  return out;
})()`;
async function expectReadableLayout(page: Page): Promise<void> {
  expect(await page.evaluate<string[]>(LAYOUT_PROBLEMS)).toEqual([]);
}

test.describe('desktop', () => {
  let stopChild = () => {};
  let info: { url: string; token: string };

  test.beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    const started = await startBackendChild<typeof info>('test/e2e/start-bridge.ts');
    info = started.info;
    stopChild = started.stop;
  });
  test.afterAll(() => stopChild());

  test('帮助 → 使用说明 on 人员导入 opens at clerk-import; search marks the words; Esc closes; F1 in the person form opens clerk-findings, on 人员退回 clerk-returns', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${info.url}/#token=${info.token}`);
    await page.getByRole('menuitem', { name: '人员导入' }).click();
    await page.getByRole('button', { name: '帮助 ▾' }).click();
    await expect(page.getByRole('menuitem', { name: /使用说明/ })).toContainText('F1');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(shots, 'help-00-帮助菜单.png') });
    await page.getByRole('menuitem', { name: /使用说明/ }).click();
    await expectOpenedAt(page, 'clerk-import');
    const search = page.getByRole('searchbox', { name: '在使用说明中查找' });
    await expect(search).toBeFocused();
    await expectReadableLayout(page);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(shots, 'help-01-人员导入-使用说明.png') });

    // The section's own title is in it, so searching its first words finds at least that.
    const words = (await heading(page, 'clerk-import').innerText()).trim().slice(0, 4);
    await search.fill(words);
    const hits = content(page).locator('mark.manual-hit');
    await expect(hits.first()).toBeVisible();
    const count = await hits.count();
    await expect(page.getByTestId('manual-search-status')).toHaveText(new RegExp(`^第 \\d+ / ${count} 处`));
    await expect(content(page).locator('mark.manual-hit-current')).toHaveCount(1);
    await expect(content(page).locator('mark.manual-hit-current')).toHaveText(literally(words));
    // Enter goes on to the next place (back to the first after the last).
    const before = await page.getByTestId('manual-search-status').innerText();
    await search.press('Enter');
    if (count > 1) await expect(page.getByTestId('manual-search-status')).not.toHaveText(before);
    await expect(content(page).locator('mark.manual-hit-current')).toBeInViewport();
    await page.screenshot({ path: path.join(shots, 'help-02-查找.png') });

    await search.fill('没有这样的说法ZQX');
    await expect(page.getByTestId('manual-search-status')).toHaveText('未找到“没有这样的说法ZQX”，请换一个词，或在左侧目录中查找。');
    await expect(hits).toHaveCount(0);
    await expectReadableLayout(page);
    await expect(page.getByRole('button', { name: '下一处' })).toBeDisabled();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(shots, 'help-03-未找到.png') });
    // Clearing the box leaves the text as rendered: no marks, headings intact.
    await search.fill('');
    await expect(hits).toHaveCount(0);
    await expect(heading(page, 'clerk-import')).toContainText(words);

    // The section's pictures are bundled with the page and load; a click shows one larger, and Esc
    // closes only that.
    const picture = heading(page, 'clerk-import').locator('xpath=following::img[1]');
    await picture.scrollIntoViewIfNeeded();
    await expect.poll(() => picture.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await picture.click();
    const zoomed = page.getByTestId('manual-zoom');
    await expect(zoomed).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(zoomed).toBeHidden();
    await expect(page.getByTestId('manual-viewer')).toBeVisible();

    await page.keyboard.press('Escape');
    await expect(page.getByTestId('manual-viewer')).toBeHidden();

    // The person form, open over 人员导入, has a section of its own.
    await page.getByRole('button', { name: '添加', exact: true }).click();
    await expect(page.locator('.ant-drawer-content-wrapper')).toBeVisible();
    await page.keyboard.press('F1');
    await expectOpenedAt(page, 'clerk-findings');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('manual-viewer')).toBeHidden();
    await expect(page.locator('.ant-drawer-content-wrapper')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator('.ant-drawer-content-wrapper')).toBeHidden();

    // F1 on another screen: that screen's section; Esc gives the focus back where it was.
    await page.getByRole('menuitem', { name: '人员退回' }).click();
    await expect(page.getByText('没有被退回的人员。')).toBeVisible();
    await page.evaluate("document.activeElement.setAttribute('data-focus-before-help', '')");
    await page.keyboard.press('F1');
    await expectOpenedAt(page, 'clerk-returns');
    // The table of contents takes the reader to another section.
    await page.locator('.manual-toc [data-section="clerk-submit"]').click();
    await expectOpenedAt(page, 'clerk-submit');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('manual-viewer')).toBeHidden();
    await expect(page.locator('[data-focus-before-help]')).toBeFocused();
    expect(errors).toEqual([]);
  });
});

test.describe('console', () => {
  type Account = { username: string; password: string };
  let env: { url: string; countyReviewer: Account; admin: Account };
  let stopChild = () => {};

  test.beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    const started = await startBackendChild<typeof env>('test/e2e/start-queue.ts');
    env = started.info;
    stopChild = started.stop;
  });
  test.afterAll(() => stopChild());

  test('a reviewer on the queue: 帮助 opens reviewer-queue; F1 in a person’s detail opens reviewer-person, Esc leaves the detail open', async ({ page }) => {
    await signInConsole(page, env.url, env.countyReviewer);
    await expect(page.getByTestId('queue-table').locator('tbody tr.ant-table-row').first()).toBeVisible({ timeout: 15_000 });
    await page.getByRole('button', { name: '帮助' }).click();
    await expectOpenedAt(page, 'reviewer-queue');
    // A reviewer is offered the reviewers' manual only.
    await expect(page.getByTestId('manual-viewer').locator('.ant-segmented')).toHaveCount(0);
    await expectReadableLayout(page);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(shots, 'help-04-console-待审核人员.png') });
    // The queue's keys are the list's, not the manual's: J does not move the cursor behind the dialog.
    const cursor = page.getByTestId('queue-table').locator('tbody tr.queue-cursor');
    const cursorText = await cursor.innerText();
    await content(page).click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('manual-viewer')).toBeHidden();
    expect(await cursor.innerText()).toBe(cursorText);

    // O opens the person at the cursor (Enter would press the focused 帮助 button again).
    await page.keyboard.press('o');
    await expect(page.locator('.ant-drawer-title')).toBeVisible();
    await page.keyboard.press('F1');
    await expectOpenedAt(page, 'reviewer-person');
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(shots, 'help-06-console-人员详情.png') });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('manual-viewer')).toBeHidden();
    await expect(page.locator('.ant-drawer-title')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator('.ant-drawer-title')).toBeHidden();

    // The 快捷键 list links to the manual's part on the keys.
    await expect(page.locator('.ant-drawer-content-wrapper')).toBeHidden();
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcut-list')).toBeVisible();
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(shots, 'help-07-console-快捷键.png') });
    await page.getByRole('button', { name: '查看使用说明中的“快捷键”一节' }).click();
    await expect(page.getByTestId('shortcut-list')).toBeHidden();
    await expectOpenedAt(page, 'reviewer-keyboard');
  });

  test('an administrator on 单位与账号: 帮助 opens admin-accounts, and the reviewers’ manual is one click away', async ({ page }) => {
    await signInConsole(page, env.url, env.admin);
    await page.getByRole('menuitem', { name: '单位与账号' }).click();
    await page.keyboard.press('F1');
    await expectOpenedAt(page, 'admin-accounts');
    const viewer = page.getByTestId('manual-viewer');
    await expect(viewer.locator('.ant-segmented-item-selected')).toHaveText('系统管理员');
    await expectReadableLayout(page);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(shots, 'help-05-console-管理员.png') });
    await viewer.locator('.ant-segmented').getByText('审核人员', { exact: true }).click();
    await expect(heading(page, 'reviewer-queue')).toBeVisible();
  });
});
