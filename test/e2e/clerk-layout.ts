import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The layout checks of the clerk's screens at 1366×768, shared by layout-1366.spec.ts (every screen) and the
 * specs of single screens: every table measured in one layout pass (no horizontal overflow, headers inside
 * the table and the window, wider than 30 px and on one line; no body cell wrapping one character per line,
 * no ID or date broken over lines, nothing clipped without an ellipsis), no sideways page scroll, the
 * status bar one line inside the window with the menu's panel reaching it.
 */
const SHOTS = path.resolve('test-results/screenshots');

/** antd's pop-ups slide and zoom: measure and shoot once they stand still. */
export const still = (popup: Locator) => expect(popup).not.toHaveClass(/-(appear|enter|leave)/);

/** What is wrong with the layout now, as readable lines; measured in one pass so all boxes agree. */
export function layoutProblems(page: Page): Promise<string[]> {
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
        if (td.classList.contains('ant-table-measure-cell') || td.closest('.ant-table-measure-row') || td.closest('.ant-table-expanded-row')) continue;
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

/** Screenshot `name` into test-results/screenshots, then the layout's problems as a soft expectation. */
export async function check(page: Page, name: string) {
  await page.waitForTimeout(300); // the tables' column widths settle after their first render
  await page.screenshot({ path: path.join(SHOTS, name) });
  expect.soft(await layoutProblems(page), name).toEqual([]);
}

/** Opens a screen from the menu and waits until the menu says so. */
export async function open(page: Page, menu: string) {
  await page.getByRole('menuitem', { name: menu }).click();
  await expect(page.getByRole('menuitem', { name: menu })).toHaveClass(/ant-menu-item-selected/);
}
