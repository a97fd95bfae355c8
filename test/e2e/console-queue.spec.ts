import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';

/**
 * The county reviewer's queue at 1366×768 against the real sync server (start-queue.ts: 32 people of
 * two units waiting, 12 new and 3 resubmitted since the reviewer's last visit): one line per person
 * and at least 12 of them on screen; the J/K cursor stays in view and survives the detail; "?" lists
 * the shortcuts; the approval's confirmation says what it does with two review levels (the city
 * bureau) and with one (study accounts), with counts; the filters. One page throughout: each sign-in
 * is a new visit, which would move the "last visit" the first test checks.
 */
const shots = path.resolve('test-results/screenshots');
type Account = { username: string; password: string };
let env: { url: string; countyReviewer: Account; admin: Account; batchNumbers: string[]; resubmitted: string[]; units: string[]; longQueue: { reviewer: Account; waiting: number } };
let stopChild = () => {};
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof env>('test/e2e/start-queue.ts');
  env = started.info;
  stopChild = started.stop;
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
});
test.afterAll(async () => {
  await page?.close();
  stopChild();
});

/** A screenshot after antd's opening and closing animations (0.3 s at most) have run their course. */
async function shot(name: string): Promise<void> {
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(shots, `console-${name}.png`) });
}
const rows = (): Locator => page.getByTestId('queue-table').locator('tbody tr.ant-table-row');
const cursorRow = (): Locator => page.getByTestId('queue-table').locator('tbody tr.queue-cursor');
const nameOf = async (row: Locator): Promise<string> => (await row.locator('td').nth(1).locator('a').innerText()).trim();
const drawerTitle = () => page.locator('.ant-drawer-title');

/** The rows whose box lies wholly inside the window (no scrolling). */
async function rowsOnScreen(): Promise<number> {
  const height = page.viewportSize()!.height;
  let n = 0;
  for (const row of await rows().all()) {
    const box = await row.boundingBox();
    if (box && box.y >= 0 && box.y + box.height <= height) n++;
  }
  return n;
}

async function adminSetsReviewLevels(stages: 1 | 2): Promise<void> {
  const login = await fetch(`${env.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: env.admin.username, password: env.admin.password }),
  });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${env.url}/api/v1/admin/settings`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ reviewStages: stages }),
  });
  expect(res.status, await res.text()).toBe(200);
}

test('the day\'s queue fits 1366×768: one line per person, at least 12 on screen, what is new since the last visit', async () => {
  await page.goto(`${env.url}/console/`);
  await page.getByLabel('用户名').fill(env.countyReviewer.username);
  await page.getByLabel('密码').fill(env.countyReviewer.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(rows()).toHaveCount(32, { timeout: 15_000 });
  await expect(page.getByTestId('since-last-visit')).toContainText('共 32 人等待你这一级审核');
  await expect(page.getByTestId('since-last-visit')).toContainText(/自上次查看（\d+月\d+日 \d\d:\d\d）以来：新提交 12 人，重新提交 3 人/);
  await expect(page.getByTestId('arrival-tag').filter({ hasText: /^新$/ })).toHaveCount(12);
  await expect(page.getByTestId('arrival-tag').filter({ hasText: '重新提交' })).toHaveCount(3);
  for (const name of env.resubmitted) await expect(rows().filter({ hasText: name }).getByTestId('arrival-tag')).toHaveText('重新提交');

  // One line per person: every cell of every row is as tall as one line of text.
  const heights = await rows().evaluateAll((trs) => trs.map((tr) => (tr as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height));
  expect(Math.max(...heights)).toBeLessThan(44);
  expect(Math.min(...heights)).toBeGreaterThan(30);
  // Long unit names and batch numbers are cut, with the whole text in a tooltip.
  const unitCell = rows().first().locator('td').nth(4);
  await unitCell.locator('span').first().hover();
  await expect(page.locator('.ant-tooltip').filter({ hasText: env.units[0]! }).last()).toBeVisible();
  await page.mouse.move(0, 0);
  // Nothing scrolled sideways.
  const wide = await page.getByTestId('queue-table').evaluate((el) => {
    const t = el.querySelector('table') as unknown as { scrollWidth: number; clientWidth: number };
    return t.scrollWidth - t.clientWidth;
  });
  expect(wide).toBeLessThanOrEqual(1);
  const onScreen = await rowsOnScreen();
  expect(onScreen).toBeGreaterThanOrEqual(12);
  test.info().annotations.push({ type: 'rows on screen at 1366×768', description: String(onScreen) });
  await shot('50-待审核人员');
});

test('the cursor stays in view, survives the detail, and J goes on to the very next person', async () => {
  const names = await Promise.all((await rows().all()).map(nameOf));
  await expect(cursorRow()).toHaveCount(1);
  expect(await nameOf(cursorRow())).toBe(names[0]);
  for (let i = 0; i < 12; i++) await page.keyboard.press('j');
  expect(await nameOf(cursorRow())).toBe(names[12]);
  const box = (await cursorRow().boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(768);
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowDown');
  expect(await nameOf(cursorRow())).toBe(names[20]);
  const far = (await cursorRow().boundingBox())!;
  expect(far.y + far.height).toBeLessThanOrEqual(768);
  await shot('51-光标随按键滚动');

  // Enter opens the cursor's person; J twice moves in the detail; Esc closes it on the person last shown.
  await page.keyboard.press('Enter');
  await expect(drawerTitle()).toContainText(names[20]!);
  await page.keyboard.press('j');
  await expect(drawerTitle()).toContainText(names[21]!);
  await page.keyboard.press('j');
  await expect(drawerTitle()).toContainText(names[22]!);
  await expect(page.getByTestId('approval-outcome')).toHaveText('通过后提交南宁市司法局终审');
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-drawer-open')).toHaveCount(0);
  expect(await nameOf(cursorRow())).toBe(names[22]);
  await expect(cursorRow()).toBeInViewport();
  await shot('52-关闭详情后光标仍在');
  await page.keyboard.press('j');
  expect(await nameOf(cursorRow())).toBe(names[23]);
  await page.keyboard.press('k');
  expect(await nameOf(cursorRow())).toBe(names[22]);

  // X ticks the cursor's row: the tick and the cursor are told apart (the cursor has its own colour).
  await page.keyboard.press('x');
  const ticked = rows().nth(22);
  await expect(ticked.locator('input[type=checkbox]')).toBeChecked();
  await page.keyboard.press('j');
  const colours = await Promise.all([ticked, cursorRow()].map((r) => r.locator('td').nth(2).evaluate((td) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(td).backgroundColor)));
  expect(colours[0]).not.toBe(colours[1]);
  await page.keyboard.press('k');
  await page.keyboard.press('x');
  await expect(ticked.locator('input[type=checkbox]')).not.toBeChecked();
});

test('"?" lists every shortcut; Esc closes it and the keys still work', async () => {
  const before = await nameOf(cursorRow());
  await page.keyboard.press('Shift+Slash');
  const help = page.getByRole('dialog', { name: '快捷键' });
  await expect(help).toBeVisible();
  for (const words of ['下一个 / 上一个人员', '查看当前人员的详情', '确认驳回', 'Ctrl+Enter', '勾选或取消对应的常见驳回原因', '关闭详情']) await expect(help).toContainText(words);
  // The whole dialog inside the 1366×768 window; its last rows scroll into view inside it.
  const box = (await help.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(768);
  await help.getByText('打开这份快捷键说明').scrollIntoViewIfNeeded();
  await expect(help.getByText('打开这份快捷键说明')).toBeInViewport();
  await shot('53-快捷键说明');
  // J does nothing behind the overlay.
  await page.keyboard.press('j');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  expect(await nameOf(cursorRow())).toBe(before);
  await page.keyboard.press('j');
  expect(await nameOf(cursorRow())).not.toBe(before);
  // The toolbar's hint opens the same list.
  await page.getByTestId('shortcut-hint').click();
  await expect(help).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('two levels: the confirmation names the city bureau with the count', async () => {
  for (let i = 0; i < 40; i++) await page.keyboard.press('k');
  await page.keyboard.press('x');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.keyboard.press('a');
  const confirm = page.getByTestId('approval-confirm');
  await expect(confirm).toHaveText('通过后将提交南宁市司法局终审（2 人）。');
  await shot('54-两级审核的通过确认');
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  // The keys are back on the list after the confirmation closed.
  await page.keyboard.press('x');
  await page.keyboard.press('k');
  await page.keyboard.press('x');
  await expect(page.getByTestId('queue-table').locator('tbody input[type=checkbox]:checked')).toHaveCount(0);
});

test('one level: the confirmation says study accounts will be made; after it the cursor stays at its place', async () => {
  await adminSetsReviewLevels(1);
  try {
    await page.getByRole('button', { name: '刷新' }).click();
    for (let i = 0; i < 3; i++) await page.keyboard.press('j');
    const names = await Promise.all((await rows().all()).map(nameOf));
    expect(await nameOf(cursorRow())).toBe(names[3]);
    await page.keyboard.press('a');
    const confirm = page.getByTestId('approval-confirm');
    await expect(confirm).toHaveText('终审通过：将为 1 人生成学习账号，单位将收到结果。');
    await shot('55-一级审核的通过确认');
    await page.keyboard.press('Enter');
    await expect(page.getByText('已通过 1 人，生成学习账号 1 个。')).toBeVisible();
    await expect(rows()).toHaveCount(31);
    expect(await nameOf(cursorRow())).toBe(names[4]);
    await page.keyboard.press('j');
    expect(await nameOf(cursorRow())).toBe(names[5]);
    // The detail says the same.
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('approval-outcome')).toHaveText('终审通过：将生成学习账号');
    await page.keyboard.press('Escape');
    await expect(page.locator('.ant-drawer-open')).toHaveCount(0);
  } finally {
    await adminSetsReviewLevels(2);
  }
});

test('filters: unit, batch (with 整批通过), second submissions; sort by name', async () => {
  await page.getByRole('button', { name: '刷新' }).click();
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  // A list re-rendered while a drop-down slides open can close it under the click: open it again
  // until the option is taken, and go on only once the drop-down has gone.
  const pick = async (label: string, option: string | RegExp) => {
    const dropdown = page.locator('.ant-select-dropdown:visible');
    await expect(async () => {
      if ((await dropdown.count()) === 0) await page.getByRole('combobox', { name: label, exact: true }).click();
      await dropdown.locator('.ant-select-item-option').filter({ hasText: option }).first().click({ timeout: 2000 });
    }).toPass({ timeout: 15_000 });
    await expect(dropdown).toHaveCount(0);
  };
  await pick('单位', env.units[1]!);
  await expect(rows()).toHaveCount(12);
  await pick('批次', env.batchNumbers[1]!);
  await expect(page.getByRole('button', { name: '整批通过（12 人）' })).toBeVisible();
  // The filter gives the keys back to the list at once.
  await page.keyboard.press('j');
  expect(await nameOf(cursorRow())).toBe(await nameOf(rows().nth(1)));
  await pick('单位', /^全部单位/);
  await pick('提交次数', '第 2 次及以上');
  await expect(rows()).toHaveCount(3);
  expect((await Promise.all((await rows().all()).map(nameOf))).sort()).toEqual([...env.resubmitted].sort());
  await pick('提交次数', '全部提交次数');
  await pick('排序', '按姓名排序');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  const names = await Promise.all((await rows().all()).map(nameOf));
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'zh-CN')));
  // A new order starts at its first row, with the toolbar in view.
  expect(await nameOf(cursorRow())).toBe(names[0]);
  await expect(page.getByRole('combobox', { name: '排序', exact: true })).toBeInViewport();
  await page.mouse.move(0, 0);
  await shot('56-筛选与排序');
  // 查找 asks the server (a long queue is listed a page at a time); Enter gives the keys back to the list.
  const search = page.getByRole('searchbox', { name: '查找姓名或身份证号' });
  const wanted = env.resubmitted[0]!;
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await page.keyboard.type(wanted);
  await expect(rows()).toHaveCount(1);
  expect(await nameOf(rows().first())).toBe(wanted);
  await search.press('Enter');
  await page.keyboard.press('k');
  expect(await nameOf(cursorRow())).toBe(wanted);
  await search.fill('没有这个人');
  await expect(page.getByText('没有找到“没有这个人”')).toBeVisible();
  await search.fill('');
  await expect(rows()).toHaveCount(names.length);
});

test('a queue longer than a page: 500 listed, 再列出 adds the rest, and J past the last row asks for more', async ({ browser }: { browser: Browser }) => {
  const other = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  try {
    await other.goto(`${env.url}/console/`);
    await other.getByLabel('用户名').fill(env.longQueue.reviewer.username);
    await other.getByLabel('密码').fill(env.longQueue.reviewer.password);
    await other.getByRole('button', { name: '登录' }).click();
    const more = other.getByTestId('queue-more');
    const left = env.longQueue.waiting - 500;
    await expect(more).toContainText(`已列出等待最久的 500 人，还有 ${left} 人未列出`);
    await expect(other.getByTestId('since-last-visit')).toContainText(`共 ${env.longQueue.waiting} 人`);
    // The table's own pages (50 a page) count what is listed.
    await expect(other.locator('.ant-pagination-total-text')).toHaveText('共 500 人');
    await other.mouse.move(0, 0);
    await other.waitForTimeout(500);
    await other.screenshot({ path: path.join(shots, 'console-57-列出更多.png') });
    // J from the top to the last listed row, and once more: the next page comes and the cursor goes on.
    await other.getByTestId('queue-page').focus();
    await other.locator('.ant-pagination-item').last().click();
    await other.getByTestId('queue-table').locator('tbody tr.ant-table-row').last().click();
    await other.keyboard.press('j');
    await expect(more).toHaveCount(0);
    await expect(other.locator('.ant-pagination-total-text')).toHaveText(`共 ${env.longQueue.waiting} 人`);
    await other.keyboard.press('j');
    await expect(other.getByTestId('queue-table').locator('tbody tr.queue-cursor')).toHaveCount(1);
  } finally {
    await other.close();
  }
});
