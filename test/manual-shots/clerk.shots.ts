import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { startBackendChild } from '../e2e/backend-child.js';
import { adminToken, certificatesStep } from '../e2e/flow-certificates.js';
import { serverCaller } from '../e2e/server-api.js';
import { PEOPLE, type FlowEnv } from '../e2e/clerk-flow-data.js';
import { reviewerAt } from '../e2e/flow-reviewer.js';
import * as step from '../e2e/clerk-flow-steps.js';
import { shoot } from './shoot.js';

/**
 * The pictures of 执法单位（填报）使用说明 (docs/manual/clerk.md), in the manual's order: the clerk's whole
 * job on the real screens against the real sync server (test/e2e/start-flow.ts: one review level, 交费
 * on, one exam in 网络报名): sign-in with the first password change, 模板, 导入, fixing a wrong ID,
 * 照片导入 and 一键修正, 佐证资料, 交费, 提交, a return and 重新提交, approval, the study accounts, study
 * records and courses, 考试信息, 取证, and at last the status bar when the server cannot be reached.
 * The steps the main e2e test walks too are test/e2e/clerk-flow-steps.ts; this file names their pictures
 * and adds the screens only the manual shows. The reviewer's and the administrator's parts are done at
 * the server's API, as the console would.
 */
let env: FlowEnv;
let stopChild = () => {};

test.beforeAll(async () => {
  const started = await startBackendChild<FlowEnv>('test/e2e/start-flow.ts', { TZ: 'Asia/Shanghai' });
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

const api = (method: string, route: string, token: string, body?: unknown, raw?: Buffer) => serverCaller(env.serverUrl)(method, `/api/v1${route}`, token, body, raw);

async function xlsx(sheet: string, rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The manual's picture at each moment of the shared steps (docs/manual/images/<name>.png). */
const pictures = (page: Page): step.ClerkFlow['pictures'] => {
  const statusBar = page.getByTestId('status-bar');
  return {
    'sign-in-filled': () => shoot(page, 'clerk-sign-in'),
    'first-password': () => shoot(page, 'clerk-first-password'),
    'template-menu': () => shoot(page, 'clerk-template-menu'),
    'path-prompt': () => shoot(page, 'clerk-path-prompt'),
    imported: () => shoot(page, 'clerk-import', { toast: true }),
    'id-error': () => shoot(page, 'clerk-person-form'),
    'photos-imported': () => shoot(page, 'clerk-photo-import'),
    findings: () => shoot(page, 'clerk-findings'),
    'photo-problem': () => shoot(page, 'clerk-photo-problem'),
    'photo-fixed': () => shoot(page, 'clerk-photo-fixed', { toast: true }),
    evidence: () => shoot(page, 'clerk-evidence'),
    payment: () => shoot(page, 'clerk-payment'),
    submitted: () => shoot(page, 'clerk-submit'),
    'return-news': () => shoot(page, 'clerk-status-bar-news', { part: statusBar }),
    returns: () => shoot(page, 'clerk-returns'),
    'return-edited': () => shoot(page, 'clerk-return-edit'),
    'resubmit-confirm': () => shoot(page, 'clerk-resubmit-confirm'),
    // Taken now, not at the first sign-in: the header names the unit only once another page was opened.
    'study-accounts': () => shoot(page, 'clerk-settings', { top: true }),
    home: async () => {
      await shoot(page, 'clerk-home');
      // 知道了: the news is read, so the later pictures' status bars show the usual items only.
      await page.getByTestId('home-news').getByRole('button', { name: /知道了/ }).click();
      await expect(page.getByTestId('home-news')).toBeHidden();
    },
    manage: () => shoot(page, 'clerk-manage'),
  };
};

test('执法单位（填报）使用说明的插图', async ({ page }) => {
  test.setTimeout(300_000);
  const flow: step.ClerkFlow = { page, env, reviewer: reviewerAt(env.serverUrl, env.reviewer), pictures: pictures(page) };
  await step.signInFirstTime(flow);

  // The header's account menu.
  await page.locator('header').getByText(/青秀区市场监督管理局/).first().click();
  await expect(page.getByRole('menuitem', { name: '修改资料' })).toBeVisible();
  await shoot(page, 'clerk-account-menu');
  await page.getByRole('menuitem', { name: '修改资料' }).click();
  const profile = page.getByRole('dialog', { name: '修改资料' });
  await profile.getByLabel('联系人', { exact: true }).fill('韦小宁');
  await profile.getByLabel('联系电话').fill('0771-5551234');
  await shoot(page, 'clerk-profile');
  await profile.getByRole('button', { name: /保\s?存/ }).click();
  await expect(profile).toBeHidden();

  await step.batchFromTemplateToResubmit(flow);

  // Approved and paid: the study accounts come.
  expect(await flow.reviewer.decide(() => true, 'approved')).toBe(3);
  await step.reviewerMarksPaid(flow);

  // The administrator's part: the study platform's records and the course table.
  const admin = await adminToken(env.serverUrl, env.admin);
  const STUDY_HEADER = ['序号', '姓名', '身份证号', '手机号', '地区', '单位', '更新时间', '开始时间', '学习状态', '结束时间', '考试状态', '考试成绩', '考试完成时间', '学习总时长', '学习总时长', '学习总时长'];
  const study = [
    [1, PEOPLE[0]!.name, PEOPLE[0]!.idNumber, '13807710001', '南宁市青秀区', '青秀区市场监督管理局', '2026-12-01 10:00:00', '2026-11-20 08:30:00', '学习完成', '2026-11-30 17:00:00', '已考试', '86', '2026-11-30 16:40:00', 7, 0, 7],
    [2, PEOPLE[1]!.name, PEOPLE[1]!.idNumber, '13807710002', '南宁市青秀区', '青秀区市场监督管理局', '2026-12-01 10:00:00', '2026-11-21 09:00:00', '学习中', '', '未考试', '0', '', 4, 0, 4],
    [3, PEOPLE[2]!.name, PEOPLE[2]!.idNumber, '13807710003', '南宁市青秀区', '青秀区市场监督管理局', '2026-12-01 10:00:00', '2026-11-20 14:00:00', '学习完成', '2026-11-29 11:00:00', '已考试', '78', '2026-11-29 10:30:00', 6.5, 0, 6.5],
  ];
  await api('POST', `/admin/records/study_record/import?fileName=${encodeURIComponent('人员学习记录.xlsx')}`, admin, undefined, await xlsx('人员学习记录', [STUDY_HEADER, ...study]));
  const courses = await xlsx('课程设置', [
    ['序号', '课程名称', '学时', '必修/选修', '考试类别'],
    [1, '行政执法基础知识', 2, '必修', '综合法律知识考试'],
    [2, '中华人民共和国行政处罚法', 2, '必修', '综合法律知识考试'],
    [3, '中华人民共和国行政许可法', 1.5, '必修', '综合法律知识考试'],
    [4, '行政执法案例分析', 1, '选修', '综合法律知识考试'],
  ]);
  await api('POST', `/admin/courses/import?fileName=${encodeURIComponent('课程设置.xlsx')}`, admin, undefined, courses);

  await step.syncStudyAccounts(flow);
  await step.homeShowsApproval(flow);
  await step.manageShowsStudyAccounts(flow);
  await step.menu(page, '人员查询');
  await expect(page.getByRole('cell', { name: '覃志强', exact: true })).toBeVisible();
  await shoot(page, 'clerk-query');
  await page.getByRole('row').filter({ hasText: '覃志强' }).getByRole('button', { name: '查看' }).click();
  const detail = page.getByRole('dialog', { name: /覃志强/ });
  await expect(detail.getByText('培训课程')).toBeVisible();
  await expect(detail.getByText('行政执法基础知识')).toBeVisible();
  await shoot(page, 'clerk-query-detail');
  await step.closeDrawer(detail);
  await step.menu(page, '人员记录');
  await expect(page.getByRole('cell', { name: '韦小宁' })).toBeVisible();
  await shoot(page, 'clerk-records');
  await page.getByRole('tab', { name: '培训达标（打印准考证）' }).click();
  await expect(page.getByTestId('eligibility-counts')).toBeVisible();
  await shoot(page, 'clerk-training');

  // 取证, with the scores and the 公告 date from the administrator; then 考试信息 shows the scores.
  await certificatesStep(page, { serverUrl: env.serverUrl, token: admin, people: PEOPLE, shot: () => shoot(page, 'clerk-certificates', { toast: true }) });
  await step.menu(page, '考试信息');
  await shoot(page, 'clerk-exams');
  await page.locator('.ant-table-row-expand-icon').first().click();
  await shoot(page, 'clerk-exam-windows');

  // The status bar as it is normally, then when the server cannot be reached.
  await shoot(page, 'clerk-status-bar', { part: page.getByTestId('status-bar') });
  // Out of reach without signing out: a proxy that answers nobody (another server address would end the sign-in).
  await step.menu(page, '同步设置');
  await page.getByRole('radio', { name: '指定代理' }).check();
  await page.getByLabel('代理地址').fill('http://127.0.0.1:9');
  await page.getByRole('button', { name: '保存连接设置' }).click();
  await expect(page.getByText('连接设置已保存。')).toBeVisible();
  await page.getByTestId('status-bar').getByRole('button', { name: /立即同步/ }).click();
  await expect(page.getByTestId('status-bar')).toContainText('连不上同步服务器', { timeout: 30_000 });
  await shoot(page, 'clerk-status-bar-offline', { part: page.getByTestId('status-bar') });
});
