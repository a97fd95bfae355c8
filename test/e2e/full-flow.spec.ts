import fs from 'node:fs';
import path from 'node:path';
import { startBackendChild } from './backend-child.js';
import { expect, test, type Page } from '@playwright/test';
import { adminToken, certificatesStep } from './flow-certificates.js';
import { check } from './clerk-layout.js';
import { PEOPLE, type FlowEnv } from './clerk-flow-data.js';
import { reviewerAt } from './flow-reviewer.js';
import * as step from './clerk-flow-steps.js';

/**
 * The clerk's whole job in real Chromium, through the web bridge, against the real sync server:
 * sign in (first password change), download the template, fill it, import it, fix a wrong ID in the
 * form, import photos and fix one, add evidence, submit; a reviewer returns one person through the
 * server's API; 同步 brings the comment to 人员退回; the clerk edits and saves (nothing is sent), then
 * 重新提交 sends the person out again; the reviewer approves; 同步 brings the study accounts. Screenshots of each screen.
 * With 交费 on (issue 19), the clerk fills the batch's 交费信息 with the remittance slip before 提交; the
 * approved people's study accounts come only after the reviewer marks the batch 已交费. Then 取证 (issue 19,
 * flow-certificates.ts): the scores and the exam's 公告 date from the administrator, the numbers by the
 * unit's rule previewed, saved and uploaded by the clerk, and read back from the server's 取证名单.
 * The steps are clerk-flow-steps.ts, which the 使用说明's pictures (test/manual-shots/clerk.shots.ts) walk too.
 */
const shots = path.resolve('test-results/screenshots');
let stopChild = () => {};
let env: FlowEnv;

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<FlowEnv>('test/e2e/start-flow.ts');
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => {
  stopChild();
});

/** This test's screenshots, at the flow's moments (the manual takes others). */
const SCREENSHOTS: Partial<Record<step.Moment, string>> = {
  synced: '04-同步设置.png',
  'id-error': '05-人员表单-身份证号错误.png',
  findings: '06-问题清单.png',
  'photo-fixed': '07-人员表单-照片已修正.png',
  evidence: '08-佐证资料.png',
  payment: '08b-交费.png',
  submitted: '09-人员提交.png',
  returns: '03-人员退回-审核意见.png',
  home: '01-首页-审核通过.png',
  manage: '10-人员管理-学习账号.png',
};
const screenshots = (page: Page) =>
  Object.fromEntries(Object.entries(SCREENSHOTS).map(([moment, file]) => [moment, () => page.screenshot({ path: path.join(shots, file), fullPage: true }).then(() => {})]));

test('报名 from template to study account, with a return in between', async ({ page }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const flow: step.ClerkFlow = { page, env, reviewer: reviewerAt(env.serverUrl, env.reviewer), pictures: screenshots(page) };

  await step.signInFirstTime(flow);
  await step.batchFromTemplateToResubmit(flow);

  // Approved, but unpaid: 同步 brings the decisions and no study account yet (待交费).
  expect(await flow.reviewer.decide(() => true, 'approved')).toBe(3);
  await step.menu(page, '同步设置');
  await step.syncButton(page).click();
  await expect(page.getByText(/通过 3 人），学习账号 0 个/)).toBeVisible();
  await step.reviewerMarksPaid(flow);
  await step.syncStudyAccounts(flow);
  await step.homeShowsApproval(flow);
  await step.manageShowsStudyAccounts(flow);

  // 取证: the administrator imports the scores (all passed) and enters the exam's 公告 date; the clerk
  // numbers the three by the unit's rule, previews, saves and uploads; the 取证名单 has them.
  await certificatesStep(page, { serverUrl: env.serverUrl, token: await adminToken(env.serverUrl, env.admin), people: PEOPLE, shot: (name) => check(page, name) });
  expect(errors).toEqual([]);
});
