import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';

/**
 * A person's page in the reviewer's console, measured in real Chromium against the real sync server
 * (start-detail.ts: Fujian's 402×461 photos, one twice as wide, a person with three versions, four
 * evidence files). At 1366×768 and 1920×1080 the photo column never meets the fields or the history;
 * an ID number is one line; every shortcut label is readable on its button (WCAG contrast from the
 * computed colours). An administrator opens a batch's people from 批次与导出 and a person read-only.
 * Screenshots console-60… in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
type Account = { username: string; password: string };
let env: { url: string; batchNumber: string; persons: Array<{ name: string; idNumber: string }>; reviewer: Account; idleReviewer: Account; admin: Account };
let stopChild = () => {};

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof env>('test/e2e/start-detail.ts');
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `console-${name}.png`) });

async function signIn(page: Page, account: Account): Promise<void> {
  await page.goto(`${env.url}/console/`);
  await page.getByLabel('用户名').fill(account.username);
  await page.getByLabel('密码', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
  // Checking the password is deliberately slow (scrypt), slower still on a busy machine.
  await expect(page.getByTestId('who')).toBeVisible({ timeout: 20_000 });
}

type Box = { x: number; y: number; width: number; height: number };
async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  expect(b, 'the element is laid out').not.toBeNull();
  return b!;
}
const intersect = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The element's text sits on one line: one line box, no taller than 1.5 line heights. */
async function expectOneLine(l: Locator): Promise<void> {
  const m = await l.evaluate((el) => {
    // (The tests compile without the DOM library: the browser's globals are typed where used.)
    const css = (globalThis as unknown as { getComputedStyle(e: unknown): { lineHeight: string; fontSize: string } }).getComputedStyle(el);
    const lh = parseFloat(css.lineHeight) || parseFloat(css.fontSize) * 1.6;
    return { lines: el.getClientRects().length, height: el.getBoundingClientRect().height, lh };
  });
  expect(m.lines, 'one line box').toBe(1);
  expect(m.height).toBeLessThan(m.lh * 1.5);
}

/**
 * Every shortcut label on a button in `scope` with the WCAG contrast of its text against what is
 * behind it (its own background, composited over its ancestors' where it is translucent), and what
 * kind of button it sits on.
 */
function kbdContrasts(scope: Locator): Promise<Array<{ key: string; kind: string; ratio: number }>> {
  return scope.evaluate((root) => {
    type El = { parentElement: El | null; textContent: string | null; closest(s: string): (El & { disabled: boolean; classList: { contains(c: string): boolean } }) | null };
    const css = (e: El) => (globalThis as unknown as { getComputedStyle(e: El): { backgroundColor: string; color: string } }).getComputedStyle(e);
    type Rgba = [number, number, number, number];
    const parse = (c: string): Rgba => {
      const n = c.match(/[\d.]+/g)!.map(Number);
      return [n[0]!, n[1]!, n[2]!, n.length > 3 ? n[3]! : 1];
    };
    const over = (top: Rgba, under: Rgba): Rgba => {
      const a = top[3] + under[3] * (1 - top[3]);
      return a === 0 ? [0, 0, 0, 0] : [0, 1, 2].map((i) => (top[i]! * top[3] + under[i]! * under[3] * (1 - top[3])) / a).concat(a) as Rgba;
    };
    const backdrop = (el: El | null): Rgba => {
      const layers: Rgba[] = [];
      for (let e = el; e; e = e.parentElement) layers.push(parse(css(e).backgroundColor));
      return layers.reduceRight((under, top) => over(top, under), [255, 255, 255, 1] as Rgba);
    };
    const lum = ([r, g, b]: Rgba) =>
      [r, g, b].map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    return [...(root.querySelectorAll('button .console-kbd') as unknown as El[])].map((k) => {
      const button = k.closest('button')!;
      const bg = backdrop(k);
      const fg = over(parse(css(k).color), bg);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      const kind = button.disabled ? 'disabled' : button.classList.contains('ant-btn-dangerous') ? 'danger' : button.classList.contains('ant-btn-primary') ? 'primary' : 'default';
      return { key: k.textContent ?? '', kind, ratio: (l1! + 0.05) / (l2! + 0.05) };
    });
  });
}

async function expectReadableKbds(scope: Locator, kinds: string[]): Promise<void> {
  const found = await kbdContrasts(scope);
  for (const k of found) expect(k.ratio, `${k.key} on a ${k.kind} button`).toBeGreaterThanOrEqual(4.5);
  expect([...new Set(found.map((k) => k.kind))].sort()).toEqual(expect.arrayContaining(kinds));
}

/** Waits until the drawer has slid in and the photo knows its size (its caption shows the pixels). */
async function settled(drawer: Locator): Promise<void> {
  await expect(drawer.getByTestId('photo-caption')).toContainText('像素');
  const panel = drawer.locator('.ant-drawer-content-wrapper');
  await expect
    .poll(async () => {
      const before = (await panel.boundingBox())?.x;
      await drawer.page().waitForTimeout(100);
      return before === (await panel.boundingBox())?.x;
    })
    .toBe(true);
}

/** Neither the photo nor its column meets the fields table or the history, measured on screen. */
async function expectNoOverlap(page: Page, drawer: Locator): Promise<void> {
  await settled(drawer);
  const photo = await box(drawer.getByTestId('photo-real-size'));
  const column = await box(drawer.getByTestId('person-photo-column'));
  const fields = await box(drawer.getByTestId('person-fields').locator('table'));
  expect(intersect(photo, fields), 'photo × fields').toBe(false);
  expect(intersect(column, fields), 'photo column × fields').toBe(false);
  // Nothing of the table is cut off at the drawer's right edge either.
  const body = await box(drawer.locator('.ant-drawer-body'));
  expect(fields.x + fields.width).toBeLessThanOrEqual(body.x + body.width);
  await drawer.getByRole('tab', { name: /提交与审核记录/ }).click();
  const history = await box(drawer.getByTestId('history'));
  expect(intersect(column, history), 'photo column × history').toBe(false);
  await drawer.getByRole('tab', { name: '报名信息' }).click();
  await expect(drawer.getByTestId('person-fields')).toBeVisible();
  void page;
}

test('the detail lays out photo, fields and history without overlap at 1366×768 and 1920×1080', async ({ page }) => {
  const [zhang, li, wang] = env.persons;
  await signIn(page, env.reviewer);
  await page.getByRole('link', { name: zhang!.name }).click();
  const drawer = page.locator('.ant-drawer').filter({ has: page.getByTestId('person-fields') });
  await expect(drawer.getByTestId('person-fields')).toContainText(zhang!.idNumber);
  const photo = drawer.getByTestId('photo-real-size');
  await expect(photo).toBeVisible();
  // Fujian's 402×461 shows at its real size.
  expect(await photo.evaluate((el) => { const i = el as unknown as { naturalWidth: number; naturalHeight: number; clientWidth: number; clientHeight: number }; return [i.naturalWidth, i.naturalHeight, i.clientWidth, i.clientHeight]; })).toEqual([402, 461, 402, 461]);
  await expect(drawer.getByTestId('photo-caption')).toContainText('402 × 461 像素');
  await expect(drawer.getByTestId('photo-caption')).toContainText('实际大小显示');

  for (const [width, height, n] of [[1366, 768, 60], [1920, 1080, 62]] as const) {
    await page.setViewportSize({ width, height });
    await expectNoOverlap(page, drawer);
    await expectOneLine(drawer.getByTestId('person-id-number'));
    await expectReadableKbds(drawer.locator('.ant-drawer-header'), ['default', 'primary', 'danger']);
    await shot(page, `${n}-人员详情-${width}`);
    if (width === 1366) {
      await drawer.getByRole('tab', { name: /提交与审核记录/ }).click();
      await shot(page, `${n + 1}-提交与审核记录-${width}`);
      await drawer.getByRole('tab', { name: '报名信息' }).click();
    }
  }
  await page.setViewportSize({ width: 1366, height: 768 });

  // 李明's 804×922 is wider than the column: shown scaled, said so, and at real size on request.
  await page.keyboard.press('j');
  await expect(page.locator('.ant-drawer-title')).toContainText(li!.name);
  await expect(drawer.getByTestId('photo-caption')).toContainText('804 × 922 像素');
  await expect(drawer.getByTestId('photo-caption')).toContainText('已缩小显示');
  expect(await photo.evaluate((el) => [el.clientWidth, el.clientHeight])).toEqual([402, 461]);
  await expectNoOverlap(page, drawer);
  await drawer.getByRole('button', { name: '按实际尺寸查看' }).click();
  const actual = page.getByTestId('photo-actual-size');
  await expect(actual).toBeVisible();
  expect(await actual.evaluate((el) => [el.clientWidth, el.clientHeight])).toEqual([804, 922]);
  await shot(page, '64-照片实际尺寸');
  await page.keyboard.press('Escape');
  await expect(actual).toBeHidden();

  // 王芳: three versions, two rejections, four evidence files; the history never meets the photo.
  await page.keyboard.press('j');
  await expect(page.locator('.ant-drawer-title')).toContainText(wang!.name);
  await drawer.getByRole('tab', { name: /提交与审核记录（3 次提交，2 条审核）/ }).click();
  const history = drawer.getByTestId('history');
  for (const t of ['第 1 次提交', '；换了照片', '第 3 次提交', '最高学历：大学专科 → 大学本科', '最高学历专业：行政管理 → 法学', '县级驳回']) await expect(history).toContainText(t);
  await shot(page, '63-三次提交的记录');
  await drawer.getByRole('tab', { name: '佐证资料（4）' }).click();
  await drawer.getByRole('button', { name: /行政执法委托书/ }).click();
  await expect(drawer.getByTestId('evidence-image')).toBeVisible();
  expect(intersect(await box(drawer.getByTestId('person-photo-column')), await box(drawer.getByTestId('evidence-image')))).toBe(false);
  await shot(page, '65-佐证资料');
});

test('on a disabled button the shortcut label stays readable', async ({ page }) => {
  // 兴宁区 has nothing waiting: 通过 and 驳回 are disabled.
  await signIn(page, env.idleReviewer);
  await expect(page.getByText('没有等待你审核的人员。')).toBeVisible();
  await expectReadableKbds(page.locator('.console-main'), ['disabled']);
  await shot(page, '66-无待审核时的快捷键');
});

test('an administrator opens a batch\'s people from 批次与导出 and a person read-only', async ({ page }) => {
  const [, , wang] = env.persons;
  await signIn(page, env.admin);
  await page.getByRole('menuitem', { name: '批次与导出' }).click();
  const row = page.getByRole('row', { name: new RegExp(env.batchNumber) });
  await expect(row).toContainText('青秀区市场监督管理局');
  await expectOneLine(row.getByText(env.batchNumber));
  await shot(page, '67-批次与导出');
  await row.getByRole('button', { name: '查看人员' }).click();
  const list = page.getByTestId('batch-persons');
  await expect(list.getByRole('row')).toHaveCount(4); // header + 3
  await expect(list.getByRole('row', { name: new RegExp(wang!.name) })).toContainText('第 3 次');
  await expectOneLine(list.getByText(wang!.idNumber));
  await shot(page, '68-批次人员');

  await list.getByRole('button', { name: wang!.name }).click();
  const drawer = page.locator('.ant-drawer').filter({ has: page.getByTestId('person-fields') });
  await expect(drawer.getByTestId('person-fields')).toContainText(wang!.idNumber);
  await expect(drawer.getByTestId('person-notice')).toContainText('管理员只能查看人员，不能审核');
  await expect(drawer.getByRole('button', { name: /通过/ })).toHaveCount(0);
  await expect(drawer.getByRole('button', { name: /驳回/ })).toHaveCount(0);
  await expect(drawer.getByTestId('photo-real-size')).toBeVisible();
  await expectNoOverlap(page, drawer);
  await expectOneLine(drawer.getByTestId('person-id-number'));
  await shot(page, '69-管理员只读查看');
  // A and R do nothing here: no rejection dialog, the person still waits.
  await page.keyboard.press('r');
  await page.keyboard.press('a');
  await expect(page.getByRole('dialog', { name: /驳回/ })).toHaveCount(0);
  await expect(drawer.getByTestId('person-status')).toHaveText('待审核');
  // J/K move through the batch's list.
  await page.keyboard.press('k');
  await expect(page.locator('.ant-drawer-title', { hasText: `${env.persons[1]!.name}（2 / 3）` })).toBeVisible();
});
