import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startBackendChild } from './backend-child.js';
import { idCheckChar } from '../../src-shared/rules/id-number.js';

/**
 * The person form (issue 17) at 1366×768 in real Chromium, through the web bridge, against the real
 * sync server: 添加 with no batch chosen fills a valid person from drop-downs (searched by name and by
 * pinyin initials) and a typed date, without typing a single code, the unit pre-filled and a repaired
 * value shown before 保存; a person the reviewer returns with a two-part comment is edited — left
 * unsaved, then saved — and nothing goes out until 重新提交. Screenshots in test-results/screenshots.
 */
const shots = path.resolve('test-results/screenshots');
let stopChild = () => {};
let env: { url: string; token: string; serverUrl: string; work: string; clerk: { username: string; password: string }; reviewer: { username: string; password: string } };

// The second test works on the person the first one adds.
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const started = await startBackendChild<typeof env>('test/e2e/start-flow.ts');
  env = started.info;
  stopChild = started.stop;
});
test.afterAll(() => stopChild());

/** The desktop-api through the bridge, as the window calls it (for what is not this test's subject). */
async function desk<T>(method: string, input: unknown): Promise<T> {
  const res = await fetch(`${env.url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zfbm-token': env.token }, body: JSON.stringify(input ?? {}) });
  const r = (await res.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
}

type Pending = { persons: Array<{ personId: number; version: number; name: string }> };
let reviewerToken = '';
async function server<T>(method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${env.serverUrl}/api/v1${route}`, {
    method,
    headers: { ...(reviewerToken ? { authorization: `Bearer ${reviewerToken}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.status, route).toBeLessThan(300);
  return (await res.json()) as T;
}
async function signInReviewer() {
  const first = await server<{ token: string }>('POST', '/auth/login', { username: env.reviewer.username, password: env.reviewer.password });
  reviewerToken = first.token;
  await server('POST', '/auth/change-password', { oldPassword: env.reviewer.password, newPassword: 'Reviewer2026ok' });
}
const pendingVersion = async (name: string) => (await server<Pending>('GET', '/review/pending')).persons.find((p) => p.name === name)?.version ?? 0;

/** An 18-digit ID of Nanning's Qingxiu district whose check character is X (typed as a lower-case x). */
function idEndingInX(birth: string): string {
  for (let seq = 100; ; seq++) {
    const first17 = `450103${birth}${seq}`;
    if (idCheckChar(first17) === 'X') return `${first17}X`;
  }
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, name) });
}
/**
 * The options shown by the drop-down of one select box (not antd's hidden a11y copy of them, nor
 * another select's drop-down still fading out): its list is the one the box's aria-controls names.
 */
async function shownOptions(page: Page, box: Locator): Promise<Locator> {
  const list = await box.getAttribute('aria-controls');
  return page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${list}"]`) }).locator('.ant-select-item-option');
}
/** Picks an option of an antd Select by typing into it (when it searches), then clicking the option shown. */
async function choose(page: Page, drawer: Locator, label: string, typed: string, option: string) {
  const box = drawer.getByLabel(label, { exact: true });
  await box.click();
  if (typed) await box.fill(typed);
  await (await shownOptions(page, box)).getByText(option, { exact: true }).click();
}

test('添加 without a batch: a valid person from the drop-downs, no code typed', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Signed in (the unit's name comes from the account) and the server's tables pulled.
  await desk('sync.configure', { serverUrl: env.serverUrl, proxy: 'none' });
  await desk('sync.login', { username: env.clerk.username, password: env.clerk.password });
  await desk('sync.changePassword', { oldPassword: env.clerk.password, newPassword: 'Qingxiu2026ok' });
  await desk('sync.pull', {});

  await page.goto(`${env.url}/#token=${env.token}`);
  await page.getByRole('menuitem', { name: '人员导入' }).click();
  await expect(page.getByText(/还没有批次/)).toBeVisible();
  const add = page.getByRole('button', { name: '添加', exact: true });
  await expect(add).toBeEnabled();
  await add.click();
  const drawer = page.getByRole('dialog', { name: '添加人员' });
  await expect(drawer.getByText('没有选择批次：保存后会新建一个批次，此人放在其中。')).toBeVisible();
  // The clerk's own unit is there already.
  await expect(drawer.getByLabel('所属执法主体或受委托组织名称')).toHaveValue('青秀区市场监督管理局');
  await expect(drawer.getByLabel('县(市、区)')).toHaveValue('青秀区');

  const idNumber = idEndingInX('19880412');
  await drawer.getByLabel('持证人姓名').fill('陆小燕');
  // A lower-case x: the form says at once what will be saved.
  await drawer.getByLabel('持证人身份证号码').fill(idNumber.toLowerCase());
  await expect(drawer.getByTestId('will-save-idNumber')).toHaveText(`将保存为“${idNumber}”`);
  const gender = Number(idNumber[16]) % 2 === 1 ? '男' : '女';
  await choose(page, drawer, '性别', '', gender);
  await choose(page, drawer, '民族', '壮', '08 壮族');
  // 政治面貌 by pinyin initials: zgyb → 中共预备党员.
  await choose(page, drawer, '政治面貌', 'zgyb', '02 中共预备党员');
  await choose(page, drawer, '最高学历', '本科', '20 大学本科');
  await drawer.getByLabel('最高学历专业').fill('法学');
  await drawer.getByLabel('职级代码').fill('020201');
  await choose(page, drawer, '是否法学专业', '是', '是');
  await choose(page, drawer, '是否具有法律职业资格', '否', '否');
  await choose(page, drawer, '考试类别', 'zhfl', '01 综合法律知识考试');
  // 执法岗位 takes several: both, from the list.
  const posts = drawer.getByLabel('执法岗位', { exact: true });
  await posts.click();
  const open = await shownOptions(page, posts);
  await open.getByText('01 依职权开展的行政执法', { exact: true }).click();
  await open.getByText('02 依申请开展的行政执法', { exact: true }).click();
  await shot(page, '40-人员表单-下拉选择.png');
  await page.keyboard.press('Escape');
  // A date typed the way Excel users write it.
  const birth = drawer.getByLabel('出生日期', { exact: true });
  await birth.click();
  await birth.fill('1988/4/12');
  await page.keyboard.press('Enter');
  await expect(birth).toHaveValue('1988-04-12');
  await drawer.getByLabel('持证人姓名').click();
  await expect(page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)')).toHaveCount(0);

  await expect(drawer.locator('.ant-form-item-has-error')).toHaveCount(0);
  await shot(page, '41-人员表单-添加人员.png');
  await drawer.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存，没有错误。')).toBeVisible();
  const saved = page.getByRole('dialog', { name: /陆小燕/ });
  await expect(saved.getByLabel('持证人身份证号码')).toHaveValue(idNumber);
  await expect(saved.getByText('02 中共预备党员')).toBeVisible();

  // Stored as the template holds it: codes, names, YYYY-MM-DD.
  const batches = await desk<Array<{ id: string; name: string; unit: string; persons: number; invalid: number }>>('batches.list', {});
  expect(batches).toHaveLength(1);
  expect(batches[0]!).toMatchObject({ unit: '青秀区市场监督管理局', persons: 1, invalid: 1 /* no photo yet */ });
  const page1 = await desk<{ rows: Array<{ id: number }> }>('persons.query', { batchId: batches[0]!.id });
  const person = await desk<{ fields: Record<string, string>; errorCount: number }>('persons.get', { personId: page1.rows[0]!.id });
  expect(person.errorCount).toBe(0);
  expect(person.fields).toMatchObject({
    idNumber, ethnicity: '壮族', political: '02', education: '大学本科', isLawMajor: '是', hasLegalQualification: '否',
    posts: '01,02', examCategory: '综合法律知识考试', birthDate: '1988-04-12', gender, agency: '青秀区市场监督管理局',
  });

  // Closed, the new batch is the one shown.
  await saved.getByRole('button', { name: '关闭' }).click();
  await expect(page.getByRole('row').filter({ hasText: batches[0]!.name })).toHaveClass(/ant-table-row-selected/);
  await expect(page.getByText('共有 1 条数据')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a returned person: unsaved and saved edits stay here; 重新提交 sends them', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The person of the first test gets a photo; the batch goes to the server.
  const [batch] = await desk<Array<{ id: string }>>('batches.list', {});
  const { rows } = await desk<{ rows: Array<{ id: number }> }>('persons.query', { batchId: batch!.id });
  const personId = rows[0]!.id;
  const photo = path.join(env.work, 'photo.jpg');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="90" height="120"><rect width="100%" height="100%" fill="#ff0000"/><ellipse cx="45" cy="48" rx="20" ry="24" fill="#f1c27d"/><rect x="18" y="78" width="54" height="42" fill="#102b4a"/></svg>`;
  fs.writeFileSync(photo, await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer());
  await desk('photos.attach', { personId, file: photo });
  await desk('sync.submit', { batchId: batch!.id });
  await signInReviewer();
  await expect.poll(() => pendingVersion('陆小燕'), { timeout: 30_000 }).toBe(1);

  // The reviewer returns them with two requests in one comment.
  const pending = await server<Pending>('GET', '/review/pending');
  const item = pending.persons.find((p) => p.name === '陆小燕')!;
  await server('POST', '/review/decisions', { items: [{ personId: item.personId, version: item.version }], result: 'rejected', comment: '一、所学专业请写全称；二、出生日期请与户口本核对。' });
  await desk('sync.pull', {});

  await page.goto(`${env.url}/#token=${env.token}`);
  await page.getByRole('menuitem', { name: '人员退回' }).click();
  const row = page.getByRole('row').filter({ hasText: '陆小燕' });
  await expect(row.getByText('可重新提交')).toBeVisible();
  // 姓名 on one line at 1366 wide.
  const lines = await row.getByRole('cell', { name: '陆小燕' }).evaluate((td) => {
    const range = td.ownerDocument.createRange();
    range.selectNodeContents(td);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });
  expect(lines).toBe(1);
  await shot(page, '42-人员退回-重新提交.png');

  // Edited and left unsaved: closing asks, and nothing goes out.
  await row.getByRole('button', { name: '修改' }).click();
  const drawer = page.getByRole('dialog', { name: /陆小燕/ });
  const comment = drawer.getByTestId('review-comment');
  await expect(comment.locator('li')).toHaveText(['所学专业请写全称', '出生日期请与户口本核对']);
  await drawer.getByLabel('最高学历专业').fill('法学（行政法方向）');
  await expect(drawer.getByRole('button', { name: '重新提交' })).toBeDisabled();
  await shot(page, '43-人员表单-退回修改.png');
  await drawer.getByRole('button', { name: '关闭' }).click();
  await page.getByRole('button', { name: '不保存，关闭' }).click();
  await expect(drawer).toBeHidden();

  // Saved: still only here. The outbox stays empty and the server still has version 1 returned.
  await row.getByRole('button', { name: '修改' }).click();
  await expect(drawer.getByLabel('最高学历专业')).toHaveValue('法学');
  await drawer.getByLabel('最高学历专业').fill('法学（行政法方向）');
  await drawer.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(/已保存，没有错误。改完后点“重新提交”/)).toBeVisible();
  await page.waitForTimeout(2_000);
  expect((await desk<{ queue: unknown[] }>('sync.status', {})).queue).toEqual([]);
  expect(await pendingVersion('陆小燕')).toBe(0);

  // 重新提交, confirmed: version 2 reaches the reviewer; the person can no longer be edited.
  await drawer.getByRole('button', { name: '重新提交' }).click();
  const confirm = page.locator('.ant-popconfirm');
  await expect(confirm).toContainText('重新提交后，此人将再次进入审核，不能再修改。');
  await expect(confirm).toHaveCSS('opacity', '1'); // its opening animation done, for the screenshot
  await shot(page, '44-人员表单-重新提交确认.png');
  await confirm.getByRole('button', { name: '重新提交' }).click();
  await expect(page.getByText(/已重新提交/).first()).toBeVisible();
  await expect(drawer.getByText('此人已重新提交，等待审核，不能再修改。')).toBeVisible();
  await expect(drawer.getByRole('button', { name: '保存' })).toBeDisabled();
  await expect.poll(() => pendingVersion('陆小燕'), { timeout: 30_000 }).toBe(2);
  expect(errors).toEqual([]);
});
