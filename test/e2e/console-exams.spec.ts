import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';

/**
 * 考试任务 in the reviewer's console at 1366×768, against the real server (start-exams.ts: its clock
 * says 2026-09-10 in China): the administrator adds the Guangxi exam in the form, sees it 报名中 with
 * its deadline, extends 网络报名 with a reason (refused without one), and sees the new deadline and the
 * history; then edits the fee. Every table is measured: no column cut or scrolled sideways, no header
 * wrapped. Screenshots console-90… in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
let env: { url: string; admin: { username: string; password: string } };
let stopChild = () => {};

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof env>('test/e2e/start-exams.ts');
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `console-${name}.png`) });

/** Types a window into a RangePicker (start, Enter, end, Enter), as a keyboard user does. */
async function typeRange(page: Page, id: string, start: string, end: string): Promise<void> {
  const picker = page.locator('.ant-picker-range').filter({ has: page.locator(`#${id}`) });
  const inputs = picker.locator('input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(start);
  await inputs.nth(0).press('Enter');
  await inputs.nth(1).fill(end);
  await inputs.nth(1).press('Enter');
  await expect(inputs.nth(0)).toHaveValue(start);
  await expect(inputs.nth(1)).toHaveValue(end);
}

/** Every table on the page: nothing scrolled sideways, no header cell wrapped or cut, no nowrap text past its column. */
async function expectTablesFit(page: Page): Promise<void> {
  const problems = await page.evaluate(() => {
    // The tests compile without the DOM library: the little of it used here, spelled out.
    type Rect = { top: number; right: number };
    type El = { textContent: string | null; scrollWidth: number; clientWidth: number; getBoundingClientRect(): Rect; closest(s: string): El | null };
    type Doc = { querySelectorAll(s: string): ArrayLike<El>; createRange(): { selectNodeContents(e: El): void; getClientRects(): ArrayLike<Rect> } };
    const doc = (globalThis as unknown as { document: Doc }).document;
    const out: string[] = [];
    for (const t of Array.from(doc.querySelectorAll('.ant-table-content, .ant-table-body'))) {
      if (t.scrollWidth > t.clientWidth + 1) out.push(`table scrolls sideways: ${t.scrollWidth} > ${t.clientWidth}`);
    }
    for (const th of Array.from(doc.querySelectorAll('th.ant-table-cell'))) {
      const text = th.textContent?.trim() ?? '';
      if (!text) continue;
      const range = doc.createRange();
      range.selectNodeContents(th);
      const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
      if (lines > 1) out.push(`header “${text}” wraps over ${lines} lines`);
      if (th.scrollWidth > th.clientWidth + 1) out.push(`header “${text}” is cut`);
    }
    for (const el of Array.from(doc.querySelectorAll('td .console-nowrap'))) {
      const td = el.closest('td')!;
      if (el.getBoundingClientRect().right > td.getBoundingClientRect().right + 1) out.push(`cell “${el.textContent}” overflows its column`);
    }
    return out;
  });
  expect(problems).toEqual([]);
}

test('the administrator adds an exam, sees its state and extends 网络报名', async ({ page }) => {
  await page.goto(`${env.url}/console/`);
  await page.getByLabel('用户名').fill(env.admin.username);
  await page.getByLabel('密码').fill(env.admin.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('menuitem', { name: '考试任务' }).click();

  // Last year's exam, over.
  const old = page.getByRole('row', { name: /2025年度广西行政执法人员资格考试/ });
  await expect(old).toContainText('已结束');
  await expect(old).toContainText('2025-08-11 至 09-12');
  await expect(page.getByText('任务状态按今天（2026-09-10）计算。')).toBeVisible();
  await expectTablesFit(page);
  await shot(page, '90-考试任务');

  // 新增考试: the Guangxi notice's windows, typed.
  await page.getByRole('button', { name: '新增考试' }).click();
  const dialog = page.getByRole('dialog', { name: '新增考试' });
  await expect(dialog.getByLabel('考试名称')).toBeFocused();
  await dialog.getByLabel('考试名称').fill('2026年度广西行政执法人员资格考试');
  // Saving with a required window empty says which.
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('请选择网络报名的开始和结束日期。')).toBeVisible();
  await expect(dialog.getByText('请选择考试类别。')).toBeVisible();
  // 考试类别 by keyboard: type part of the name, Enter takes the match.
  await dialog.getByLabel('考试类别').fill('综合');
  await dialog.getByLabel('考试类别').press('Enter');
  await expect(dialog.locator('.ant-form-item', { has: page.locator('#category') })).toContainText('综合法律知识考试');
  await typeRange(page, 'windows_registration', '2026-08-15', '2026-09-18');
  await typeRange(page, 'windows_review', '2026-08-15', '2026-09-18');
  await typeRange(page, 'windows_payment', '2026-08-15', '2026-09-18');
  await typeRange(page, 'windows_training', '2026-09-19', '2026-10-19');
  await typeRange(page, 'windows_admitCard', '2026-09-29', '2026-10-19');
  await typeRange(page, 'windows_exam', '2026-10-25', '2026-11-05');
  await expect(dialog.getByLabel('考试费')).toHaveValue('200');
  const sites = dialog.getByLabel('考点');
  for (const s of ['南宁市考点', '柳州市考点', '桂林市考点']) {
    await sites.fill(s);
    await sites.press('Enter');
  }
  await expect(dialog.locator('.ant-form-item', { has: page.locator('#sites') })).toContainText('南宁市考点柳州市考点桂林市考点');
  // The whole form is on screen at 1366×768, 保存 included.
  const top = await dialog.getByText('新增考试', { exact: true }).boundingBox();
  const save = await dialog.getByRole('button', { name: '保存' }).boundingBox();
  expect(top!.y).toBeGreaterThanOrEqual(0);
  expect(save!.y + save!.height).toBeLessThanOrEqual(768);
  await shot(page, '91-新增考试');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('row', { name: /2026年度广西行政执法人员资格考试/ });
  await expect(row).toContainText('报名中');
  await expect(row).toContainText('8 天后截止');
  await expect(row).toContainText('2026-08-15 至 09-18');
  await expect(row).toContainText('200 元/人');
  await expect(row).toContainText('3 个');
  await expectTablesFit(page);
  await shot(page, '92-考试任务-报名中');

  // 延长 网络报名 from the exam's own panel (opened after saving): a reason is required.
  const newId = await row.locator('[data-testid^="exam-state-"]').getAttribute('data-testid').then((t) => t!.replace('exam-state-', ''));
  const panel = page.getByTestId(`exam-panel-${newId}`);
  await expect(panel.getByRole('row', { name: /网络报名/ })).toContainText('进行中');
  await expect(panel).toContainText('没有延长过。');
  await panel.getByRole('button', { name: '延长网络报名' }).click();
  const extend = page.getByRole('dialog', { name: '延长网络报名' });
  await expect(extend).toContainText('现在截止于 2026年9月18日');
  const date = extend.getByLabel('新的截止日期');
  await date.fill('2026-09-25');
  await date.press('Enter');
  await extend.getByRole('button', { name: '延长' }).click();
  await expect(extend.getByText('请填写延长的原因（如 部分单位因系统故障未能按时报名）。')).toBeVisible();
  await extend.getByLabel('延长原因').fill('部分单位因系统故障未能按时报名');
  await expect(extend.getByText('请填写延长的原因（如 部分单位因系统故障未能按时报名）。')).toBeHidden();
  await shot(page, '93-延长网络报名');
  await extend.getByRole('button', { name: '延长' }).click();
  await expect(extend).toBeHidden();
  await expect(page.getByText('已将2026年度广西行政执法人员资格考试的网络报名延长至 2026年9月25日。')).toBeVisible();

  await expect(row).toContainText('15 天后截止');
  await expect(row).toContainText('2026-08-15 至 09-25');
  await expect(panel.getByTestId('exam-extensions')).toContainText('sfj_admin 将网络报名截止日期由 2026-09-18 延至 2026-09-25：部分单位因系统故障未能按时报名');
  await expectTablesFit(page);
  await shot(page, '94-延长记录');

  // 编辑: the form comes back filled; the fee changes.
  await row.getByRole('button', { name: '编辑' }).click();
  const edit = page.getByRole('dialog', { name: /编辑考试/ });
  await expect(edit.getByLabel('考试名称')).toHaveValue('2026年度广西行政执法人员资格考试');
  await expect(edit.locator('#windows_registration')).toHaveValue('2026-08-15');
  await edit.getByLabel('考试费').fill('180');
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('180 元/人');
  await expect(row).toContainText('2026-08-15 至 09-25');
});
