import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startBackendChild } from '../e2e/backend-child.js';
import { adminToken, certificatesStep } from '../e2e/flow-certificates.js';
import { answerPath } from '../e2e/path-prompt.js';
import { templateColumns } from '../../src-shared/template.js';
import { idCheckChar } from '../../src-shared/rules/id-number.js';
import { shoot } from './shoot.js';

/**
 * The pictures of 执法单位（填报）使用说明 (docs/manual/clerk.md), in the manual's order: the clerk's whole
 * job on the real screens against the real sync server (test/e2e/start-flow.ts: one review level, 交费
 * on, one exam in 网络报名): sign-in with the first password change, 模板, 导入, fixing a wrong ID,
 * 照片导入 and 一键修正, 佐证资料, 交费, 提交, a return and 重新提交, approval, the study accounts, study
 * records and courses, 考试信息, 取证, and at last the status bar when the server cannot be reached.
 * The reviewer's and the administrator's parts are done at the server's API, as the console would.
 */
type Account = { username: string; password: string };
let env: { url: string; token: string; serverUrl: string; work: string; clerk: Account; reviewer: Account; admin: Account; exam: { id: number; name: string } };
let stopChild = () => {};

const id = (birth: string, seq: string) => {
  const first17 = `450103${birth}${seq}`;
  return first17 + idCheckChar(first17);
};
const PEOPLE = [
  { name: '韦小宁', idNumber: id('19880412', '031') },
  { name: '黄海燕', idNumber: id('19900718', '042') },
  { name: '覃志强', idNumber: id('19850203', '053') },
];
// 黄海燕's ID as mistyped: two digits swapped, so the check character no longer fits.
const right = PEOPLE[1]!.idNumber;
const TYPO = right.slice(0, 14) + right[15] + right[14] + right.slice(16);

test.beforeAll(async () => {
  const started = await startBackendChild<typeof env>('test/e2e/start-flow.ts', { TZ: 'Asia/Shanghai' });
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

async function api(method: string, route: string, token: string | undefined, body?: unknown, raw?: Buffer): Promise<unknown> {
  const res = await fetch(`${env.serverUrl}/api/v1${route}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(raw ? { 'content-type': 'application/octet-stream' } : body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(raw ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  expect(res.status, `${method} ${route}: ${text}`).toBe(200);
  return text ? JSON.parse(text) : undefined;
}

let reviewerToken = '';
async function reviewerDecides(pick: (p: { name: string }) => boolean, result: 'approved' | 'rejected', comment = ''): Promise<void> {
  if (!reviewerToken) {
    reviewerToken = ((await api('POST', '/auth/login', undefined, env.reviewer)) as { token: string }).token;
    await api('POST', '/auth/change-password', reviewerToken, { oldPassword: env.reviewer.password, newPassword: 'Reviewer2026ok' });
  }
  const pending = (await api('GET', '/review/pending', reviewerToken)) as { persons: Array<{ personId: number; version: number; name: string }> };
  const items = pending.persons.filter(pick).map((p) => ({ personId: p.personId, version: p.version }));
  await api('POST', '/review/decisions', reviewerToken, { items, result, comment });
}

async function fillTemplate(template: string, out: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(template);
  const ws = wb.worksheets[0]!;
  const col = new Map<string, number>();
  ws.getRow(2).eachCell((cell, n) => col.set(String(cell.value), n));
  const header = (key: string) => col.get(templateColumns('new').find((c) => c.key === key)!.header)!;
  PEOPLE.forEach((p, i) => {
    const row = ws.getRow(3 + i);
    const values: Record<string, string> = {
      county: '青秀区', name: p.name, agency: '南宁市青秀区市场监督管理局', idNumber: i === 1 ? TYPO : p.idNumber, ethnicity: '壮族',
      birthDate: `${p.idNumber.slice(6, 10)}-${p.idNumber.slice(10, 12)}-${p.idNumber.slice(12, 14)}`, political: '01', education: '大学本科',
      major: '法学', rankCode: '020201', isLawMajor: '是', hasLegalQualification: '否', posts: '01', examCategory: '综合法律知识考试',
    };
    row.getCell(1).value = i + 1;
    for (const [k, v] of Object.entries(values)) row.getCell(header(k)).value = v;
  });
  await wb.xlsx.writeFile(out);
}

async function portrait(width: number, height: number, shade: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#ff0000"/><ellipse cx="${width / 2}" cy="${height * 0.4}" rx="${width * 0.22}" ry="${height * 0.2}" fill="#f1c27d"/><rect x="${width * 0.2}" y="${height * 0.65}" width="${width * 0.6}" height="${height * 0.35}" fill="#${shade.toString(16).padStart(2, '0')}2b4a"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

async function xlsx(sheet: string, rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const menu = async (page: Page, name: string) => {
  await page.getByRole('menuitem', { name }).click();
  await expect(page.getByRole('menuitem', { name })).toHaveClass(/ant-menu-item-selected/);
};
async function closeDrawer(drawer: Locator) {
  await drawer.getByRole('button', { name: '关闭' }).click();
  await expect(drawer).toBeHidden();
}
const syncButton = (page: Page) => page.locator('button').filter({ hasText: /^同\s?步$/ });

test('执法单位（填报）使用说明的插图', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`${env.url}/#token=${env.token}`);
  await expect(page.getByRole('menuitem', { name: '首页' })).toBeVisible();

  // 登录: 同步设置 with the server's address, then the first sign-in and its password change.
  await menu(page, '同步设置');
  await page.getByLabel('服务器地址').fill(env.serverUrl);
  await page.getByRole('radio', { name: '不用代理' }).check();
  await page.getByRole('button', { name: '保存连接设置' }).click();
  await expect(page.getByText('连接设置已保存。')).toBeVisible();
  await page.getByLabel('用户名').fill(env.clerk.username);
  await page.getByLabel('密码', { exact: true }).fill(env.clerk.password);
  await shoot(page, 'clerk-sign-in');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByLabel('新密码', { exact: true })).toBeVisible();
  await shoot(page, 'clerk-first-password');
  await page.getByLabel('新密码', { exact: true }).fill('Qingxiu2026ok');
  await page.getByLabel('再次填写新密码').fill('Qingxiu2026ok');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('密码已修改。')).toBeVisible();
  await syncButton(page).click();
  await expect(page.getByText(/同步完成/)).toBeVisible();

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

  // 人员导入: 模板 ▾.
  await menu(page, '人员导入');
  await page.getByRole('button', { name: '模板' }).click();
  await expect(page.getByRole('menuitem', { name: '新报名人员模板' })).toBeVisible();
  await shoot(page, 'clerk-template-menu');
  const template = path.join(env.work, '采集表模板.xlsx');
  await page.getByRole('menuitem', { name: '新报名人员模板' }).click();
  await answerPath(page, template);
  await expect(page.getByText(/模板已保存到/)).toBeVisible();

  // 导入 the filled template.
  const filled = path.join(env.work, '青秀区市场监督管理局-采集表.xlsx');
  await fillTemplate(template, filled);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await expect(page.getByLabel('文件路径')).toBeVisible();
  await page.getByLabel('文件路径').fill(filled);
  await shoot(page, 'clerk-path-prompt');
  await answerPath(page, filled);
  await expect(page.getByText(/已导入批次 .*共 3 人，3 人有错误/)).toBeVisible();
  await expect(page.getByText('共有 3 条数据')).toBeVisible();
  await shoot(page, 'clerk-import', { toast: true });

  // The wrong ID in the form.
  await page.getByRole('cell', { name: '黄海燕' }).click();
  const drawer = page.getByRole('dialog', { name: /黄海燕/ });
  await expect(drawer.getByText(/校验码/).first()).toBeVisible();
  await shoot(page, 'clerk-person-form');
  await drawer.getByLabel('持证人身份证号码').fill(PEOPLE[1]!.idNumber);
  await expect(drawer.getByText(/校验码/)).toHaveCount(0);
  await drawer.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存，没有错误。')).toBeVisible();
  await closeDrawer(drawer);

  // 照片导入: one photo four times too big.
  const photos = path.join(env.work, '照片');
  fs.mkdirSync(photos);
  fs.writeFileSync(path.join(photos, `${PEOPLE[0]!.idNumber}.jpg`), await portrait(90, 120, 0x10));
  fs.writeFileSync(path.join(photos, `${PEOPLE[1]!.idNumber}.jpg`), await portrait(90, 120, 0x30));
  fs.writeFileSync(path.join(photos, `${PEOPLE[2]!.idNumber}.jpg`), await portrait(360, 480, 0x50));
  await page.getByRole('button', { name: '照片导入' }).click();
  await answerPath(page, photos);
  await expect(page.getByText(/新加照片 3 张.*其中 1 张不符合照片要求/)).toBeVisible();
  await shoot(page, 'clerk-photo-import');
  await page.getByRole('button', { name: '知道了' }).click();
  await page.getByRole('tab', { name: '问题清单' }).click();
  const findings = page.getByRole('tabpanel', { name: '问题清单' });
  await expect(findings.getByText(/照片尺寸|像素/).first()).toBeVisible();
  await shoot(page, 'clerk-findings');
  await findings.getByRole('row').filter({ hasText: '覃志强' }).getByRole('button', { name: '查看' }).click();
  const drawer3 = page.getByRole('dialog', { name: /覃志强/ });
  await expect(drawer3.getByTestId('photo-preview')).toBeVisible();
  await shoot(page, 'clerk-photo-problem');
  await drawer3.getByRole('button', { name: '一键修正' }).click();
  await expect(page.getByText(/照片已修正/)).toBeVisible();
  await expect(drawer3.getByText('照片符合要求。')).toBeVisible();
  await shoot(page, 'clerk-photo-fixed', { toast: true });
  await closeDrawer(drawer3);
  await expect(findings.getByText('没有错误，可以提交。')).toBeVisible();

  // 佐证资料.
  const pdf = path.join(env.work, '三定方案.pdf');
  fs.writeFileSync(pdf, Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'));
  await page.getByRole('button', { name: '佐证资料' }).click();
  await page.getByRole('button', { name: '添加文件' }).click();
  await answerPath(page, pdf);
  await expect(page.getByRole('cell', { name: '三定方案.pdf' })).toBeVisible();
  await shoot(page, 'clerk-evidence');
  await closeDrawer(page.getByRole('dialog', { name: '佐证资料' }));

  // 交费.
  const slip = path.join(env.work, '银行回单.pdf');
  fs.writeFileSync(slip, Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'));
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
  await shoot(page, 'clerk-payment');
  await pay.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(/交费信息已保存，提交批次时一起提交到司法局/)).toBeVisible();
  await expect(pay).toBeHidden();

  // 人员提交.
  await menu(page, '人员提交');
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page.getByRole('cell', { name: '已提交' })).toBeVisible({ timeout: 30_000 });
  await shoot(page, 'clerk-submit');

  // A return: the reviewer's comment arrives by 同步.
  await reviewerDecides((p) => p.name === '黄海燕', 'rejected', '照片不是近期照片，所学专业请写全称。');
  await menu(page, '同步设置');
  await syncButton(page).click();
  await expect(page.getByText(/退回 1 人/).first()).toBeVisible();
  await shoot(page, 'clerk-status-bar-news', { part: page.getByTestId('status-bar') });
  await menu(page, '人员退回');
  await expect(page.getByRole('cell', { name: '照片不是近期照片，所学专业请写全称。' })).toBeVisible();
  await shoot(page, 'clerk-returns');
  await page.getByRole('row').filter({ hasText: '黄海燕' }).getByRole('button', { name: '修改' }).click();
  const drawer2 = page.getByRole('dialog', { name: /黄海燕/ });
  await expect(drawer2.getByText('审核记录')).toBeVisible();
  await drawer2.getByLabel('最高学历专业').fill('法学（行政法方向）');
  await drawer2.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(/已保存，没有错误。改完后点“重新提交”/)).toBeVisible();
  await shoot(page, 'clerk-return-edit');
  await drawer2.getByRole('button', { name: '重新提交' }).click();
  await expect(page.locator('.ant-popconfirm')).toBeVisible();
  await shoot(page, 'clerk-resubmit-confirm');
  await page.locator('.ant-popconfirm').getByRole('button', { name: '重新提交' }).click();
  await expect(page.getByText(/已重新提交，已加入待提交队列/)).toBeVisible();
  await closeDrawer(drawer2);
  await expect
    .poll(async () => ((await api('GET', '/review/pending', reviewerToken)) as { persons: Array<{ name: string; version: number }> }).persons.find((p) => p.name === '黄海燕')?.version ?? 0, { timeout: 30_000 })
    .toBe(2);

  // Approved and paid: the study accounts come.
  await reviewerDecides(() => true, 'approved');
  const batches = (await api('GET', '/review/batches', reviewerToken)) as { batches: Array<{ batchId: string }> };
  await api('POST', `/review/batches/${batches.batches[0]!.batchId}/payment`, reviewerToken, { paid: true });

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

  await menu(page, '同步设置');
  await expect(syncButton(page)).toBeEnabled({ timeout: 60_000 });
  await syncButton(page).click();
  await expect(page.getByText(/已交费，已开通网络培训 3 人/).first()).toBeVisible({ timeout: 30_000 });
  // Taken now, not at the first sign-in: the header names the unit only once another page was opened.
  await shoot(page, 'clerk-settings', { top: true });

  await menu(page, '首页');
  await expect(page.getByTestId('home-news')).toContainText('已交费，已开通网络培训 3 人');
  await shoot(page, 'clerk-home');
  // 知道了: the news is read, so the later pictures' status bars show the usual items only.
  await page.getByTestId('home-news').getByRole('button', { name: /知道了/ }).click();
  await expect(page.getByTestId('home-news')).toBeHidden();
  await menu(page, '人员管理');
  await expect(page.getByText('共有 3 条数据')).toBeVisible();
  await shoot(page, 'clerk-manage');
  await menu(page, '人员查询');
  await expect(page.getByRole('cell', { name: '覃志强', exact: true })).toBeVisible();
  await shoot(page, 'clerk-query');
  await page.getByRole('row').filter({ hasText: '覃志强' }).getByRole('button', { name: '查看' }).click();
  const detail = page.getByRole('dialog', { name: /覃志强/ });
  await expect(detail.getByText('培训课程')).toBeVisible();
  await expect(detail.getByText('行政执法基础知识')).toBeVisible();
  await shoot(page, 'clerk-query-detail');
  await closeDrawer(detail);
  await menu(page, '人员记录');
  await expect(page.getByRole('cell', { name: '韦小宁' })).toBeVisible();
  await shoot(page, 'clerk-records');
  await page.getByRole('tab', { name: '培训达标（打印准考证）' }).click();
  await expect(page.getByTestId('eligibility-counts')).toBeVisible();
  await shoot(page, 'clerk-training');

  // 取证, with the scores and the 公告 date from the administrator; then 考试信息 shows the scores.
  await certificatesStep(page, { serverUrl: env.serverUrl, token: admin, people: PEOPLE, shot: () => shoot(page, 'clerk-certificates', { toast: true }) });
  await menu(page, '考试信息');
  await shoot(page, 'clerk-exams');
  await page.locator('.ant-table-row-expand-icon').first().click();
  await shoot(page, 'clerk-exam-windows');

  // The status bar as it is normally, then when the server cannot be reached.
  await shoot(page, 'clerk-status-bar', { part: page.getByTestId('status-bar') });
  // Out of reach without signing out: a proxy that answers nobody (another server address would end the sign-in).
  await menu(page, '同步设置');
  await page.getByRole('radio', { name: '指定代理' }).check();
  await page.getByLabel('代理地址').fill('http://127.0.0.1:9');
  await page.getByRole('button', { name: '保存连接设置' }).click();
  await expect(page.getByText('连接设置已保存。')).toBeVisible();
  await page.getByTestId('status-bar').getByRole('button', { name: /立即同步/ }).click();
  await expect(page.getByTestId('status-bar')).toContainText('连不上同步服务器', { timeout: 30_000 });
  await shoot(page, 'clerk-status-bar-offline', { part: page.getByTestId('status-bar') });
});
