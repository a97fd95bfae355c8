import type { Page } from '@playwright/test';

/**
 * Signs in to the reviewer console at `<serverUrl>/console/` as a person does: user name, password,
 * 登录. The caller waits for what it expects next (the queue, the administrator's menu, or the forced
 * password change). The button is matched with or without the space antd puts between two characters.
 */
export async function signInConsole(page: Page, serverUrl: string, who: { username: string; password: string }): Promise<void> {
  await page.goto(`${serverUrl}/console/`);
  await page.getByLabel('用户名').fill(who.username);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: /登\s?录/ }).click();
}
