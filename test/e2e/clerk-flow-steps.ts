import fs from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { answerPath } from './path-prompt.js';
import { PEOPLE, TINY_PDF, fillTemplate, portrait, type FlowEnv } from './clerk-flow-data.js';
import type { Reviewer } from './flow-reviewer.js';

/**
 * The clerk's whole job on the real screens (start-flow.ts: one review level, 交费 on, one exam in
 * 网络报名), one function a step, shared by the main end-to-end test (full-flow.spec.ts) and the pictures
 * of the clerk's 使用说明 (test/manual-shots/clerk.shots.ts), so a changed screen is fixed in one place.
 * Each step asserts what the clerk must see; at the moments worth a picture it calls the caller's
 * picture for that moment, if the caller has one (the e2e test and the manual take different ones).
 */
export type Moment =
  | 'sign-in-filled' | 'first-password' | 'synced'
  | 'template-menu' | 'path-prompt' | 'imported' | 'id-error'
  | 'photos-imported' | 'findings' | 'photo-problem' | 'photo-fixed'
  | 'evidence' | 'payment' | 'submitted'
  | 'return-news' | 'returns' | 'return-edited' | 'resubmit-confirm'
  | 'study-accounts' | 'home' | 'manage';

export interface ClerkFlow {
  page: Page;
  env: FlowEnv;
  reviewer: Reviewer;
  pictures: Partial<Record<Moment, () => Promise<void>>>;
}

const picture = (f: ClerkFlow, moment: Moment) => f.pictures[moment]?.() ?? Promise.resolve();

export async function menu(page: Page, name: string): Promise<void> {
  await page.getByRole('menuitem', { name }).click();
  await expect(page.getByRole('menuitem', { name })).toHaveClass(/ant-menu-item-selected/);
}
/** Closes a drawer with its 关闭 button and waits until it is gone (Escape needs the focus inside it). */
export async function closeDrawer(drawer: Locator): Promise<void> {
  await drawer.getByRole('button', { name: '关闭' }).click();
  await expect(drawer).toBeHidden();
}
/**
 * 同步 on 同步设置, found by its text: after its first use antd spaces the two characters (同 步), and it
 * spins while a background pull runs.
 */
export const syncButton = (page: Page) => page.locator('button').filter({ hasText: /^同\s?步$/ });

/** 同步设置: the server, no proxy, the first sign-in with its password change, then 同步 (reference data). */
export async function signInFirstTime(f: ClerkFlow): Promise<void> {
  const { page, env } = f;
  await page.goto(`${env.url}/#token=${env.token}`);
  await expect(page.getByRole('menuitem', { name: '首页' })).toBeVisible();
  await menu(page, '同步设置');
  await page.getByLabel('服务器地址').fill(env.serverUrl);
  await page.getByRole('radio', { name: '不用代理' }).check();
  await page.getByRole('button', { name: '保存连接设置' }).click();
  await expect(page.getByText('连接设置已保存。')).toBeVisible();
  await page.getByLabel('用户名').fill(env.clerk.username);
  await page.getByLabel('密码', { exact: true }).fill(env.clerk.password);
  await picture(f, 'sign-in-filled');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByLabel('新密码', { exact: true })).toBeVisible();
  await picture(f, 'first-password');
  await page.getByLabel('新密码', { exact: true }).fill('Qingxiu2026ok');
  await page.getByLabel('再次填写新密码').fill('Qingxiu2026ok');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('密码已修改。')).toBeVisible();
  await syncButton(page).click();
  await expect(page.getByText(/同步完成/)).toBeVisible();
  await expect(page.getByText('照片规格由同步服务器规定')).toBeVisible();
  await picture(f, 'synced');
}

/** 人员导入: 模板 ▾ 新报名人员模板, filled as in Excel, 导入: everyone has a finding until the photos come. */
export async function importFilledTemplate(f: ClerkFlow): Promise<void> {
  const { page, env } = f;
  await menu(page, '人员导入');
  await page.getByRole('button', { name: '模板' }).click();
  await expect(page.getByRole('menuitem', { name: '新报名人员模板' })).toBeVisible();
  await picture(f, 'template-menu');
  const template = path.join(env.work, '采集表模板.xlsx');
  await page.getByRole('menuitem', { name: '新报名人员模板' }).click();
  await answerPath(page, template);
  await expect(page.getByText(/模板已保存到/)).toBeVisible();
  const filled = path.join(env.work, '青秀区市场监督管理局-采集表.xlsx');
  await fillTemplate(template, filled);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await expect(page.getByLabel('文件路径')).toBeVisible();
  await page.getByLabel('文件路径').fill(filled);
  await picture(f, 'path-prompt');
  await answerPath(page, filled);
  // Everyone counts until their photo is there (issue 17: a missing photo is a finding from the start).
  await expect(page.getByText(/已导入批次 .*共 3 人，3 人有错误/)).toBeVisible();
  await expect(page.getByText('共有 3 条数据')).toBeVisible();
  await picture(f, 'imported');
}

/** The wrong ID, fixed in the form: the finding goes as the right number is typed. */
export async function fixWrongId(f: ClerkFlow): Promise<void> {
  const { page } = f;
  await page.getByRole('cell', { name: '黄海燕' }).click();
  const drawer = page.getByRole('dialog', { name: /黄海燕/ });
  await expect(drawer.getByText(/校验码/).first()).toBeVisible();
  await picture(f, 'id-error');
  await drawer.getByLabel('持证人身份证号码').fill(PEOPLE[1]!.idNumber);
  await expect(drawer.getByText(/校验码/)).toHaveCount(0);
  await drawer.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存，没有错误。')).toBeVisible();
  await closeDrawer(drawer);
}

/** 照片导入: two fit, one is four times too big; 一键修正 in its form fixes it and the batch has no findings. */
export async function importPhotosAndFixOne(f: ClerkFlow): Promise<void> {
  const { page, env } = f;
  const photos = path.join(env.work, '照片');
  fs.mkdirSync(photos);
  fs.writeFileSync(path.join(photos, `${PEOPLE[0]!.idNumber}.jpg`), await portrait(90, 120, 0x10));
  fs.writeFileSync(path.join(photos, `${PEOPLE[1]!.idNumber}.jpg`), await portrait(90, 120, 0x30));
  fs.writeFileSync(path.join(photos, `${PEOPLE[2]!.idNumber}.jpg`), await portrait(360, 480, 0x50));
  await page.getByRole('button', { name: '照片导入' }).click();
  await answerPath(page, photos);
  await expect(page.getByText(/新加照片 3 张.*其中 1 张不符合照片要求/)).toBeVisible();
  await picture(f, 'photos-imported');
  await page.getByRole('button', { name: '知道了' }).click();
  await page.getByRole('tab', { name: '问题清单' }).click();
  const findings = page.getByRole('tabpanel', { name: '问题清单' });
  await expect(findings.getByText(/照片尺寸|像素/).first()).toBeVisible();
  await picture(f, 'findings');
  await findings.getByRole('row').filter({ hasText: '覃志强' }).getByRole('button', { name: '查看' }).click();
  const drawer = page.getByRole('dialog', { name: /覃志强/ });
  await expect(drawer.getByTestId('photo-preview')).toBeVisible();
  await picture(f, 'photo-problem');
  await drawer.getByRole('button', { name: '一键修正' }).click();
  await expect(page.getByText(/照片已修正/)).toBeVisible();
  await expect(drawer.getByText('照片符合要求。')).toBeVisible();
  await picture(f, 'photo-fixed');
  await closeDrawer(drawer);
  await expect(findings.getByText('没有错误，可以提交。')).toBeVisible();
}

/** 佐证资料: one PDF added to the batch. */
export async function addEvidence(f: ClerkFlow): Promise<void> {
  const { page, env } = f;
  const pdf = path.join(env.work, '三定方案.pdf');
  fs.writeFileSync(pdf, TINY_PDF);
  await page.getByRole('button', { name: '佐证资料' }).click();
  await page.getByRole('button', { name: '添加文件' }).click();
  await answerPath(page, pdf);
  await expect(page.getByRole('cell', { name: '三定方案.pdf' })).toBeVisible();
  await picture(f, 'evidence');
  await closeDrawer(page.getByRole('dialog', { name: '佐证资料' }));
}

/**
 * 交费 (fees on): 3 人 × 200 元 from the batch's exam, the transfer's reference, the bank's slip and the
 * receipt details; saved here, it goes with the batch's 提交.
 */
export async function fillPayment(f: ClerkFlow): Promise<void> {
  const { page, env } = f;
  const slip = path.join(env.work, '银行回单.pdf');
  fs.writeFileSync(slip, TINY_PDF);
  await page.getByRole('button', { name: '交费', exact: true }).click();
  const pay = page.getByRole('dialog', { name: /交费 — 批次/ });
  await expect(pay.getByTestId('payment-amount')).toHaveText('600 元');
  await pay.getByLabel('流水号/附言').fill('青秀区市场监管局 3 人考试费');
  await pay.getByRole('button', { name: '选择文件' }).click();
  await answerPath(page, slip);
  await expect(pay.getByTestId('payment-slip')).toHaveText('银行回单.pdf');
  await pay.getByLabel('收据抬头').fill('南宁市青秀区市场监督管理局');
  await pay.getByLabel('纳税人识别号').fill('11450103MB00000001');
  await pay.getByLabel('领取人').fill('韦小宁');
  await pay.getByLabel('联系电话').fill('0771-5551234');
  await pay.getByLabel('邮寄地址').fill('南宁市青秀区民族大道100号');
  await picture(f, 'payment');
  await pay.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(/交费信息已保存，提交批次时一起提交到司法局/)).toBeVisible();
  await expect(pay).toBeHidden();
}

/** 人员提交: the background pusher sends the batch. */
export async function submitBatch(f: ClerkFlow): Promise<void> {
  const { page } = f;
  await menu(page, '人员提交');
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page.getByRole('cell', { name: '已提交' })).toBeVisible({ timeout: 30_000 });
  await picture(f, 'submitted');
}

/**
 * The reviewer returns 黄海燕 with a comment; 同步 brings it to 人员退回; the clerk edits and saves
 * (nothing is sent), then 重新提交 sends her again: the server gets version 2 and 人员退回 empties.
 */
export async function returnAndResubmit(f: ClerkFlow): Promise<void> {
  const { page, reviewer } = f;
  expect(await reviewer.decide((p) => p.name === '黄海燕', 'rejected', '照片不是近期照片，所学专业请写全称。')).toBe(1);
  await menu(page, '同步设置');
  await syncButton(page).click();
  // The sync's own result and, once the status bar has it, the bar's news.
  await expect(page.getByText(/退回 1 人/).first()).toBeVisible();
  await picture(f, 'return-news');
  await menu(page, '人员退回');
  await expect(page.getByRole('cell', { name: '照片不是近期照片，所学专业请写全称。' })).toBeVisible();
  await picture(f, 'returns');
  await page.getByRole('row').filter({ hasText: '黄海燕' }).getByRole('button', { name: '修改' }).click();
  const drawer = page.getByRole('dialog', { name: /黄海燕/ });
  await expect(drawer.getByText('审核记录')).toBeVisible();
  await drawer.getByLabel('最高学历专业').fill('法学（行政法方向）');
  await drawer.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(/已保存，没有错误。改完后点“重新提交”/)).toBeVisible();
  await picture(f, 'return-edited');
  await drawer.getByRole('button', { name: '重新提交' }).click();
  await expect(page.locator('.ant-popconfirm')).toBeVisible();
  await picture(f, 'resubmit-confirm');
  await page.locator('.ant-popconfirm').getByRole('button', { name: '重新提交' }).click();
  await expect(page.getByText(/已重新提交，已加入待提交队列/)).toBeVisible();
  await closeDrawer(drawer);
  await expect.poll(() => reviewer.waitingVersion('黄海燕'), { timeout: 30_000 }).toBe(2);
  await menu(page, '首页');
  await menu(page, '人员退回');
  await expect(page.getByText('没有被退回的人员。')).toBeVisible();
}

/**
 * The reviewer (the only, so final, level) sees the payment the push took along — the clerk's reference,
 * all three awaiting it — and marks the batch 已交费.
 */
export async function reviewerMarksPaid(f: ClerkFlow): Promise<void> {
  const paid = (await f.reviewer.batches())[0]!;
  expect(paid.payment).toMatchObject({ info: { transferRef: '青秀区市场监管局 3 人考试费' }, awaitingPayment: 3 });
  await f.reviewer.markPaid(paid.batchId);
}

/**
 * 同步 brings the study accounts and 已开通网络培训. The button may spin while a background pull runs,
 * which may bring them first: the outcome is checked, not the message of this one pull (the status
 * bar's notice adds up every pull's news, whichever pull brought it).
 */
export async function syncStudyAccounts(f: ClerkFlow): Promise<void> {
  const { page } = f;
  await menu(page, '同步设置');
  await expect(syncButton(page)).toBeEnabled({ timeout: 60_000 });
  await syncButton(page).click();
  await expect(page.getByText(/已交费，已开通网络培训 3 人/).first()).toBeVisible({ timeout: 30_000 });
  await picture(f, 'study-accounts');
}

/** 首页: the news of the study accounts and three 审核通过. */
export async function homeShowsApproval(f: ClerkFlow): Promise<void> {
  const { page } = f;
  await menu(page, '首页');
  await expect(page.getByTestId('home-news')).toContainText('已交费，已开通网络培训 3 人');
  await expect(page.locator('.ant-statistic').filter({ hasText: '审核通过' })).toContainText('3');
  await picture(f, 'home');
}

/** 人员管理: the three, 黄海燕 with her study account (name and birth date). */
export async function manageShowsStudyAccounts(f: ClerkFlow): Promise<void> {
  const { page } = f;
  await menu(page, '人员管理');
  await expect(page.getByRole('cell', { name: '黄海燕', exact: true })).toBeVisible();
  await expect(page.getByText('黄海燕19900718', { exact: true })).toBeVisible();
  await expect(page.getByText('共有 3 条数据')).toBeVisible();
  await picture(f, 'manage');
}

/**
 * The batch's way from the template to the reviewer and back, after the first sign-in: import, fix the
 * ID and the photo, 佐证资料, 交费, 提交, then the return of 黄海燕 and her 重新提交.
 */
export async function batchFromTemplateToResubmit(f: ClerkFlow): Promise<void> {
  await importFilledTemplate(f);
  await fixWrongId(f);
  await importPhotosAndFixOne(f);
  await addEvidence(f);
  await fillPayment(f);
  await submitBatch(f);
  await returnAndResubmit(f);
}
