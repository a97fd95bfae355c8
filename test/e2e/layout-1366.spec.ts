import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';

/**
 * Every clerk screen at 1366×768 (issue 17, item 6), in real Chromium on the real handlers through the
 * web bridge, with realistic data (test/e2e/start-layout.ts: a unit with a long name, 18-character IDs,
 * a batch of 25, a returned person, an upload waiting to retry). On each screen, every table is
 * measured in one layout pass: no horizontal overflow, every header cell inside the table and the
 * window, wider than 30 px and on one line; no body cell wrapping one character per line, no ID or
 * date broken over lines, nothing clipped without an ellipsis. The page has no horizontal scrollbar,
 * the status bar is one line inside the window and the menu's panel reaches it. Screenshots
 * 90-… in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
let stopChild = () => {};
let info: { url: string; token: string; bigBatch: string; people: Record<string, string> };

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof info>('test/e2e/start-layout.ts');
  info = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

/** antd's pop-ups slide and zoom: measure and shoot once they stand still. */
const still = (popup: Locator) => expect(popup).not.toHaveClass(/-(appear|enter|leave)/);

/** What is wrong with the layout now, as readable lines; measured in one pass so all boxes agree. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // The test tsconfig has no DOM lib: the few DOM shapes used here, typed structurally.
    type Rect = { x: number; y: number; width: number; height: number; top: number; bottom: number; right: number };
    type Node = { nodeType: number; childNodes: ArrayLike<Node> };
    type El = Node & {
      getBoundingClientRect(): Rect;
      querySelectorAll(s: string): ArrayLike<El>;
      querySelector(s: string): El | null;
      closest(s: string): El | null;
      classList: { contains(c: string): boolean };
      getAttribute(a: string): string | null;
      textContent: string | null;
      scrollWidth: number;
      clientWidth: number;
      scrollHeight: number;
      clientHeight: number;
    };
    type Doc = {
      querySelectorAll(s: string): ArrayLike<El>;
      querySelector(s: string): El | null;
      scrollingElement: El;
      createRange(): { selectNodeContents(e: Node): void; getClientRects(): ArrayLike<Rect> };
    };
    const g = globalThis as unknown as { document: Doc; innerWidth: number; innerHeight: number; getComputedStyle(e: El): { textOverflow: string; fontSize: string; display: string; visibility: string } };
    const doc = g.document;
    const problems: string[] = [];
    const text = (e: El) => (e.textContent ?? '').replace(/\s+/g, ' ').trim();
    /**
     * Lines the element's text takes: the tops of its text's boxes (text nodes only: a tag's or a
     * button's own box sits a few pixels off its text), two tops more than 10 px apart being two lines.
     */
    const lines = (e: El) => {
      const tops: number[] = [];
      const walk = (n: Node) => {
        for (const c of Array.from(n.childNodes)) {
          if (c.nodeType === 3) {
            const r = doc.createRange();
            r.selectNodeContents(c);
            for (const b of Array.from(r.getClientRects())) if (b.width > 0.5) tops.push(b.top);
          } else walk(c);
        }
      };
      walk(e);
      tops.sort((a, b) => a - b);
      return tops.length === 0 ? 0 : 1 + tops.filter((t, i) => i > 0 && t - tops[i - 1]! > 10).length;
    };
    const shown = (e: El) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && g.getComputedStyle(e).visibility !== 'hidden';
    };
    const W = g.innerWidth;
    const H = g.innerHeight;

    for (const table of Array.from(doc.querySelectorAll('.ant-table')).filter(shown)) {
      const where = text(table.querySelector('thead') ?? table).slice(0, 30);
      const tr = table.getBoundingClientRect();
      if (tr.right > W + 1) problems.push(`table [${where}] ends at ${tr.right} beyond the window`);
      for (const sc of Array.from(table.querySelectorAll('.ant-table-content, .ant-table-body'))) {
        if (sc.scrollWidth > sc.clientWidth + 1) problems.push(`table [${where}] scrolls sideways: ${sc.scrollWidth} > ${sc.clientWidth}`);
      }
      for (const th of Array.from(table.querySelectorAll('thead th'))) {
        if (th.classList.contains('ant-table-cell-scrollbar')) continue;
        const r = th.getBoundingClientRect();
        const name = text(th);
        if (r.x < tr.x - 1 || r.right > tr.right + 1 || r.right > W + 1) problems.push(`[${where}] header ${name} outside the table (${r.x}–${r.right}, table ${tr.x}–${tr.right})`);
        if (r.width <= 30) problems.push(`[${where}] header ${name} only ${r.width}px wide`);
        if (name && lines(th) > 1) problems.push(`[${where}] header ${name} on ${lines(th)} lines`);
      }
      for (const td of Array.from(table.querySelectorAll('tbody td'))) {
        if (td.classList.contains('ant-table-measure-cell') || td.closest('.ant-table-measure-row')) continue;
        const t = text(td);
        if (t.length < 2) continue;
        const r = td.getBoundingClientRect();
        const n = lines(td);
        const font = parseFloat(g.getComputedStyle(td).fontSize) || 14;
        if (n > 2 && r.width < 2 * font + 34) problems.push(`[${where}] cell "${t.slice(0, 20)}" one character a line (${r.width}px, ${n} lines)`);
        // IDs, dates, times, batch names and numbers (one word, no spaces) stay whole on one line.
        if ((/^(\d{17}[\dX]|\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?)$/.test(t) || (t.length <= 30 && !t.includes(' '))) && n > 1) problems.push(`[${where}] cell "${t}" broken over ${n} lines`);
        // Text cut off must end in an ellipsis (with its tooltip), not just vanish.
        for (const box of [td, ...Array.from(td.querySelectorAll('*'))]) {
          if (box.scrollWidth > box.clientWidth + 1 && box.clientWidth > 0 && g.getComputedStyle(box).textOverflow !== 'ellipsis' && !box.closest('.ant-table-cell-ellipsis') && g.getComputedStyle(box).display !== 'inline') {
            problems.push(`[${where}] cell "${t.slice(0, 20)}" clipped without an ellipsis (${box.scrollWidth} > ${box.clientWidth})`);
            break;
          }
        }
      }
    }
    if (doc.scrollingElement.scrollWidth > W) problems.push(`the page scrolls sideways: ${doc.scrollingElement.scrollWidth} > ${W}`);
    const bar = doc.querySelector('[data-testid="status-bar"]');
    if (!bar) problems.push('no status bar');
    else {
      const b = bar.getBoundingClientRect();
      if (b.bottom > H + 1 || b.top < 0) problems.push(`status bar not inside the window (${b.top}–${b.bottom} of ${H})`);
      const tops = new Set(Array.from(bar.querySelectorAll('.ant-space-item')).filter(shown).map((i) => Math.round(i.getBoundingClientRect().top / 8)));
      if (tops.size > 1) problems.push(`status bar on ${tops.size} lines`);
      if (bar.scrollHeight > bar.clientHeight + 1) problems.push('status bar clipped at the bottom');
      const sider = doc.querySelector('.ant-layout-sider');
      if (sider && sider.getBoundingClientRect().bottom < b.top - 1) problems.push(`the menu's panel stops at ${sider.getBoundingClientRect().bottom}, above the status bar at ${b.top}`);
    }
    return problems;
  });
}

async function check(page: Page, name: string) {
  await page.waitForTimeout(300); // the tables' column widths settle after their first render
  await page.screenshot({ path: path.join(shots, name) });
  expect.soft(await layoutProblems(page), name).toEqual([]);
}

async function open(page: Page, menu: string) {
  await page.getByRole('menuitem', { name: menu }).click();
  await expect(page.getByRole('menuitem', { name: menu })).toHaveClass(/ant-menu-item-selected/);
}

test('every clerk screen fits 1366×768: no hidden column, no one-character wrapping, one-line status bar', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${info.url}/#token=${info.token}`);
  await expect(page.getByTestId('status-bar')).toContainText('待提交');
  await expect(page.getByText('审核通过').first()).toBeVisible();
  await check(page, '90-首页.png');

  await open(page, '人员导入');
  await page.getByRole('row').filter({ hasText: info.bigBatch }).click();
  await expect(page.getByText('共有 25 条数据')).toBeVisible();
  await check(page, '91-人员导入-人员.png');
  await page.getByRole('tab', { name: '问题清单' }).click();
  await expect(page.getByRole('tabpanel', { name: '问题清单' }).getByText(/缺少照片/).first()).toBeVisible();
  await check(page, '92-人员导入-问题清单.png');

  await page.getByRole('tab', { name: '人员' }).click();
  await page.getByRole('cell', { name: '欧阳明华', exact: true }).click();
  const drawer = page.locator('.ant-drawer-content-wrapper');
  await expect(drawer).toBeVisible();
  await still(page.locator('.ant-drawer-content-wrapper'));
  await check(page, '93-人员详情-抽屉.png');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  await open(page, '人员提交');
  await expect(page.getByText(/自动重试/).first()).toBeVisible();
  await check(page, '94-人员提交.png');

  await open(page, '人员退回');
  await expect(page.getByRole('cell', { name: '吴五', exact: true })).toBeVisible();
  await check(page, '95-人员退回.png');

  await open(page, '人员管理');
  await expect(page.getByRole('cell', { name: '陈一', exact: true })).toBeVisible();
  await check(page, '96-人员管理.png');

  await open(page, '人员查询');
  await expect(page.getByRole('cell', { name: '梁晨', exact: true })).toBeVisible();
  await check(page, '97-人员查询.png');

  await open(page, '人员记录');
  await expect(page.getByRole('cell', { name: '陈一', exact: true }).first()).toBeVisible();
  await check(page, '98-人员记录.png');

  await open(page, '考试信息');
  await expect(page.getByRole('cell', { name: '陈一', exact: true }).first()).toBeVisible();
  await check(page, '99-考试信息.png');

  await open(page, '同步设置');
  await expect(page.getByLabel('服务器地址')).toBeVisible();
  await check(page, '100-同步设置.png');
  expect(errors).toEqual([]);
});
