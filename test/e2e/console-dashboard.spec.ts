import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';

/**
 * 工作概况 in the reviewer's console at 1366×768 against the real server, with the figures
 * test/e2e/start-dashboard.ts made on its own clock (now: Wednesday 2026-12-02 10:00 China time):
 * the county reviewer's cards and unit lines, sorting, the printed page (print media and a landscape
 * A4 PDF, read back with pdftotext), the city reviewer's wider scope, and the administrator's landing.
 */
type Account = { username: string; password: string };
let env: { url: string; countyReviewer: Account; cityReviewer: Account; admin: Account; extraUnits: string[] };
let stopChild = () => {};
const shots = path.resolve('test-results/screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `console-${name}.png`), fullPage: true });

/** The PDF's text as pdftotext lays it out; where Poppler is missing, the test is skipped with the reason printed. */
function pdfText(pdf: string): string {
  try {
    return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  } catch (e) {
    test.skip(true, `pdftotext 不可用，跳过 PDF 文字检查：${(e as Error).message}`);
    throw e; // not reached: test.skip ends the test
  }
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof env>('test/e2e/start-dashboard.ts');
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

async function signIn(page: Page, account: Account): Promise<void> {
  await page.goto(`${env.url}/console/`);
  await page.getByLabel('用户名').fill(account.username);
  await page.getByLabel('密码').fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** A unit's line as its cells' text. */
async function unitLine(page: Page, unit: string): Promise<string[]> {
  return page.getByTestId('unit-table').getByRole('row', { name: unit }).getByRole('cell').allInnerTexts();
}

const statistic = (card: Locator) => card.locator('.ant-statistic-content');

/** No cell of the page's tables wraps onto a second line, and no table is wider than its box. */
async function expectTablesOnOneLine(page: Page): Promise<void> {
  const bad = await page.evaluate(() => {
    // The test tsconfig has no DOM lib: the few DOM shapes used here, typed structurally.
    type El = { innerText: string; scrollWidth: number; clientWidth: number };
    type Doc = { querySelectorAll(s: string): ArrayLike<El>; createRange(): { selectNodeContents(e: El): void; getClientRects(): ArrayLike<{ top: number; width: number }> } };
    const doc = (globalThis as unknown as { document: Doc }).document;
    const out: string[] = [];
    for (const cell of Array.from(doc.querySelectorAll('.dashboard-page td, .dashboard-page th'))) {
      const range = doc.createRange();
      range.selectNodeContents(cell);
      const tops = Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => r.top);
      // Two text boxes more than 10 px apart vertically: the text took two lines.
      if (tops.length > 0 && Math.max(...tops) - Math.min(...tops) > 10) out.push(`wraps: ${cell.innerText.trim()}`);
    }
    for (const t of Array.from(doc.querySelectorAll('.dashboard-page .ant-table-content'))) if (t.scrollWidth > t.clientWidth + 1) out.push('a table scrolls sideways');
    return out;
  });
  expect(bad).toEqual([]);
}

test('the county reviewer: 工作概况 is the second entry and shows the week the seed made', async ({ page }) => {
  await signIn(page, env.countyReviewer);
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem')).toHaveText(['待审核人员', '工作概况', '批次与导出']);
  await expect(menu.getByRole('menuitem', { name: '待审核人员' })).toHaveClass(/selected/);
  await menu.getByRole('menuitem', { name: '工作概况' }).click();

  await expect(page.getByTestId('dashboard-title')).toHaveText('青秀区司法局工作概况');
  await expect(page.getByTestId('dashboard-period')).toContainText('统计时间 2026-12-02 10:00');
  await expect(page.getByTestId('dashboard-period')).toContainText('本周 11月30日至12月6日');
  await expect(statistic(page.getByTestId('card-waiting'))).toHaveText('6人');
  await expect(page.getByTestId('card-waiting')).toContainText('县级 3 · 市级 3');
  await expect(statistic(page.getByTestId('card-oldest'))).toHaveText('12天');
  await expect(page.getByTestId('card-oldest')).toContainText('2026-11-20 提交');
  // The decision at Sunday 23:59 is last week's; those from Monday 00:00 on are this week's.
  await expect(statistic(page.getByTestId('card-approved'))).toHaveText('4人');
  await expect(page.getByTestId('card-approved')).toContainText('上周 1 · 累计 5');
  await expect(statistic(page.getByTestId('card-rejected'))).toHaveText('1人');
  await expect(statistic(page.getByTestId('card-resubmitted'))).toHaveText('1人');
  await expect(statistic(page.getByTestId('card-study-accounts'))).toHaveText('1人');

  const table = page.getByTestId('unit-table');
  await expect(table.getByRole('row')).toHaveCount(3); // header + the county's two units, no other county's
  expect(await unitLine(page, '青秀区市场监督管理局')).toEqual(['青秀区市场监督管理局', '县级初审 2 · 市级终审 2　4', '12 天（2026-11-20 提交）', '3', '1', '1 / 累计 1']);
  expect(await unitLine(page, '青秀区城市管理局')).toEqual(['青秀区城市管理局', '县级初审 1 · 市级终审 1　2', '5 天（2026-11-27 提交）', '1', '0', '0 / 累计 0']);
  const stages = page.getByTestId('stage-table');
  expect(await stages.getByRole('row', { name: /县级初审/ }).getByRole('cell').allInnerTexts()).toEqual(['县级初审', '3', '12 天（2026-11-20 提交）', '3', '1', '1', '0']);
  expect(await stages.getByRole('row', { name: /市级终审/ }).getByRole('cell').allInnerTexts()).toEqual(['市级终审', '3', '12 天（2026-11-20 提交）', '1', '0', '0', '0']);
  await expectTablesOnOneLine(page);
  await shot(page, '80-工作概况-县级');

  // Sortable: 待审核 ascending puts the unit with fewer waiting first; by keyboard as well as by mouse.
  const waitingHeader = table.getByRole('columnheader', { name: '待审核' });
  await waitingHeader.click();
  await expect(table.getByRole('row').nth(1)).toContainText('青秀区城市管理局');
  await waitingHeader.focus();
  await page.keyboard.press('Enter');
  await expect(table.getByRole('row').nth(1)).toContainText('青秀区市场监督管理局');
  await expect(waitingHeader).toHaveAttribute('aria-sort', 'descending');
});

test('printed: A4 landscape without the menu and buttons, with the bureau, the time printed and the figures', async ({ page }) => {
  await signIn(page, env.countyReviewer);
  await page.getByRole('menuitem', { name: '工作概况' }).click();
  await expect(statistic(page.getByTestId('card-waiting'))).toHaveText('6人');
  const printButton = page.getByRole('button', { name: '打印' });
  await expect(printButton).toBeEnabled();

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.ant-layout-sider')).toBeHidden();
  await expect(page.locator('.console-header')).toBeHidden();
  await expect(printButton).toBeHidden();
  await expect(page.getByRole('button', { name: '刷新' })).toBeHidden();
  await expect(page.getByTestId('dashboard-period')).toContainText(/打印时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  // The sheet starts at the page's left edge (the 200 px menu is gone).
  const box = (await page.getByTestId('dashboard').boundingBox())!;
  expect(box.x).toBeLessThan(40);
  await shot(page, '81-工作概况-打印');

  const pdf = path.join(shots, '..', 'console-dashboard.pdf');
  await page.pdf({ path: pdf, format: 'A4', landscape: true, preferCSSPageSize: true, printBackground: true });
  const text = pdfText(pdf);
  // A4 landscape: 842 × 595 pt.
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info) ?? [];
  expect(Math.abs(Number(w) - 842)).toBeLessThan(1);
  expect(Math.abs(Number(h) - 595)).toBeLessThan(1);
  expect(info).toMatch(/Pages:\s+1\b/);
  expect(text).toContain('青秀区司法局工作概况');
  expect(text).toMatch(/打印时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  expect(text).not.toContain('退出登录');
  expect(text).not.toContain('待审核人员');
  const line = (unit: string) => text.split('\n').find((l) => l.includes(unit))?.replace(/\s+/g, ' ').trim();
  expect(line('青秀区市场监督管理局')).toBe('青秀区市场监督管理局 县级初审 2 · 市级终审 2 4 12 天（2026-11-20 提交） 3 1 1 / 累计 1');
  expect(line('青秀区城市管理局')).toBe('青秀区城市管理局 县级初审 1 · 市级终审 1 2 5 天（2026-11-27 提交） 1 0 0 / 累计 0');
  expect(text).toContain('上周 1 · 累计 5');
  // The sheet as paper shows it, to look at.
  execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, path.join(shots, 'console-84-工作概况-PDF')]);
  await page.emulateMedia({ media: 'screen' });
});

test('the city reviewer sees its counties\' units and its own', async ({ page }) => {
  await signIn(page, env.cityReviewer);
  await page.getByRole('menuitem', { name: '工作概况' }).click();
  await expect(page.getByTestId('dashboard-title')).toHaveText('南宁市司法局工作概况');
  await expect(statistic(page.getByTestId('card-waiting'))).toHaveText('7人');
  const table = page.getByTestId('unit-table');
  await expect(table.getByRole('row')).toHaveCount(5);
  // The city's own unit first, then each county's, each line with its bureau.
  expect(await table.getByRole('row').allInnerTexts()).toEqual([
    expect.stringContaining('所属司法局'),
    expect.stringMatching(/^南宁市司法局\s+南宁市交通运输局/),
    expect.stringMatching(/^兴宁区司法局\s+兴宁区市场监督管理局/),
    expect.stringMatching(/^青秀区司法局\s+青秀区城市管理局/),
    expect.stringMatching(/^青秀区司法局\s+青秀区市场监督管理局/),
  ]);
  expect((await unitLine(page, '兴宁区市场监督管理局')).slice(2, 4)).toEqual(['县级初审 1　1', '5 天（2026-11-27 提交）']);
  expect(await unitLine(page, '南宁市交通运输局')).toEqual(['南宁市司法局', '南宁市交通运输局', '0', '—', '0', '0', '0 / 累计 0']);
  await expect(page.getByTestId('bureau-table').getByRole('row')).toHaveCount(4);
  await expectTablesOnOneLine(page);
  await shot(page, '82-工作概况-市级');
});

test('the administrator lands on 工作概况, every unit grouped by bureau', async ({ page }) => {
  await signIn(page, env.admin);
  await expect(page.getByRole('menu').getByRole('menuitem').first()).toHaveText('工作概况');
  await expect(page.getByTestId('dashboard-title')).toHaveText('全部司法局工作概况');
  await expect(statistic(page.getByTestId('card-waiting'))).toHaveText('7人');
  const bureaus = page.getByTestId('bureau-table');
  expect(await bureaus.getByRole('row', { name: /青秀区司法局/ }).getByRole('cell').allInnerTexts()).toEqual(['青秀区司法局', '2', '6', '12 天（2026-11-20 提交）', '4', '1', '1 / 累计 1']);
  expect(await bureaus.getByRole('row', { name: /兴宁区司法局/ }).getByRole('cell').allInnerTexts()).toEqual(['兴宁区司法局', '1', '1', '5 天（2026-11-27 提交）', '0', '0', '0 / 累计 0']);
  expect((await unitLine(page, '南宁市交通运输局'))[0]).toBe('南宁市司法局');
  await expect(page.getByTestId('unit-table').getByRole('row')).toHaveCount(1 + 4 + env.extraUnits.length);
  await expectTablesOnOneLine(page);
  await shot(page, '83-工作概况-管理员');

  // 44 units print over several pages: every unit once, and each page that continues the table repeats its header.
  await page.emulateMedia({ media: 'print' });
  const pdf = path.join(shots, '..', 'console-dashboard-admin.pdf');
  await page.pdf({ path: pdf, format: 'A4', landscape: true, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const text = pdfText(pdf);
  const pages = text.split('\f').filter((p) => p.trim() !== '');
  expect(pages.length).toBeGreaterThan(1);
  expect(pages[0]).toContain('全部司法局工作概况');
  for (const name of env.extraUnits) expect(text.split(name).length - 1, name).toBe(1);
  // No section title left alone at the foot of a page.
  for (const [i, p] of pages.entries()) expect(p.trim().split('\n').at(-1), `page ${i + 1}`).not.toMatch(/^按(审核级别|司法局|执法单位)/);
  for (const [i, p] of pages.entries()) {
    // The page begins with the table's header, under the section's title when the table starts there.
    if (i > 0 && /执法大队/.test(p)) expect(p.trim().split('\n').slice(0, 2).join('\n'), `page ${i + 1}`).toMatch(/^(按执法单位（44 个）\n)?所属司法局\s+单位\s+待审核/);
  }
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '2', '-singlefile', pdf, path.join(shots, 'console-85-工作概况-打印第2页')]);
});
