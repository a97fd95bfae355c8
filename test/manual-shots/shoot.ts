import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Locator, Page } from '@playwright/test';

/**
 * Takes one picture of the 使用说明 into docs/manual/images/<name>.png: after antd's opening and closing
 * animations have finished (no half-open drawer or modal in the manual), re-encoded as a palette PNG so
 * the committed pictures stay small.
 */
export const IMAGES = path.resolve('docs/manual/images');

/** Waits until no element is in an antd motion phase (…-appear, …-enter, …-leave) and the page is idle. */
export async function settle(page: Page): Promise<void> {
  // One function for both uses (it runs in the page, so it cannot share a helper): false → "nothing
  // moves", true → what still moves, for the error.
  const moving = (list: boolean): boolean | string[] => {
    type El = { className: unknown; getClientRects(): ArrayLike<unknown> };
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<El> } }).document;
    const phase = /-(appear|enter|leave)(-active|-start|-prepare)?$/;
    // Only what is on screen (a closed pop-up may keep its last motion class while hidden), and not a
    // button's spinner, whose leave motion antd sometimes never ends on a button that stays.
    const found = Array.from(doc.querySelectorAll('[class]'))
      .filter((e) => typeof e.className === 'string' && !e.className.includes('loading-icon') && e.className.split(/\s+/).some((c) => phase.test(c)) && e.getClientRects().length > 0)
      .map((e) => String(e.className));
    return list ? found : found.length === 0;
  };
  try {
    await page.waitForFunction(moving, false, { timeout: 10_000 });
  } catch {
    throw new Error(`still moving after 10 s: ${((await page.evaluate(moving, true)) as string[]).join(' | ')}`);
  }
  // Tables set their column widths after the first render, and spinners fade out: give them a moment.
  await page.waitForTimeout(400);
}

export async function shoot(page: Page, name: string, opts: { part?: Locator; fullPage?: boolean; top?: boolean; toast?: boolean } = {}): Promise<void> {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`picture name ${name}: lower-case letters, digits and - only`);
  if (opts.top) await page.locator('.ant-layout-content').first().evaluate((e) => e.scrollTo(0, 0));
  await settle(page);
  // A passing toast (antd's message) belongs to the step before: hidden unless the picture is about it.
  const style = opts.toast ? undefined : '.ant-message { visibility: hidden !important; }';
  const raw = opts.part ? await opts.part.screenshot({ ...(style ? { style } : {}) }) : await page.screenshot({ fullPage: opts.fullPage ?? false, ...(style ? { style } : {}) });
  const png = await sharp(raw).png({ palette: true, quality: 90, compressionLevel: 9 }).toBuffer();
  fs.mkdirSync(IMAGES, { recursive: true });
  fs.writeFileSync(path.join(IMAGES, `${name}.png`), png);
}
