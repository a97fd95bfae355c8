import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startBackendChild } from './backend-child.js';
import { check, open, still } from './clerk-layout.js';
import { answerPath } from './path-prompt.js';

/**
 * Exam tasks on the desktop at 1366×768 (issue 19), in real Chromium on the real handlers through the
 * web bridge, the exams pulled from the real sync server (test/e2e/start-exams-desktop.ts; the desktop's
 * clock at 2026-09-16): 首页's warning that 报名 closes in 2 days; 考试信息's table of exams with 任务状态
 * computed on the desktop (报名中 twice, 已结束, 未开始) and a row opened on its stage windows; 人员导入's
 * warning and the batch's exam; 导入 with two exams open asks which one in a dialog and the new batch
 * shows it. Every table measured: no column hidden or scrolled sideways, no header on two lines, no
 * one-character wrapping. Then a batch imported before any exam was known gets its exam in 人员导入 by
 * keyboard (选择考试), its person of another 考试类别 named in 问题清单 before 提交, and 同步设置's
 * 报名截止提醒 days are checked and drive 首页's warning. Screenshots exams-desktop-95… in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
let stopChild = () => {};
let info: { url: string; token: string; second: string; examIds: number[] };

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof info>('test/e2e/start-exams-desktop.ts');
  info = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

const WARNING = '2026年度广西行政执法人员资格考试的网络报名将于 9月18日 截止（还有 2 天），请尽快提交。';

test('考试信息 shows the exams with their states, 首页 and 人员导入 warn before 报名 closes, 导入 ties the batch to the exam chosen', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${info.url}/#token=${info.token}`);

  // 首页: the Guangxi exam's 报名 closes on 9月18日 and a batch of it is not submitted.
  const homeWarning = page.getByTestId('deadline-warning');
  await expect(homeWarning).toHaveCount(1);
  await expect(homeWarning).toContainText(WARNING);
  await expect(homeWarning).toContainText('本单位还有 1 个批次没有提交');
  await check(page, 'exams-desktop-95-首页-报名截止提醒.png');

  // 考试信息: the exam table above the scores, states by the desktop's date.
  await open(page, '考试信息');
  const exams = page.getByTestId('exam-tasks');
  const row = (name: string) => exams.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
  await expect(row('2026年度广西行政执法人员资格考试')).toContainText('报名中2 天后截止');
  await expect(row('2026年度广西行政执法人员资格考试（第二批）')).toContainText('报名中24 天后截止');
  await expect(row('2025年度广西行政执法人员资格考试')).toContainText('已结束');
  await expect(row('2027年度广西行政执法人员资格考试')).toContainText('未开始');
  // 开始时间 and 结束时间: the exam's whole span, from 报名 to the last exam day.
  await expect(row('2026年度广西行政执法人员资格考试')).toContainText('2026-08-15');
  await expect(row('2026年度广西行政执法人员资格考试')).toContainText('2026-11-05');
  await expect(page.getByRole('columnheader', { name: '考试名称' })).toBeVisible();
  await expect(page.getByText('人员考试成绩', { exact: true })).toBeVisible();
  await check(page, 'exams-desktop-96-考试信息.png');

  // A row opened: every stage's window, where today stands in it, the fee and the sites.
  await row('2026年度广西行政执法人员资格考试').getByRole('button', { name: /展开行|Expand row/ }).click();
  const stages = page.getByTestId('exam-stages');
  await expect(stages.getByRole('row')).toHaveCount(7);
  await expect(stages.getByRole('row').filter({ hasText: '网络报名' })).toContainText('2026-08-152026-09-18进行中');
  await expect(stages.getByRole('row').filter({ hasText: '打印准考证' })).toContainText('13 天后开始');
  await expect(stages).toContainText('考试费 200 元/人；考点：南宁市考点、柳州市考点、桂林市考点');
  await check(page, 'exams-desktop-97-考试信息-阶段时间.png');

  // 人员导入: the same warning, and the batch's exam in the table.
  await open(page, '人员导入');
  await expect(page.getByTestId('deadline-warning')).toContainText(WARNING);
  const batches = page.locator('.ant-table').first();
  await expect(batches.getByRole('row').filter({ hasText: '2026年度…法人员资格考试' })).toHaveCount(1);

  // 导入 with two exams in 报名: the window asks which one, the batch registers for the one chosen.
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await answerPath(page, info.second);
  const choose = page.getByRole('dialog', { name: '报名哪个考试？' });
  await expect(choose).toContainText('现在有 2 个考试正在网络报名');
  await expect(choose.getByRole('button', { name: '确定' })).toBeDisabled();
  // By keyboard: the Select has the focus; ↓ opens it and moves to the second exam, Enter picks it.
  await expect(choose.getByRole('combobox')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const options = page.locator('.ant-select-dropdown');
  await still(options);
  await expect(options.getByText('2026年度广西行政执法人员资格考试（第二批）')).toBeVisible();
  const active = options.locator('.ant-select-item-option-active');
  for (let i = 0; i < 3 && !(await active.textContent())?.includes('第二批'); i++) await page.keyboard.press('ArrowDown');
  await expect(active).toContainText('（第二批）');
  await page.keyboard.press('Enter');
  await expect(choose.locator('.ant-select')).toContainText('（第二批）');
  await still(choose.locator('..').locator('..'));
  await page.screenshot({ path: path.join(shots, 'exams-desktop-98-导入-选择考试.png') });
  await choose.getByRole('button', { name: '确定' }).click();
  await expect(page.getByText(/已导入批次 XZZF\S+，报名“2026年度广西行政执法人员资格考试（第二批）”：共 3 人/)).toBeVisible();
  // The exams' names told apart in the narrow column: the year and the tail, the whole name in the tooltip.
  await expect(batches.getByRole('row').filter({ hasText: '2026年度…考试（第二批）' })).toHaveCount(1);
  await expect(batches.getByRole('row').filter({ hasText: '2026年度…法人员资格考试' })).toHaveCount(1);
  await expect(batches.getByRole('row').filter({ hasText: '（第二批）' })).toContainText('XZZF');
  // The second exam's 报名 runs for 24 days more: still one warning, for the first exam's batch.
  await expect(page.getByTestId('deadline-warning')).toHaveCount(1);
  await check(page, 'exams-desktop-99-人员导入-批次考试.png');

  expect(errors).toEqual([]);
});

test('人员导入: an old batch without an exam gets one by keyboard, its misfit 考试类别 shows in 问题清单; 同步设置 sets the warning days', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${info.url}/#token=${info.token}`);
  await open(page, '人员导入');
  const batches = page.locator('.ant-table').first();
  const oldRow = batches.getByRole('row').filter({ has: page.getByRole('button', { name: /^选择考试（批次 XZZF/ }) });
  await expect(oldRow).toHaveCount(1);
  await expect(oldRow).toContainText('填报中');
  await expect(page.getByTestId('deadline-warning')).toContainText('本单位还有 1 个批次没有提交');

  // By keyboard: the link takes the focus, Enter opens the dialog, the Select has the focus there.
  await oldRow.getByRole('button', { name: /^选择考试/ }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /^选择考试：批次 XZZF/ });
  await expect(dialog).toContainText('这个批次还没有选择考试，选好后才能提交。');
  await expect(dialog.getByRole('button', { name: '确定' })).toBeDisabled();
  await expect(dialog.getByRole('combobox')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const options = page.locator('.ant-select-dropdown');
  await still(options);
  // 报名 open or still to come: the two 2026 exams and next year's; last year's is over.
  await expect(options.locator('.ant-select-item-option')).toHaveCount(3);
  await expect(options).not.toContainText('2025年度');
  const active = options.locator('.ant-select-item-option-active');
  await expect(active).toContainText('2026年度广西行政执法人员资格考试（综合法律知识考试，报名至 2026-09-18）');
  await page.keyboard.press('Enter');
  await expect(dialog.locator('.ant-select')).toContainText('报名至 2026-09-18');
  await still(dialog.locator('..').locator('..'));
  await page.screenshot({ path: path.join(shots, 'exams-desktop-100-人员导入-选择考试.png') });
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(dialog).toBeHidden();

  // The person down for 专业法律知识考试 does not fit the exam: said now, before 提交, as the server would.
  await expect(page.getByText(/批次 XZZF\S+ 报名“2026年度广西行政执法人员资格考试”。其中 1 人的考试类别与这个考试不符/)).toBeVisible();
  await expect(batches.getByRole('button', { name: /^选择考试/ })).toHaveCount(0);
  await expect(batches.getByRole('button', { name: /^更改考试（批次 XZZF/ })).toHaveCount(3);
  await expect(page.getByTestId('deadline-warning')).toContainText('本单位还有 2 个批次没有提交');
  await page.getByRole('tab', { name: '问题清单' }).click();
  await expect(page.getByText('卢专业的考试类别是“专业法律知识考试”，而本批次报名的2026年度广西行政执法人员资格考试是“综合法律知识考试”。', { exact: false })).toBeVisible();
  await check(page, 'exams-desktop-101-人员导入-考试类别不符.png');

  // 同步设置 → 报名截止提醒: checked in Chinese, then 1 day (报名 closes in 2: no warning), then 3 again.
  await open(page, '同步设置');
  const days = page.getByLabel('提前提醒天数');
  await expect(days).toHaveValue('3');
  await days.fill('31');
  await days.press('Enter');
  const tooMany = page.getByText('提前提醒的天数最多 30 天。');
  await expect(tooMany).toBeVisible();
  await tooMany.scrollIntoViewIfNeeded();
  await check(page, 'exams-desktop-102-同步设置-提醒天数.png');
  await days.fill('1');
  await days.press('Enter');
  await expect(page.getByText('报名截止前 1 天起提醒尚未提交的批次。')).toBeVisible();
  // 首页 asks main for the warnings once it shows: with its answer in, there is none.
  const listed = page.waitForResponse((r) => r.url().endsWith('/api/examTasks.list') && r.ok());
  await open(page, '首页');
  await listed;
  await expect(page.getByTestId('deadline-warning')).toHaveCount(0);
  await open(page, '同步设置');
  await expect(days).toHaveValue('1');
  await days.fill('3');
  await days.press('Enter');
  await expect(page.getByText('报名截止前 3 天起提醒尚未提交的批次。')).toBeVisible();
  await open(page, '首页');
  await expect(page.getByTestId('deadline-warning')).toContainText(WARNING);

  expect(errors).toEqual([]);
});
